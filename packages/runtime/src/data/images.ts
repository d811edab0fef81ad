import { closeSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import type { DataVariable, Diagnostic, Result } from "@vaec/compiler";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import {
  emptyFolder,
  imageTooLarge,
  unreadableImage,
  wrongPathKind,
  type DataSite,
} from "./data-diagnostics.js";
import { imageSize, MAX_IMAGE_PIXELS } from "./image-size.js";
import { openRegularFile, pathKind } from "./path-kind.js";
import { tableDataset, type Dataset } from "./dataset.js";
import { resizePlane } from "./resize.js";
import { checkValues, scanValues } from "./validate.js";

/*
 * A folder of PNG and JPEG images (pngjs and jpeg-js: pure JavaScript decoders, no native
 * build). The files ending in .png, .jpg or .jpeg directly inside the folder (or symbolic
 * links to such files, followed; anything else so named is reported, VAE517) are read in
 * code-unit order of their names (locale-independent, so every machine sees the same order),
 * each decoded, stretched to the target size (resize.ts), reduced to the spec's channels and
 * scaled to [0, 1]:
 * - 1 channel (`[H, W]` or `[1, H, W]`): luma 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), which
 *   is the grey level itself for grey images;
 * - 3 channels (`[3, H, W]`, channels first): R, G, B.
 * Alpha is ignored. Every image is decoded once, at load, so a broken file is reported before
 * training starts; the set is kept as 8-bit levels (a quarter of the memory of floats, and
 * within 1/510 of the resized value). When the spec says `binary`, a level becomes 1 when it is
 * >= 0.5 and 0 otherwise.
 */

const MAX_REPORTED = 10;

const IMAGE_FILE = /\.(png|jpe?g)$/i;

/** The image files of `dir` that can be read (symbolic links to files included), in name order. */
export function listImages(dir: string): string[] {
  return scanImageFolder(dir).names;
}

/**
 * The entries of `dir` named like images: the regular files, directly or through symbolic links
 * (followed; the operating system stops loops), and the problems of the rest (a FIFO, a device, a
 * looping or dangling link, a folder named `x.png`), which are reported, never read.
 */
export function scanImageFolder(dir: string): {
  names: string[];
  problems: Array<{ name: string; what: string }>;
} {
  const names: string[] = [];
  const problems: Array<{ name: string; what: string }> = [];
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => IMAGE_FILE.test(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.isFile()) {
      names.push(entry.name);
      continue;
    }
    const found = pathKind(join(dir, entry.name));
    if (found.kind === "file") names.push(entry.name);
    else if (found.kind === "folder") problems.push({ name: entry.name, what: "a folder" });
    else if (found.kind === "other") problems.push({ name: entry.name, what: found.what });
  }
  return { names, problems };
}

/** The whole of a regular file, opened so that it can never block (path-kind.ts). */
function readImageFile(path: string): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    const bytes = Buffer.alloc(size);
    for (let done = 0; done < size;) {
      const n = readSync(fd, bytes, done, size - done, done);
      if (n === 0) return bytes.subarray(0, done);
      done += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Buffer, name: string): Rgba {
  if (/\.png$/i.test(name)) return PNG.sync.read(bytes);
  return jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    tolerantDecoding: false,
    maxMemoryUsageInMB: 1024,
    // A second guard, for a frame header imageSize could not find.
    maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
  });
}

/** The decoder's complaint, in the diagnostics' voice (pngjs words a cut-off file obscurely). */
function decodeFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/read requests waitng on finished stream|unexpected end/i.test(message))
    return "the file ends before the image does (truncated?)";
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** The planes of an RGBA image for `channels` (1 or 3), each height x width in [0, 1]. */
function toPlanes(image: Rgba, channels: number): Float32Array[] {
  const n = image.width * image.height;
  const planes = Array.from({ length: channels }, () => new Float32Array(n));
  const d = image.data;
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [d[4 * p], d[4 * p + 1], d[4 * p + 2]];
    if (channels === 1) planes[0][p] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else [planes[0][p], planes[1][p], planes[2][p]] = [r / 255, g / 255, b / 255];
  }
  return planes;
}

/**
 * Loads the images of `dir` as examples of `channels` x height x width. The caller has checked
 * that the folder exists and that the spec's shape is channels x height x width.
 */
export function imagesDataset(
  dir: string,
  shownDir: string,
  what: string,
  channels: number,
  size: [number, number],
  data: DataVariable,
  site: DataSite,
): Result<Dataset> {
  const folder = scanImageFolder(dir);
  const names = folder.names;
  if (folder.problems.length > 0) {
    // Named, not skipped: a link made on purpose should not silently drop images.
    return {
      diagnostics: folder.problems
        .slice(0, MAX_REPORTED)
        .map((p) => wrongPathKind(site, join(shownDir, p.name), "file", p.what)),
    };
  }
  if (names.length === 0) return { diagnostics: [emptyFolder(site, shownDir)] };
  const [height, width] = size;
  const dim = channels * height * width;
  const levels = new Uint8Array(names.length * dim);
  const diagnostics: Diagnostic[] = [];
  let unreadable = 0;
  for (let k = 0; k < names.length; k++) {
    let image: Rgba;
    try {
      const bytes = readImageFile(join(dir, names[k]));
      // From the header, before the decoder allocates width x height x 4 bytes.
      const header = imageSize(bytes);
      if (header && header.width * header.height > MAX_IMAGE_PIXELS) {
        const { width: w, height: h } = header;
        const shown = join(shownDir, names[k]);
        if (++unreadable <= MAX_REPORTED)
          diagnostics.push(imageTooLarge(site, shown, w, h, MAX_IMAGE_PIXELS));
        continue;
      }
      image = decode(bytes, names[k]);
    } catch (e) {
      // Report the first few broken files, then count the rest: one bad batch job can leave thousands.
      if (++unreadable <= MAX_REPORTED) {
        diagnostics.push(unreadableImage(site, join(shownDir, names[k]), decodeFailure(e)));
      }
      continue;
    }
    toPlanes(image, channels).forEach((plane, c) => {
      const resized = resizePlane(plane, image.height, image.width, height, width);
      const offset = k * dim + c * height * width;
      for (let p = 0; p < resized.length; p++)
        levels[offset + p] = Math.round(Math.min(1, Math.max(0, resized[p])) * 255);
    });
  }
  if (unreadable > MAX_REPORTED) {
    diagnostics[MAX_REPORTED - 1].notes.push(
      `${unreadable - MAX_REPORTED} more images in \`${shownDir}\` cannot be read either`,
    );
  }
  if (diagnostics.length > 0) return { diagnostics };
  // Level q >= 128 exactly when the resized value v >= 0.5 (q = round(255 v)).
  const transform =
    data.kind === "binary" ? (q: number) => (q >= 128 ? 1 : 0) : (q: number) => q / 255;
  const problems = checkValues(scanValues(levels, transform), data, site, what);
  if (problems.length > 0) return { diagnostics: problems };
  return {
    result: tableDataset({
      name: `images(${shownDir})`,
      values: levels,
      count: names.length,
      shape: data.shape,
      kind: data.kind,
      range: data.range,
      transform,
    }),
    diagnostics: [],
  };
}
