/*
 * Grey-level images ([rows * side * side] in [0, 1], row-major) drawn into a canvas, scaled up
 * with crisp pixels. `signed` maps [-1, 1] to blue-white-red, for a perturbation d.
 */

export function drawImage(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  side: number,
  offset = 0,
  signed = false,
): void {
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext("2d");
  if (!context) return;
  const image = context.createImageData(side, side);
  let scale = 1;
  if (signed) {
    let max = 1e-6;
    for (let i = 0; i < side * side; i++) max = Math.max(max, Math.abs(values[offset + i]));
    scale = 1 / max;
  }
  for (let i = 0; i < side * side; i++) {
    const v = values[offset + i];
    const p = i * 4;
    if (signed) {
      const s = Math.max(-1, Math.min(1, v * scale));
      image.data[p] = s > 0 ? 255 : Math.round(255 * (1 + s));
      image.data[p + 1] = Math.round(255 * (1 - Math.abs(s)));
      image.data[p + 2] = s < 0 ? 255 : Math.round(255 * (1 - s));
    } else {
      const g = Math.round(255 * Math.max(0, Math.min(1, v)));
      image.data[p] = image.data[p + 1] = image.data[p + 2] = g;
    }
    image.data[p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** A row of `count` images, each in its own captioned canvas, appended to `parent`. */
export function imageRow(
  parent: HTMLElement,
  values: ArrayLike<number>,
  side: number,
  count: number,
  caption?: string,
): void {
  const row = document.createElement("div");
  row.className = "image-row";
  if (caption) {
    const label = document.createElement("span");
    label.className = "image-row-caption";
    label.textContent = caption;
    row.append(label);
  }
  for (let i = 0; i < count; i++) {
    const canvas = document.createElement("canvas");
    drawImage(canvas, values, side, i * side * side);
    row.append(canvas);
  }
  parent.append(row);
}
