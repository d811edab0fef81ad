/*
 * The More-Thuente line search (More and Thuente 1994; MINPACK-2's dcsrch and dcstep, the search
 * L-BFGS-B uses), as a small state machine: `start` then `next(f, g)` with f = phi(stp) and
 * g = phi'(stp) at the step it proposed, until it reports convergence or a warning. It finds a
 * step satisfying the strong Wolfe conditions
 *   phi(stp) <= phi(0) + ftol stp phi'(0),   |phi'(stp)| <= gtol |phi'(0)|
 * inside [stpmin, stpmax], where L-BFGS-B passes stpmax = the largest feasible step.
 */

export type SearchState = "evaluate" | "converged" | "warning";

export interface LineSearchOptions {
  ftol: number;
  gtol: number;
  xtol: number;
  stpmin: number;
  stpmax: number;
}

const XTRAPL = 1.1;
const XTRAPU = 4.0;

export class MoreThuente {
  stp = 0;
  /** Why the search stopped with a warning (for the result's message). */
  message = "";
  private readonly options: LineSearchOptions;
  private brackt = false;
  private stage = 1;
  private finit = 0;
  private ginit = 0;
  private gtest = 0;
  private width = 0;
  private width1 = 0;
  private stx = 0;
  private fx = 0;
  private gx = 0;
  private sty = 0;
  private fy = 0;
  private gy = 0;
  private stmin = 0;
  private stmax = 0;

  constructor(options: LineSearchOptions) {
    this.options = { ...options };
  }

  /** Starts from phi(0) = f, phi'(0) = g < 0 with the first trial step `stp`. */
  start(f: number, g: number, stp: number): SearchState {
    const o = this.options;
    this.stp = Math.min(Math.max(stp, o.stpmin), o.stpmax);
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = o.ftol * g;
    this.width = o.stpmax - o.stpmin;
    this.width1 = this.width / 0.5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = this.stp + XTRAPU * this.stp;
    return "evaluate";
  }

  /** A trial step gave a non-finite value: retreat halfway towards the best step so far. */
  retreat(): SearchState {
    this.options.stpmax = this.stp;
    this.stp = this.stx + 0.5 * (this.stp - this.stx);
    if (this.stp <= this.options.stpmin || this.stp - this.stx <= 1e-20) {
      this.message = "non-finite objective along the search direction";
      this.stp = this.stx;
      return "warning";
    }
    return "evaluate";
  }

  next(f: number, g: number): SearchState {
    const o = this.options;
    const stp = this.stp;
    const ftest = this.finit + stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    if (this.brackt && (stp <= this.stmin || stp >= this.stmax)) {
      this.message = "rounding errors prevent progress";
      return "warning";
    }
    if (this.brackt && this.stmax - this.stmin <= o.xtol * this.stmax) {
      this.message = "xtol test satisfied";
      return "warning";
    }
    if (stp === o.stpmax && f <= ftest && g <= this.gtest) {
      this.message = "stp = stpmax";
      return "warning";
    }
    if (stp === o.stpmin && (f > ftest || g >= this.gtest)) {
      this.message = "stp = stpmin";
      return "warning";
    }
    if (f <= ftest && Math.abs(g) <= o.gtol * -this.ginit) return "converged";

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // The modified function psi(stp) = phi(stp) - phi(0) - ftol stp phi'(0) while in stage 1.
      const gtest = this.gtest;
      const s = {
        stx: this.stx,
        fx: this.fx - this.stx * gtest,
        gx: this.gx - gtest,
        sty: this.sty,
        fy: this.fy - this.sty * gtest,
        gy: this.gy - gtest,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f - stp * gtest, g - gtest, this.stmin, this.stmax);
      this.stx = s.stx;
      this.sty = s.sty;
      this.fx = s.fx + s.stx * gtest;
      this.fy = s.fy + s.sty * gtest;
      this.gx = s.gx + gtest;
      this.gy = s.gy + gtest;
      this.brackt = s.brackt;
      this.stp = s.stp;
    } else {
      const s = {
        stx: this.stx,
        fx: this.fx,
        gx: this.gx,
        sty: this.sty,
        fy: this.fy,
        gy: this.gy,
        stp,
        brackt: this.brackt,
      };
      dcstep(s, f, g, this.stmin, this.stmax);
      Object.assign(this, {
        stx: s.stx,
        fx: s.fx,
        gx: s.gx,
        sty: s.sty,
        fy: s.fy,
        gy: s.gy,
        brackt: s.brackt,
        stp: s.stp,
      });
    }

    if (this.brackt) {
      // Force a sufficient decrease in the size of the interval of uncertainty.
      if (Math.abs(this.sty - this.stx) >= 0.66 * this.width1) {
        this.stp = this.stx + 0.5 * (this.sty - this.stx);
      }
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, o.stpmin), o.stpmax);
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= o.xtol * this.stmax)
    ) {
      // Further progress is impossible: fall back to the best step found.
      this.stp = this.stx;
    }
    return "evaluate";
  }
}

interface StepState {
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 dcstep: a safeguarded cubic/quadratic step and the update of the bracketing interval. */
function dcstep(s: StepState, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, gx: dx, sty, fy, gy: dy, stp } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // Case 1: higher function value; the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // Case 2: lower function value and derivatives of opposite sign; bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same-sign derivatives, and the derivative's magnitude decreases.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const sc = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dx / sc) * (dp / sc)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
      else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else {
    // Case 4: lower value, same-sign derivatives, the derivative's magnitude does not decrease.
    if (s.brackt) {
      const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
      const sc = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
      let gamma = sc * Math.sqrt(Math.max(0, (theta / sc) ** 2 - (dy / sc) * (dp / sc)));
      if (stp > sty) gamma = -gamma;
      const p = gamma - dp + theta;
      const q = gamma - dp + gamma + dy;
      const r = p / q;
      stpf = stp + r * (sty - stp);
    } else {
      stpf = stp > stx ? stpmax : stpmin;
    }
  }
  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.gy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.gy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.gx = dp;
  }
  s.stp = stpf;
}
