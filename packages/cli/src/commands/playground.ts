import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { ExitCode } from "../exit-code.js";
import { writeDocument } from "../json-output.js";

/*
 * `vaec playground`: serves the teaching playground (packages/playground, a static web app) on
 * 127.0.0.1 and prints its URL. Everything runs in the browser; this server only hands out the
 * built files. In a checkout the app is built on first use (Vite, a development dependency);
 * `--rebuild` builds it again after the sources changed.
 */

/** packages/playground, from src/commands/ (source) and dist/commands/ (built) alike. */
const PLAYGROUND = fileURLToPath(new URL("../../../playground/", import.meta.url));
const APP = path.join(PLAYGROUND, "dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

interface PlaygroundFlags {
  port: string;
  rebuild?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("playground")
    .summary(
      "open the teaching playground: edit a spec, see its diagram and maths, train and attack it in a browser",
    )
    .description(
      "Serve the playground on 127.0.0.1 and print its URL. In the page: edit a .vae spec\n" +
        "with live diagnostics (hover one for its explanation), see the plate diagram and\n" +
        "the objectives as you type, train the model on sprites drawn in the page, attack\n" +
        "it with the three attacks, and share the spec as a link. Nothing leaves the\n" +
        "browser; stop the server with Ctrl-C.\n\n" +
        "Examples:\n" +
        "  vaec playground                 serves on http://127.0.0.1:5180/\n" +
        "  vaec playground --port 0        any free port\n\n" +
        "Prints the URL once the server listens; with --json, prints it as one JSON line,\n" +
        "`{ ok, command, result: { url }, diagnostics }` (docs/cli-json.md), and serves on.\n" +
        "`npm run build:playground` writes the same app as static files\n" +
        "(packages/playground/dist) for any web host.",
    )
    .option("--port <port>", "port on 127.0.0.1 (0: any free port)", "5180")
    .option("--rebuild", "build the app again before serving (after editing its sources)")
    .option("--json", "print the URL as one JSON line on stdout (docs/cli-json.md)")
    .action(async (flags: PlaygroundFlags) => {
      process.exitCode = await runPlayground(flags);
    });
}

async function runPlayground(flags: PlaygroundFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("error: `--port` needs a whole number from 0 to 65535\n");
    return ExitCode.Usage;
  }
  if (flags.rebuild || !fs.existsSync(path.join(APP, "index.html"))) {
    const built = await buildApp();
    if (built !== ExitCode.Ok) return built;
  }
  const server = http.createServer((request, response) => serveFile(request, response));
  const listening = await new Promise<number | Error>((resolve) => {
    server.once("error", (error) => resolve(error));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
  if (listening instanceof Error) {
    const busy = (listening as NodeJS.ErrnoException).code === "EADDRINUSE";
    process.stderr.write(
      busy
        ? `error: port ${port} on 127.0.0.1 is in use\n  help: pick another with \`--port\`, or \`--port 0\` for any free one\n`
        : `error: cannot serve on 127.0.0.1:${port}: ${listening.message}\n`,
    );
    return ExitCode.Usage;
  }
  const url = `http://127.0.0.1:${listening}/`;
  if (flags.json) {
    writeDocument({ ok: true, command: "playground", result: { url }, diagnostics: [] }, true);
  } else process.stdout.write(`vaec playground: ${url}\n`);
  process.stderr.write("open the URL in a browser; Ctrl-C stops the server\n");
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return ExitCode.Ok;
}

/** Builds the app with Vite (available in a checkout, where the playground's sources are). */
async function buildApp(): Promise<number> {
  const config = path.join(PLAYGROUND, "vite.config.ts");
  let vite: typeof import("vite");
  try {
    if (!fs.existsSync(config)) throw new Error("no sources");
    vite = await import("vite");
  } catch {
    process.stderr.write(
      `error: the playground is not built (${APP} has no index.html) and cannot be built here\n` +
        "  help: in a vaec checkout run `npm run build:playground`, or serve a built copy's folder with any static web server\n",
    );
    return ExitCode.Failure;
  }
  process.stderr.write("building the playground (first use; about 10 s)…\n");
  try {
    await vite.build({ configFile: config, logLevel: "warn" });
    return ExitCode.Ok;
  } catch (error) {
    process.stderr.write(
      `error: the playground build failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return ExitCode.Failure;
  }
}

function serveFile(request: http.IncomingMessage, response: http.ServerResponse): void {
  let relative: string;
  try {
    relative = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (relative.endsWith("/")) relative += "index.html";
  const file = path.join(APP, path.normalize(relative));
  // Never outside the app's folder, whatever the path says.
  if (!file.startsWith(APP + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  response.writeHead(200, {
    "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "cache-control": "no-cache",
  });
  fs.createReadStream(file).pipe(response);
}
