import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * vaec as a user gets it: every package built, packed with `npm pack` and installed from the
 * tarballs with `npm install` into an empty folder outside the repository (no workspace, no
 * tsx, no sources), then `vaec --version`, `vaec check`, `vaec explain`, a few training steps and
 * `prettier --plugin prettier-plugin-vae --check` run from that folder. The registry is reached
 * for the third-party dependencies (`--prefer-offline`: npm's cache first). Installing them is
 * most of this test's time; it prints how long each stage took.
 */

const root = join(import.meta.dirname, "..");
/** In build order: each after the packages it depends on. */
const PACKAGES = ["dsl", "compiler", "prettier-plugin-vae", "runtime", "cli"];
const work = mkdtempSync(join(tmpdir(), "vaec-install-"));
const packs = join(work, "packs");
const app = join(work, "app");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The environment for every command here, as a user's shell has it: without NODE_OPTIONS, which
 * tests/vaec-cli.ts sets to run our packages from source (an installed package has no src/), and
 * without the npm_* variables `npm test` sets for the repository (its package, its workspaces),
 * keeping only where npm's cache and registry are.
 */
const KEPT_NPM = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
const env: Record<string, string> = { NO_COLOR: "1", npm_config_update_notifier: "false" };
for (const [name, value] of Object.entries(process.env)) {
  const npm = /^npm_/i.test(name) && !KEPT_NPM.has(name.toLowerCase());
  if (value !== undefined && !npm && name !== "NODE_OPTIONS" && name !== "INIT_CWD") {
    env[name] = value;
  }
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function timed(label: string, step: () => Promise<Ran>): Promise<Ran> {
  const start = performance.now();
  const ran = await step();
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`install test: ${label} took ${seconds.toFixed(1)} s\n`);
  if (ran.code !== 0)
    throw new Error(`${label} failed (${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

const vaec = (...args: string[]) =>
  run(process.execPath, [join(app, "node_modules/.bin/vaec"), ...args], app);

interface Packed {
  name: string;
  filename: string;
  size: number;
  files: Array<{ path: string }>;
}
let packed: Packed[] = [];

beforeAll(async () => {
  // The build is incremental: after `npm install` (which runs it) this only checks it is current.
  for (const name of PACKAGES) {
    await timed(`build ${name}`, () =>
      run(process.execPath, ["scripts/build-package.mjs", `packages/${name}`], root),
    );
  }
  mkdirSync(packs);
  const workspaces = PACKAGES.flatMap((name) => ["-w", `packages/${name}`]);
  const pack = await timed("npm pack", () =>
    run("npm", ["pack", ...workspaces, "--pack-destination", packs, "--json"], root),
  );
  packed = JSON.parse(pack.stdout) as Packed[];
  for (const p of packed) {
    process.stdout.write(`install test: ${p.filename} ${(p.size / 1024).toFixed(0)} KiB\n`);
  }

  mkdirSync(app);
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const tarballs = packed.map((p) => join(packs, p.filename));
  await timed("npm install of the tarballs", () =>
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], app),
  );
  copyFileSync(join(root, "examples/seatbelt.vae"), join(app, "seatbelt.vae"));
}, 900_000);

describe("the packed packages", () => {
  it("are the five packages, each with its README, LICENSE and built files only", () => {
    expect(packed.map((p) => p.name).sort()).toEqual(
      ["@vaec/cli", "@vaec/compiler", "@vaec/dsl", "@vaec/runtime", "prettier-plugin-vae"].sort(),
    );
    for (const p of packed) {
      const paths = p.files.map((f) => f.path);
      expect(paths, p.name).toContain("README.md");
      expect(paths, p.name).toContain("LICENSE");
      expect(
        paths.filter((f) => f.startsWith("src/")),
        p.name,
      ).toEqual([]);
      // A locally built native addon (-march=native) must never ship.
      expect(
        paths.filter((f) => f.endsWith(".node") || f.endsWith(".tsbuildinfo")),
        p.name,
      ).toEqual([]);
      expect(
        paths.some((f) => f.endsWith(".d.ts")),
        p.name,
      ).toBe(true);
    }
  });

  it("install without tsx or any workspace link", () => {
    expect(existsSync(join(app, "node_modules/tsx"))).toBe(false);
    const vaecPackage = join(app, "node_modules/@vaec/cli/package.json");
    const installed = JSON.parse(readFileSync(vaecPackage, "utf8")) as { version: string };
    const source = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));
    expect(installed.version).toBe(source.version);
    expect(readdirSync(join(app, "node_modules/@vaec")).sort()).toEqual(
      ["cli", "compiler", "dsl", "runtime"].sort(),
    );
  });
});

describe("the installed vaec", () => {
  it("--version prints the package's version", async () => {
    const ran = await vaec("--version");
    expect(ran.code).toBe(0);
    const source = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));
    expect(ran.stdout.trim()).toBe(source.version);
  });

  it("check passes an example and reports a broken spec with its code", async () => {
    const ok = await vaec("check", "seatbelt.vae");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).toMatch(/no errors/);
    writeFileSync(join(app, "broken.vae"), "model M {\n  latent z : 4\n");
    const broken = await vaec("check", "broken.vae");
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/error\[VAE\d{3}\]/);
  });

  it("explain finds the diagnostics pages shipped in the package", async () => {
    const ran = await vaec("explain", "VAE011");
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^# VAE011/m);
  });

  it("trains a tiny spec for a few steps and writes its run", async () => {
    writeFileSync(
      join(app, "tiny.vae"),
      `model Tiny {
  data   x : binary[64, 64]
  latent z : 4

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  q(z | x) = Normal(mlp[32])
}

train { data = sprites, batch = 16, steps = 3, held_out = 64 }
`,
    );
    const ran = await vaec("train", "tiny.vae");
    expect(ran.code, ran.stderr).toBe(0);
    const runDir = ran.stdout
      .trim()
      .split("\n")
      .find((line) => line.startsWith("runs/"));
    expect(runDir, ran.stdout).toBeDefined();
    const metrics = readFileSync(join(app, runDir!, "metrics.jsonl"), "utf8");
    const steps = metrics
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { kind: string; loss?: number })
      .filter((r) => r.kind === "step");
    expect(steps).toHaveLength(3);
    for (const step of steps) expect(Number.isFinite(step.loss)).toBe(true);
  });

  it("prettier --plugin prettier-plugin-vae checks specs: canonical passes, unformatted fails", async () => {
    const prettier = join(app, "node_modules/.bin/prettier");
    const ok = await run(
      prettier,
      ["--plugin", "prettier-plugin-vae", "--check", "seatbelt.vae"],
      app,
    );
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(join(app, "messy.vae"), "model M{data x:binary[4,4]\nlatent z:2}\n");
    const messy = await run(
      prettier,
      ["--plugin", "prettier-plugin-vae", "--check", "messy.vae"],
      app,
    );
    expect(messy.code).toBe(1);
    expect(messy.stderr).toMatch(/messy\.vae/);
  });
});
