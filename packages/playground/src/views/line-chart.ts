/*
 * A small line chart on a canvas: one series per term (ELBO, KL per layer, TC), redrawn as
 * training steps arrive. A few hundred points need no charting library.
 */

export interface Series {
  name: string;
  values: number[];
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];

export function drawChart(canvas: HTMLCanvasElement, title: string, series: Series[]): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 320;
  const height = canvas.clientHeight || 160;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const c = canvas.getContext("2d");
  if (!c) return;
  c.setTransform(ratio, 0, 0, ratio, 0, 0);
  c.clearRect(0, 0, width, height);
  c.font = "11px system-ui, sans-serif";
  c.fillStyle = "#333";
  c.fillText(title, 6, 12);
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  if (all.length === 0) return;
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-9) ((lo -= 1), (hi += 1));
  const left = 48;
  const top = 20;
  const plotW = width - left - 8;
  const plotH = height - top - 18;
  const steps = Math.max(...series.map((s) => s.values.length));
  c.strokeStyle = "#ccc";
  c.strokeRect(left, top, plotW, plotH);
  c.fillStyle = "#555";
  c.fillText(hi.toPrecision(4), 2, top + 8);
  c.fillText(lo.toPrecision(4), 2, top + plotH);
  c.fillText(`step ${steps}`, left + plotW - 50, height - 4);
  series.forEach((s, k) => {
    c.strokeStyle = COLOURS[k % COLOURS.length];
    c.beginPath();
    s.values.forEach((v, i) => {
      const x = left + (steps <= 1 ? 0 : (i / (steps - 1)) * plotW);
      const y = top + (1 - (v - lo) / (hi - lo)) * plotH;
      if (i === 0) c.moveTo(x, y);
      else c.lineTo(x, y);
    });
    c.stroke();
    c.fillStyle = COLOURS[k % COLOURS.length];
    c.fillText(s.name, left + 6 + k * 64, height - 4);
  });
}
