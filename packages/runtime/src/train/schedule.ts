import type { LrSchedule } from "@vaec/compiler";

/*
 * The learning rate at each step: a pure function of (schedule, base lr, step, total steps), so a
 * resumed run recomputes exactly the rates the uninterrupted run used, with nothing to save in
 * the checkpoint. `step` is 0-based: the rate used by the step-th update.
 *
 * Warm-up: lr (step + 1) / warmup for the first `warmup` steps (PyTorch's LinearLR and the
 * "gradual warm-up" of Goyal et al. 2017), so the first update is small but not zero. After it:
 *   constant  lr
 *   cosine    minLr + (lr - minLr) (1 + cos(pi t / T)) / 2, t steps after the warm-up out of the
 *             T = total - warmup remaining (SGDR without restarts, Loshchilov and Hutter 2017);
 *             reaches minLr at the last step
 *   step      lr factor^floor(t / every)
 */
export function learningRateAt(
  schedule: LrSchedule,
  baseLr: number,
  step: number,
  totalSteps: number,
): number {
  if (step < schedule.warmup) return (baseLr * (step + 1)) / schedule.warmup;
  const t = step - schedule.warmup;
  switch (schedule.kind) {
    case "constant":
      return baseLr;
    case "cosine": {
      const span = totalSteps - schedule.warmup - 1;
      const progress = span <= 0 ? 1 : Math.min(1, t / span);
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
    case "step":
      return baseLr * schedule.factor ** Math.floor(t / schedule.every);
  }
}

/** One line for logs and reports: `cosine from 1e-3 to 1e-5 after a 500-step warm-up`. */
export function describeSchedule(schedule: LrSchedule, baseLr: number): string {
  const warm = schedule.warmup > 0 ? ` after a ${schedule.warmup}-step linear warm-up` : "";
  switch (schedule.kind) {
    case "constant":
      return `constant lr ${baseLr}${warm}`;
    case "cosine":
      return `cosine from lr ${baseLr} to ${schedule.minLr}${warm}`;
    case "step":
      return `lr ${baseLr} times ${schedule.factor} every ${schedule.every} steps${warm}`;
  }
}
