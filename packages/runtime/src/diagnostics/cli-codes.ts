import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of the command line (VAE580-VAE589); the format is @vaec/dsl's `CatalogueEntry`. */
export const CLI_CODES = defineCatalogue({
  VAE580: {
    title: "a spec named on the command line cannot be read",
    severity: "error",
    messages: {
      unreadableSpec: "cannot read spec `{path}`: {what}",
    },
    explanation: `\`vaec check\`, \`fmt\`, \`compile\`, \`explain\` and \`diagram\` read the \`.vae\` files named on the
command line. When a path cannot be read, the message says what it is instead: there is no such
file, it is a folder, or it may not be read (permission denied). The error counts like any other
in the summary (\`1 error in 1 of 2 files\`) and the exit status is 1; the other files are still
checked. A shell pattern that matches nothing (\`specs/*.vae\` in an empty folder) reaches vaec
unchanged, which the message notes.

No spec produces this code: it is about the path, not the file's contents.`,
    example: {
      shown: `\`\`\`
$ vaec check missing.vae examples
error[VAE580]: cannot read spec \`missing.vae\`: there is no such file
help: check the path (relative paths start from the current folder)

error[VAE580]: cannot read spec \`examples\`: it is a folder
help: give the specs in it, e.g. \`examples/*.vae\`
2 errors in 2 of 2 files
\`\`\``,
    },
    fix: `Name the spec files themselves, with a path relative to the folder \`vaec\` runs in (or an absolute
one): \`vaec check examples/*.vae\`.`,
  },
});
