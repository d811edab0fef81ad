import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expandGrid } from "./expand-grid.js";
import { runPointPool, type RunningPool } from "./pool.js";
import type { StudyEvent } from "./study-events.js";

/*
 * The local pool when a point does not finish: its child process dies mid-training (VAE561), or
 * the study is stopped while the point trains (VAE562). Real children train a tiny model on
 * 16x16 sprites; the point is reported failed with its code, and the pool itself ends normally.
 * A child's backend warnings reach the study as notes (the library writes no stderr).
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-pool-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// The children run point-process.ts from source, as `vaec sweep` does from a checkout.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;
const fromSource = ["--conditions=@vaec/source", "--import", tsx];

// Loaded into a child before point-process.ts: it kills its own process with SIGKILL (as the
// kernel's out-of-memory killer would) when it reports the first training step done.
const dieAtFirstStep = `data:text/javascript,${encodeURIComponent(`
const send = process.send.bind(process);
process.send = (message, ...rest) => {
  const sent = send(message, ...rest);
  if (message.type === "progress" && message.progress.phase === "train" && message.progress.done > 0)
    process.kill(process.pid, "SIGKILL");
  return sent;
};`)}`;

function tinyPoint(name: string) {
  const file = path.join(work, `${name}.vae`);
  const text = `model ${name} {
  data   x : binary[16, 16]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
}
train { data = sprites, batch = 8, steps = 400, held_out = 64 }
attack { pairs = 1 }
`;
  fs.writeFileSync(file, text);
  const grid = expandGrid([{ file, text }], { out: path.join(work, "runs") });
  expect(grid.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return grid.points;
}

async function runPool(
  name: string,
  execArgv: string[],
  onTrainStep: (pool: RunningPool) => void = () => {},
) {
  const points = tinyPoint(name);
  const events: StudyEvent[] = [];
  let stepped = false;
  const pool: RunningPool = runPointPool(points, {
    jobs: 1,
    studyDir: path.join(work, `study-${name}`),
    backend: "cpu",
    execArgv,
    onEvent: (event) => {
      events.push(event);
      if (event.event === "progress" && event.phase === "train" && event.done > 0 && !stepped) {
        stepped = true;
        onTrainStep(pool);
      }
    },
  });
  const result = await pool.done;
  return { points, events, result };
}

describe("the local pool when a point does not finish", () => {
  it("VAE561: a child killed mid-point fails that point, naming the signal", async () => {
    const { points, result } = await runPool("Killed", [...fromSource, "--import", dieAtFirstStep]);
    expect(result.records).toEqual([]);
    expect(result.failed).toHaveLength(1);
    const [diagnostic] = result.failed[0].diagnostics;
    expect(diagnostic).toMatchObject({ code: "VAE561", severity: "error" });
    expect(diagnostic.message).toBe(`the process running ${points[0].label} was killed by SIGKILL`);
    expect(diagnostic.notes[0]).toContain(points[0].runDir);
  }, 120_000);

  it("VAE562: a point stopped while it trains is not attacked, and says where it stopped", async () => {
    const { points, events, result } = await runPool("Stopped", fromSource, (pool) => pool.stop());
    expect(result.records).toEqual([]);
    expect(result.failed).toHaveLength(1);
    const [diagnostic] = result.failed[0].diagnostics;
    expect(diagnostic).toMatchObject({ code: "VAE562", severity: "error" });
    expect(diagnostic.message).toMatch(
      new RegExp(`^${points[0].label} stopped at step \\d+ of 400 before it was attacked$`),
    );
    expect(events.some((e) => e.event === "progress" && e.phase === "attack")).toBe(false);
  }, 120_000);

  it("shows a child's backend warning (a malformed switch, VAE534) as a note of its point", async () => {
    process.env.VAEC_FUSED_TC = "maybe"; // the children inherit the environment
    try {
      const { points, events } = await runPool("Warned", fromSource, (pool) => pool.stop());
      const notes = events.filter((e) => e.event === "note");
      expect(notes).toContainEqual(
        expect.objectContaining({
          id: points[0].id,
          text: expect.stringMatching(/^warning\[VAE534\]: .*VAEC_FUSED_TC/),
        }),
      );
    } finally {
      delete process.env.VAEC_FUSED_TC;
    }
  }, 120_000);
});
