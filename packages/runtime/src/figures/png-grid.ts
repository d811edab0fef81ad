import { PNG } from "pngjs";

/*
 * Image grids as PNG: `rows` x `cols` cells, each one flat example (channels first, [H, W] or
 * [C, H, W]) with values in `range`, separated by a grey border and scaled up so small images
 * (MNIST, test fixtures) stay visible.
 */
export interface GridOptions {
  shape: number[];
  range: [number, number];
  rows: number;
  cols: number;
  /** Integer upscaling; default: enough to make each cell at least 64 pixels high. */
  scale?: number;
}

export function renderGrid(images: Float32Array[], options: GridOptions): Buffer {
  const [channels, height, width] =
    options.shape.length === 3 ? options.shape : [1, ...options.shape];
  const scale = options.scale ?? Math.max(1, Math.ceil(64 / height));
  const border = 2;
  const cellW = width * scale;
  const cellH = height * scale;
  const png = new PNG({
    width: options.cols * (cellW + border) + border,
    height: options.rows * (cellH + border) + border,
  });
  png.data.fill(128);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const [lo, hi] = options.range;
  const toByte = (v: number) =>
    Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1))));
  images.forEach((image, index) => {
    if (index >= options.rows * options.cols) return;
    const x0 = border + (index % options.cols) * (cellW + border);
    const y0 = border + Math.floor(index / options.cols) * (cellH + border);
    for (let y = 0; y < cellH; y++) {
      for (let x = 0; x < cellW; x++) {
        const pixel = Math.floor(y / scale) * width + Math.floor(x / scale);
        const offset = ((y0 + y) * png.width + (x0 + x)) * 4;
        for (let c = 0; c < 3; c++) {
          const channel = channels === 3 ? c : 0;
          png.data[offset + c] = toByte(image[channel * height * width + pixel]);
        }
      }
    }
  });
  return PNG.sync.write(png);
}
