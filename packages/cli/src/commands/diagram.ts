import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname } from "node:path";
import { Option, type Command } from "commander";
import { Resvg } from "@resvg/resvg-js";
import { diagramToDot, renderDiagramSvg } from "@vaec/compiler";
import { ExitCode } from "../exit-code.js";
import { compileFile } from "./compile.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";

type Format = "dot" | "svg" | "png";

interface DiagramOptions {
  json?: boolean;
  output?: string;
  format?: Format;
  set: string[];
  scale: string;
}

export function register(program: Command): void {
  program
    .command("diagram")
    .summary("draw the plate diagram of a spec (generative p beside inference q)")
    .description(
      "Draw the model as the seed post does: the generative model p on the left, the\n" +
        "inference model q on the right, each in a plate of N data points. The observed\n" +
        "x is shaded; latents are plain circles, hatched when their total correlation\n" +
        "is penalised, stippled under a beta-VAE KL penalty, dashed with free bits;\n" +
        "arrows run from parent to child. A legend lists the marks used.\n\n" +
        "The format follows --format, else the extension of -o, else svg. Without -o,\n" +
        "an SVG or PNG is written into the current folder, named after the spec\n" +
        "(examples/a.vae -> ./a.svg), and DOT goes to standard output. Prints the path\n" +
        "written (or, with --json, `{ ok, command, result: { path, format } }`).\n\n" +
        "Examples:\n" +
        "  vaec diagram examples/seatbelt.vae              writes ./seatbelt.svg\n" +
        "  vaec diagram examples/seatbelt.vae -o fig.png   a PNG for a slide\n" +
        "  vaec diagram examples/tcdlgm.vae --format dot | dot -Tpdf > tcdlgm.pdf",
    )
    .argument("<file>", "the .vae spec")
    .option("-o, --output <path>", "where to write (`-` for standard output; not for png)")
    .addOption(new Option("--format <format>", "output format").choices(["dot", "svg", "png"]))
    .option(
      "--set <name=value>",
      "override a param (beta=4) or a setting (train.batch=64); repeatable",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option("--scale <factor>", "PNG pixels per SVG point", "2")
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (file: string, options: DiagramOptions) => {
      process.exitCode = await withJsonOutput("diagram", options.json, () =>
        runDiagram(file, options),
      );
    });
}

async function runDiagram(file: string, options: DiagramOptions): Promise<number> {
  const format = options.format ?? formatFromPath(options.output) ?? "svg";
  // Under --json stdout holds the document, so DOT goes to a file like the other formats.
  const toStdout = format === "dot" && !options.json;
  const output = options.output ?? (toStdout ? "-" : defaultOutput(file, format));
  if (output === "-" && options.json) {
    process.stderr.write(
      "error: with --json standard output holds the JSON document\nhelp: name a file with `-o`\n",
    );
    return ExitCode.Usage;
  }
  if (format === "png" && output === "-") {
    process.stderr.write(
      "error: a PNG cannot go to standard output\nhelp: name a file with `-o diagram.png`\n",
    );
    return ExitCode.Usage;
  }
  const scale = Number(options.scale);
  if (!(scale > 0 && scale <= 16)) {
    process.stderr.write(`error: \`--scale ${options.scale}\` is not a number in (0, 16]\n`);
    return ExitCode.Usage;
  }
  const { compiled, code } = await compileFile(file, options.set);
  if (!compiled) return code;

  const body: string | Uint8Array =
    format === "dot"
      ? diagramToDot(compiled.ir)
      : format === "svg"
        ? await renderDiagramSvg(compiled.ir)
        : svgToPng(await renderDiagramSvg(compiled.ir), scale);
  if (output === "-") {
    process.stdout.write(body);
    return ExitCode.Ok;
  }
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, body);
  setJsonResult({ path: output, format });
  if (!jsonOutput()) process.stdout.write(`wrote ${output}\n`);
  return ExitCode.Ok;
}

/**
 * resvg draws the SVG patterns (the hatching) that Graphviz's own PNG output could not. It only
 * knows the fonts installed on this machine; Graphviz measured the text as Helvetica, and the
 * SVG lists metric-compatible fallbacks before the generic sans-serif.
 */
function svgToPng(svg: string, scale: number): Uint8Array {
  const image = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true },
  }).render();
  return image.asPng();
}

function formatFromPath(path: string | undefined): Format | undefined {
  const ext = path === undefined ? "" : extname(path).toLowerCase();
  if (ext === ".dot" || ext === ".gv") return "dot";
  if (ext === ".svg") return "svg";
  if (ext === ".png") return "png";
  return undefined;
}

/** Into the current folder, not next to the spec: the spec may sit in a folder that is not the
 * user's to write to (a shared examples/ folder, a read-only checkout). */
export function defaultOutput(file: string, format: Format): string {
  return `${basename(file, extname(file))}.${format}`;
}
