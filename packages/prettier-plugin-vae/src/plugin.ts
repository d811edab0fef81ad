import type { Plugin, Printer, SupportLanguage, SupportOptions } from "prettier";
import { canAttachComment, getVisitorKeys, handleComments, printComment } from "./comments.js";
import { vaeParser, type VaeAst } from "./parser.js";
import { printVae } from "./print.js";

/*
 * prettier-plugin-vae: `prettier --write spec.vae` and `vaec fmt` print .vae specs in one
 * canonical layout. The parser is the real @vaec/dsl parser; the printer builds prettier docs.
 */

export const languages: SupportLanguage[] = [
  {
    name: "vae",
    parsers: ["vae"],
    extensions: [".vae"],
    vscodeLanguageIds: ["vae"],
    linguistLanguageId: undefined,
  },
];

export const parsers: Plugin["parsers"] = { vae: vaeParser };

const vaePrinter: Printer<VaeAst> = {
  print: printVae,
  printComment,
  canAttachComment,
  // `#` comments run to the end of the line: none is a block comment.
  isBlockComment: () => false,
  getVisitorKeys,
  handleComments,
};

export const printers: Plugin["printers"] = { "vae-ast": vaePrinter };

export const options: SupportOptions = {
  vaeAlign: {
    type: "boolean",
    category: "Vae",
    default: true,
    description: "Align `=` across consecutive factors and params, and `:` across declarations.",
  },
};

/** Specs are narrow and deeply nested rarely: 100 columns keeps a factor and its network on one line. */
export const defaultOptions = { printWidth: 100, tabWidth: 2 };

const plugin: Plugin = { languages, parsers, printers, options, defaultOptions };
export default plugin;
