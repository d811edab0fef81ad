import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec, vaecBin } from "./vaec-cli.js";

/*
 * Hostile input from the command line (issue 11, reliability): each ends in a coded diagnostic
 * with a help line and exit 1, never VAE900 and never silence.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-reliability-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODEL = `model Vae {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])
}
`;

function spec(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe("deeply nested and very long expressions", () => {
  it("reports 400 nested parentheses as VAE019 with a help line, exit 1", async () => {
    const path = spec("nested.vae", `param beta = ${"(".repeat(400)}1${")".repeat(400)}\n${MODEL}`);
    const ran = await runVaec(work, "check", path);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error\[VAE019\]: expression nested more than 100 levels deep/);
    expect(ran.stderr).toMatch(/^help: /m);
    expect(ran.stderr).not.toContain("VAE900");
  });

  it("checks and formats a 7,000-term sum and 10,000 unary minuses", async () => {
    const sum = spec("sum.vae", `param beta = ${Array(7000).fill("1").join("+")}\n${MODEL}`);
    const signs = spec("signs.vae", `param beta = ${"-".repeat(10_000)}1\n${MODEL}`);
    const checked = await runVaec(work, "check", sum, signs);
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toContain("2 files checked: no errors");
    expect(checked.code).toBe(0);
    const formatted = await runVaec(work, "fmt", sum, signs);
    expect(formatted.code, formatted.stderr).toBe(0);
    expect(readFileSync(sum, "utf8")).toMatch(/^param beta = 1 \+ 1 \+ 1/);
    const rechecked = await runVaec(work, "check", sum, signs);
    expect(rechecked.code, rechecked.stderr).toBe(0);
  });
});

describe("check --format json at any size", () => {
  it("prints one JSON document with 100,000 diagnostics", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `param p${i} = 1 / 0`);
    const path = spec("many.vae", `${lines.join("\n")}\n${MODEL}`);
    // stdout to a file: the document is tens of megabytes.
    const out = join(work, "many.json");
    const fd = openSync(out, "w");
    const ran = spawnSync(process.execPath, [vaecBin, "check", path, "--format", "json"], {
      cwd: work,
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
    });
    closeSync(fd);
    expect(ran.status, ran.stderr).toBe(1);
    const document = JSON.parse(readFileSync(out, "utf8")) as {
      ok: boolean;
      diagnostics: Array<{ code: string }>;
    };
    expect(document.ok).toBe(false);
    expect(document.diagnostics).toHaveLength(100_000);
    expect(new Set(document.diagnostics.map((d) => d.code))).toEqual(new Set(["VAE119"]));
  }, 120_000);
});

/** A float32 .npy of `count` examples of 16 values in [0, 1]. */
function writeNpy(path: string, count: number): void {
  const values = Float32Array.from({ length: count * 16 }, (_, i) => (i % 7) / 7);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${count}, 16), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head.writeUInt8(1, 6);
  head.writeUInt8(0, 7);
  head.writeUInt16LE(header.length, 8);
  writeFileSync(
    path,
    Buffer.concat([head, Buffer.from(header, "latin1"), Buffer.from(values.buffer)]),
  );
}

describe("held-out examples for the attacks", () => {
  const tiny = `model Tiny {
  data   x : real[16] in [0, 1]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
}
`;

  it("refuses held_out = 1 with an attack block at check time (VAE218)", async () => {
    const path = spec(
      "held-one.vae",
      `${tiny}train { data = npy("tiny.npy"), held_out = 1 }\nattack { pairs = 2 }\n`,
    );
    const ran = await runVaec(work, "check", path);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error\[VAE218\]/);
    expect(ran.stderr).toMatch(/^help: /m);
  });

  it("stops the attack with VAE516 when the default split of tiny data holds out one example", async () => {
    const dir = mkdtempSync(join(work, "tiny-"));
    writeNpy(join(dir, "tiny.npy"), 12);
    const path = join(dir, "tiny.vae");
    writeFileSync(
      path,
      `${tiny}train { data = npy("tiny.npy"), steps = 2, batch = 4 }\n` +
        "attack { pairs = 2, lambda = [1], optimizer = lbfgsb(steps = 2) }\n",
    );
    const ran = await runVaec(dir, "attack", path);
    expect(ran.stderr).toContain(
      "error[VAE516]: the attacks need at least 2 held-out examples, but 1 of the 12 examples is held out",
    );
    expect(ran.stderr).toMatch(/^help: /m);
    expect(ran.stderr).not.toContain("VAE900");
    expect(ran.code).toBe(1);
  }, 120_000);
});

describe("data paths that are not files", () => {
  it("names a FIFO as a named pipe and returns at once instead of waiting on it (VAE517)", async () => {
    const dir = mkdtempSync(join(work, "fifo-"));
    execFileSync("mkfifo", [join(dir, "stream.npy")]);
    const path = join(dir, "pipe.vae");
    writeFileSync(
      path,
      "model Pipe {\n  data   x : real[16] in [0, 1]\n  latent z : 2\n  p(z)     = Normal(0, 1)\n" +
        "  p(x | z) = Bernoulli(mlp[8])\n  q(z | x) = Normal(mlp[8])\n}\n" +
        'train { data = npy("stream.npy"), steps = 1 }\n',
    );
    const ran = await runVaec(dir, "train", path);
    expect(ran.stderr).toContain(
      "error[VAE517]: data file `stream.npy` is a named pipe (FIFO), not a file",
    );
    expect(ran.stderr).toMatch(/^help: /m);
    expect(ran.code).toBe(1);
  }, 60_000);
});
