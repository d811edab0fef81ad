import type { ModelIR } from "@vaec/compiler";
import { drawImage } from "../views/draw-images.js";
import type { TrainSession } from "../train/train-session.js";
import type { AttackPanel } from "./attack-pair.js";

/*
 * The Attack panel: a source and target sprite (typed, or a random pair), a lambda (a number, or
 * `grid` for a short grid from the spec's own, from which the paper's rule picks), and per attack
 * kind the paper's panel with Delta and log p(x_t | z*).
 */

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** At most this many lambdas from the spec's grid: each costs a full optimisation. */
const SHORT_GRID = 5;

export function shortGrid(lambdas: readonly number[], count = SHORT_GRID): number[] {
  if (lambdas.length <= count) return [...lambdas];
  return Array.from(
    { length: count },
    (_, i) => lambdas[Math.round((i * (lambdas.length - 1)) / (count - 1))],
  );
}

/** The penalties, so two runs of one model with different betas are told apart. */
function describePenalties(ir: ModelIR): string {
  const parts = ir.penalties.map((p) =>
    p.kind === "free-bits"
      ? `free bits(${p.latent}) ${p.lambda}`
      : `${p.kind}(${p.latent}) β = ${p.beta}`,
  );
  return parts.length ? `; ${parts.join(", ")}` : "";
}

const CAPTIONS: Array<[keyof AttackPanel["images"], string]> = [
  ["original", "original x"],
  ["target", "target x_t"],
  ["reconstruction", "reconstruction of x"],
  ["adversarial", "adversarial x + d"],
  ["distortion", "distortion d"],
  ["adversarialReconstruction", "adversarial reconstruction"],
];

export class AttackControls {
  constructor(
    private readonly session: () => TrainSession | undefined,
    private readonly currentIr: () => ModelIR | undefined,
  ) {
    byId("attack-run").onclick = () => void this.run();
    byId("attack-pin").onclick = () => this.pin();
    byId("attack-random").onclick = () => {
      const size = this.session()?.data.size ?? 737280;
      byId<HTMLInputElement>("attack-source").value = String(Math.floor(Math.random() * size));
      byId<HTMLInputElement>("attack-target").value = String(Math.floor(Math.random() * size));
    };
  }

  /** Called when training pauses or ends. */
  trained(session: TrainSession | undefined): void {
    if (session && session.step > 0) this.status(`Ready: the model trained ${session.step} steps.`);
  }

  private status(text: string): void {
    byId("attack-status").textContent = text;
  }

  private lambdas(ir: ModelIR): number[] | string {
    const text = byId<HTMLInputElement>("attack-lambda").value.trim();
    if (text === "" || text === "grid") return shortGrid(ir.attack.lambdas);
    const value = Number(text);
    return Number.isFinite(value) && value >= 0
      ? [value]
      : `λ must be a number >= 0 or "grid", not "${text}"`;
  }

  private async run(): Promise<void> {
    const session = this.session();
    if (!session || session.step === 0) return this.status("Train the model first.");
    if (session.isRunning) session.pause();
    const ir = session.ir;
    const lambdas = this.lambdas(ir);
    if (typeof lambdas === "string") return this.status(lambdas);
    const index = (id: string) => Math.floor(Number(byId<HTMLInputElement>(id).value));
    const source = index("attack-source");
    const target = index("attack-target");
    const size = session.data.size;
    if (![source, target].every((i) => Number.isInteger(i) && i >= 0 && i < size)) {
      return this.status(`source and target are sprite numbers from 0 to ${size - 1}`);
    }
    const steps = Math.max(1, index("attack-steps") || 20);
    const button = byId<HTMLButtonElement>("attack-run");
    button.disabled = true;
    this.status(`Attacking with ${ir.attack.kinds.join(", ")} at λ ∈ {${lambdas.join(", ")}}…`);
    const started = performance.now();
    try {
      const { attackPair } = await import("./attack-pair.js");
      const panels = await attackPair(session.model, ir, session.data, {
        source,
        target,
        lambdas,
        steps,
      });
      const title = `${ir.name} (${ir.family.name}${describePenalties(ir)}), trained ${session.step} steps: sprite ${source} → ${target}`;
      this.render(panels, session.side, title);
      byId<HTMLButtonElement>("attack-pin").disabled = false;
      const note =
        this.currentIr()?.hash !== ir.hash ? " (on the trained spec, not the edited one)" : "";
      this.status(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s${note}.`);
    } catch (error) {
      this.status(`The attack failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      button.disabled = false;
    }
  }

  /**
   * Keeps the current panels beside the next run's (train another spec, attack the same pair):
   * a copy of the DOM, with each canvas's pixels copied too (cloning a canvas leaves it blank).
   */
  private pin(): void {
    const live = byId("attack-panels");
    const copy = live.cloneNode(true) as HTMLElement;
    const sources = live.querySelectorAll("canvas");
    copy.querySelectorAll("canvas").forEach((canvas, i) => {
      canvas.width = sources[i].width;
      canvas.height = sources[i].height;
      canvas.getContext("2d")?.drawImage(sources[i], 0, 0);
    });
    byId("attack-pinned").replaceChildren(...Array.from(copy.childNodes));
    this.status(
      "Pinned: train and attack another spec (or the same with other settings) to compare.",
    );
  }

  private render(panels: AttackPanel[], side: number, title: string): void {
    const parent = byId("attack-panels");
    parent.replaceChildren();
    const heading = document.createElement("h3");
    heading.className = "run-title";
    heading.textContent = title;
    parent.append(heading);
    for (const panel of panels) {
      const block = document.createElement("div");
      block.className = "attack-panel";
      block.dataset.kind = panel.kind;
      const title = document.createElement("h3");
      const m = panel.metrics;
      title.textContent = `${panel.kind} attack: λ = ${panel.lambda}, Δ = ${m.delta.toFixed(3)}, log p(x_t | z*) = ${m.logLikelihoodTarget.toFixed(1)}, ‖d‖ = ${m.distortion.toFixed(2)}`;
      const row = document.createElement("div");
      row.className = "panel-images";
      for (const [key, caption] of CAPTIONS) {
        const figure = document.createElement("figure");
        const canvas = document.createElement("canvas");
        drawImage(canvas, panel.images[key], side, 0, key === "distortion");
        const label = document.createElement("figcaption");
        label.textContent = caption;
        figure.append(canvas, label);
        row.append(figure);
      }
      block.append(title, row);
      if (panel.curve.length > 1) {
        const curve = document.createElement("p");
        curve.className = "curve";
        curve.textContent = `Δ over λ: ${panel.curve.map((r) => `${r.lambda}: ${r.delta.toFixed(2)}`).join(", ")}`;
        block.append(curve);
      }
      parent.append(block);
    }
  }
}
