import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root, runVaec, vaecBin } from "./vaec-cli.js";

/*
 * What a new user meets first: `--version` and `--help` that load nothing heavy, a coded error
 * for a spec that is not there, and `--json` documents of one shape on every command
 * (docs/cli-json.md).
 */

const work = mkdtempSync(join(tmpdir(), "vaec-ux-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The module URLs Node resolves while running `vaec ...args` (a resolve hook records them). */
function modulesLoaded(...args: string[]): Promise<string[]> {
  const trace = join(work, `trace-${args.join("_").replace(/\W/g, "")}.txt`);
  const hooks = join(work, "trace-hooks.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(trace)}, resolved.url + "\\n");
  return resolved;
}
`,
  );
  const register = join(work, "trace-register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
  );
  writeFileSync(trace, "");
  return new Promise((done, fail) => {
    execFile(process.execPath, ["--import", register, vaecBin, ...args], { cwd: root }, (error) => {
      if (error) fail(error);
      else done(readFileSync(trace, "utf8").split("\n").filter(Boolean));
    });
  });
}

const HEAVY = [
  "@tensorflow",
  "chevrotain",
  "vega",
  "prettier/",
  "@hpcc-js",
  "@resvg",
  "packages/runtime",
  "packages/compiler",
];

describe("start-up", () => {
  it.each([["--version"], ["--help"]])(
    "`vaec %s` loads no tensor, parser or plot library",
    async (flag) => {
      const loaded = await modulesLoaded(flag);
      expect(loaded.some((url) => url.includes("packages/cli/src/main.ts"))).toBe(true);
      for (const heavy of HEAVY) {
        expect(loaded.filter((url) => url.includes(heavy))).toEqual([]);
      }
    },
  );

  it("`vaec --help` still lists every command with its summary", async () => {
    const ran = await runVaec(root, "--help");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("check [options] <files...>");
    expect(ran.stdout).toContain("eval [options] <run>");
    expect(ran.stdout).toContain("doctor [options]");
  });
});

describe("vaec check on paths that are not specs", () => {
  it("reports a missing file as VAE580 and counts it as an error", async () => {
    const ran = await runVaec(work, "check", "missing.vae");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      "error[VAE580]: cannot read spec `missing.vae`: there is no such file",
    );
    expect(ran.stderr).toContain("1 error in 1 of 1 file");
    expect(ran.stderr + ran.stdout).not.toContain("no errors");
    expect(ran.stderr).not.toContain("ENOENT");
  });

  it("says a folder is a folder, and how to name the specs in it", async () => {
    const ran = await runVaec(root, "check", "examples");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("cannot read spec `examples`: it is a folder");
    expect(ran.stderr).toContain("help: give the specs in it, e.g. `examples/*.vae`");
  });
});

interface JsonDocument {
  ok: boolean;
  command: string;
  result: unknown;
  diagnostics: Array<{ code: string; severity: string }>;
}

describe("--json: one document of one shape", () => {
  const json = async (...args: string[]) => {
    const ran = await runVaec(root, ...args);
    const document = JSON.parse(ran.stdout) as JsonDocument;
    expect(Object.keys(document)).toEqual(["ok", "command", "result", "diagnostics"]);
    return { ...ran, document };
  };

  it("check: per-file counts, and the diagnostics even on success", async () => {
    const { code, document } = await json("check", "examples/tcdlgm.vae", "missing.vae", "--json");
    expect(code).toBe(1);
    expect(document.ok).toBe(false);
    expect(document.command).toBe("check");
    expect(document.result).toEqual({
      files: [
        { path: "examples/tcdlgm.vae", read: true, errors: 0, warnings: 1 },
        { path: "missing.vae", read: false, errors: 1, warnings: 0 },
      ],
      errors: 1,
      warnings: 1,
    });
    expect(document.diagnostics.map((d) => d.code)).toEqual(["VAE404", "VAE580"]);
  });

  it("compile and explain: the summary and the explanation as results", async () => {
    const compiled = await json("compile", "examples/vae.vae", "-o", work, "--json");
    expect(compiled.document).toMatchObject({ ok: true, command: "compile", diagnostics: [] });
    expect(compiled.document.result).toMatchObject({
      name: "Vae",
      irPath: join(work, "Vae.ir.json"),
    });
    const explained = await json("explain", "VAE404", "--json");
    expect(explained.document.result).toEqual({
      code: "VAE404",
      text: readFileSync(join(root, "docs/diagnostics/VAE404.md"), "utf8"),
    });
  });

  it("fmt: each file's status, nothing else on stdout", async () => {
    const spec = join(work, "messy.vae");
    writeFileSync(
      spec,
      readFileSync(join(root, "examples/vae.vae"), "utf8").replace(/\n/, "\n\n\n"),
    );
    const { code, document } = await json("fmt", "--check", spec, "--json");
    expect(code).toBe(1);
    expect(document.result).toEqual({ files: [{ path: spec, status: "unformatted" }] });
  });

  it("a failing command still prints its document, with the error in it", async () => {
    const { code, document, stderr } = await json("explain", "missing.vae", "--json");
    expect(code).toBe(1);
    expect(document).toMatchObject({ ok: false, command: "explain", result: null });
    expect(document.diagnostics.map((d) => d.code)).toEqual(["VAE580"]);
    // Under --json the diagnostics are in the document, not also on stderr.
    expect(stderr).not.toContain("VAE580");
  });
});

describe("a tiny run end to end with --json", () => {
  // 16x16 sprites (any square of 8 px or more) and the default held-out split.
  const spec = join(work, "tiny.vae");
  writeFileSync(
    spec,
    `model Tiny {
  data   x : binary[16, 16]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
}
train { data = sprites, batch = 8, steps = 3 }
`,
  );

  it("train, eval and sample each print one document; progress goes to stderr", async () => {
    const trained = await runVaec(work, "train", spec, "--out", join(work, "runs"), "--json");
    expect(trained.code).toBe(0);
    const train = JSON.parse(trained.stdout) as JsonDocument & { result: { runDir: string } };
    expect(train).toMatchObject({ ok: true, command: "train", result: { step: 3 } });
    const runDir = train.result.runDir;

    const evaluated = await runVaec(work, "eval", runDir, "--json", "--limit", "40");
    const evaluation = JSON.parse(evaluated.stdout) as JsonDocument & {
      result: { examples: number; kl: Record<string, number> };
    };
    expect(evaluation.ok).toBe(true);
    expect(evaluation.result.examples).toBe(40);
    // Not a terminal: plain progress lines, the first saying what it waits for, the last done.
    expect(evaluated.stderr).toContain("eval 0/1 | loading the checkpoint and the held-out data");
    expect(evaluated.stderr).toMatch(/^eval 40\/40 .*held-out examples$/m);

    const sampled = await runVaec(work, "sample", runDir, "--json");
    const samples = JSON.parse(sampled.stdout) as JsonDocument & { result: { files: string[] } };
    expect(samples.result.files.map((f) => f.split("/").at(-1))).toEqual([
      "reconstructions.png",
      "samples.png",
      "traversal-z.png",
    ]);
    expect(sampled.stderr).toMatch(/^sample 3\/3 \| figures$/m);
  });
});
