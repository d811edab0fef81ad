import type { ModelIR } from "@vaec/compiler";
import { drawChart } from "../views/line-chart.js";
import { imageRow } from "../views/draw-images.js";
import type { TrainSession, TrainProgress } from "./train-session.js";

/** TensorFlow.js and the runtime core load on the first Start, not with the page. */
const loadTraining = () =>
  Promise.all([import("./choose-backend.js"), import("./train-session.js")]);

/*
 * The Train panel: start, pause and reset a TrainSession on the last spec that compiled, with
 * live curves (ELBO, KL per layer, TC) and the reconstructions and prior samples redrawn about
 * once a second. A spec edited while a model exists waits for Reset, so a half-trained model is
 * never silently thrown away.
 */

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const PICTURES = 8;

export class TrainPanel {
  session: TrainSession | undefined;
  private spec: { ir: ModelIR; side: number | string } | undefined;
  private history: Record<string, number[]> = {};
  private backend: Promise<string> | undefined;
  private lastPictures = 0;

  constructor(
    private readonly backendLabel: HTMLElement,
    private readonly onTrained: () => void,
  ) {
    byId("train-start").onclick = () => void this.start();
    byId("train-pause").onclick = () => this.session?.pause();
    byId("train-reset").onclick = () => this.reset();
  }

  setSpec(ir: ModelIR, side: number | string): void {
    this.spec = { ir, side };
    if (!this.session) this.status(typeof side === "string" ? side : "Ready to train.");
    else if (this.session.ir.hash !== ir.hash) this.status("The spec changed: Reset to train it.");
  }

  private status(text: string): void {
    byId("train-status").textContent = text;
  }

  private async start(): Promise<void> {
    if (this.session?.isRunning) return;
    if (!this.session) {
      if (!this.spec) return this.status("The spec has errors: fix them to train it.");
      if (typeof this.spec.side === "string") return this.status(this.spec.side);
      this.status("Starting TensorFlow.js…");
      // No second Start while the first one loads.
      byId<HTMLButtonElement>("train-start").disabled = true;
      let TrainSessionClass: typeof TrainSession;
      try {
        const [{ chooseBackend }, training] = await loadTraining();
        TrainSessionClass = training.TrainSession;
        this.backend ??= chooseBackend(new URLSearchParams(location.search).get("backend"));
        this.backendLabel.textContent = `tfjs backend: ${await this.backend}`;
      } catch (error) {
        this.buttons(false);
        return this.status(error instanceof Error ? error.message : String(error));
      }
      const steps = Math.max(1, Number(byId<HTMLInputElement>("train-steps").value) || 300);
      const batch = Math.max(2, Number(byId<HTMLInputElement>("train-batch").value) || 32);
      this.session = new TrainSessionClass(this.spec.ir, this.spec.side, steps, batch);
      this.history = {};
    } else {
      this.session.totalSteps = Math.max(
        this.session.step + 1,
        Number(byId<HTMLInputElement>("train-steps").value) || this.session.totalSteps,
      );
    }
    const session = this.session;
    this.buttons(true);
    try {
      await session.run((progress) => this.progress(progress));
      await this.drawPictures();
      this.status(
        `${session.step < session.totalSteps ? "Paused" : "Done"} at step ${session.step} of ${session.totalSteps}: ELBO ${this.latest("elbo")}`,
      );
      this.onTrained();
    } catch (error) {
      console.error(error);
      session.pause();
      this.status(`Training stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.buttons(false);
    }
  }

  private latest(name: string): string {
    const values = this.history[name];
    return values?.length ? values[values.length - 1].toFixed(2) : "-";
  }

  private buttons(running: boolean): void {
    byId<HTMLButtonElement>("train-start").disabled = running;
    byId<HTMLButtonElement>("train-pause").disabled = !running;
    byId<HTMLButtonElement>("attack-run").disabled = running || !this.session?.step;
  }

  private progress(progress: TrainProgress): void {
    for (const terms of progress.steps) {
      for (const [name, value] of Object.entries(terms)) (this.history[name] ??= []).push(value);
    }
    this.status(
      `step ${progress.step} / ${progress.totalSteps}, ${progress.stepsPerSecond.toFixed(1)} steps/s, ELBO ${this.latest("elbo")}`,
    );
    // The curve's ELBO, for whoever reads the page (the browser test checks that it rises).
    byId("train").dataset.elbo = JSON.stringify(this.history.elbo ?? []);
    this.drawCharts();
    if (performance.now() - this.lastPictures > 1000) void this.drawPictures();
  }

  private drawCharts(): void {
    const series = (prefix: string) =>
      Object.entries(this.history)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, values]) => ({ name, values }));
    drawChart(byId("chart-elbo"), "ELBO (nats per image, higher is better)", series("elbo"));
    drawChart(byId("chart-kl"), "KL per latent layer", series("kl."));
    const tc = series("tc.");
    drawChart(
      byId("chart-tc"),
      tc.length ? "total correlation (estimate)" : "TC: no tc penalty in this spec",
      tc,
    );
  }

  private async drawPictures(): Promise<void> {
    const session = this.session;
    if (!session || session.step === 0) return;
    this.lastPictures = performance.now();
    const { inputs, recons, samples } = await session.pictures(PICTURES);
    const parent = byId("pictures");
    parent.replaceChildren();
    imageRow(parent, inputs, session.side, PICTURES, "sprites");
    imageRow(parent, recons, session.side, PICTURES, "reconstructions");
    imageRow(parent, samples, session.side, PICTURES, "prior samples");
  }

  private reset(): void {
    this.session?.dispose();
    this.session = undefined;
    this.history = {};
    this.drawCharts();
    byId("pictures").replaceChildren();
    byId("attack-panels").replaceChildren();
    delete byId("train").dataset.elbo;
    this.buttons(false);
    if (this.spec) this.setSpec(this.spec.ir, this.spec.side);
  }
}
