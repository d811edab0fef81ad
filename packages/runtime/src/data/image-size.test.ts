import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { loadDataset } from "./load-dataset.js";
import { imageSize, MAX_IMAGE_PIXELS } from "./image-size.js";
import { dataVariable, tempDir } from "../../test-support/data-files.js";

/** A small real PNG whose IHDR (with a valid CRC) claims `width` x `height`: a decompression bomb's header. */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(PNG.sync.write(new PNG({ width: 2, height: 2 })));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A small real JPEG whose frame header claims `width` x `height`. */
function jpegClaiming(width: number, height: number): Buffer {
  const data = Buffer.alloc(8 * 8 * 4, 128);
  const bytes = Buffer.from(jpeg.encode({ data, width: 8, height: 8 }, 90).data);
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  bytes.writeUInt16BE(height, sof + 5);
  bytes.writeUInt16BE(width, sof + 7);
  return bytes;
}

describe("imageSize", () => {
  it("reads PNG and JPEG dimensions from the header", () => {
    expect(imageSize(PNG.sync.write(new PNG({ width: 7, height: 3 })))).toEqual({
      width: 7,
      height: 3,
    });
    const data = Buffer.alloc(16 * 4 * 4, 0);
    expect(imageSize(jpeg.encode({ data, width: 16, height: 4 }, 80).data)).toEqual({
      width: 16,
      height: 4,
    });
    expect(imageSize(pngClaiming(40_000, 40_000))).toEqual({ width: 40_000, height: 40_000 });
    expect(imageSize(Buffer.from("not an image"))).toBeUndefined();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});

describe("images larger than vaec decodes (VAE518)", () => {
  it("refuses a 40000 x 40000 PNG and a 9000 x 9000 JPEG from their headers, without decoding", () => {
    const root = tempDir();
    mkdirSync(join(root, "huge"));
    writeFileSync(join(root, "huge", "bomb.png"), pngClaiming(40_000, 40_000));
    writeFileSync(join(root, "huge", "wide.jpg"), jpegClaiming(9000, 9000));
    const loaded = loadDataset(
      { kind: "images", dir: "huge", size: [8, 8] },
      dataVariable("real", [8, 8]),
      { seed: 0, heldOut: 1, root },
    );
    expect(loaded.result).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "VAE518",
        "image `huge/bomb.png` is 40000 x 40000 pixels (1600 megapixels), more than the 25 megapixels vaec decodes",
      ],
      [
        "VAE518",
        "image `huge/wide.jpg` is 9000 x 9000 pixels (81 megapixels), more than the 25 megapixels vaec decodes",
      ],
    ]);
    expect(loaded.diagnostics[0].help).toMatch(/resize/);
    expect(MAX_IMAGE_PIXELS).toBe(25_000_000);
  });
});
