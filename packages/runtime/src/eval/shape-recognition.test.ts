import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { SPRITE_FACTOR_NAMES, SPRITE_FACTOR_VALUES, spriteIndex } from "../data/sprite-factors.js";
import { spriteCentre } from "../data/sprite-render.js";
import { spritesDataset } from "../data/sprites.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import {
  blobbedShapesNote,
  evaluateShapeRecognition,
  hasSpriteFactors,
  recogniseShapes,
  scoreRecognition,
} from "./shape-recognition.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const side = 32;
const sprites = spritesDataset([side, side], side);
// color, shape, scale, orientation, posX, posY classes: one of each shape, large and centred.
const indices = [0, 1, 2].map((shape) => spriteIndex([0, shape, 5, 7, 16, 16]));

describe("shape recognition of reconstructions", () => {
  it("recognises each shape from a perfect reconstruction (the sprite itself)", () => {
    const images = sprites.get(indices);
    expect(recogniseShapes(images, sprites.labels!.get(indices), side)).toEqual([
      "square",
      "ellipse",
      "heart",
    ]);
  });

  it("reads a round blob drawn at each sprite's place as a blob, whatever its size", () => {
    const dim = side * side;
    const blob = new Float32Array(indices.length * dim);
    const [cx, cy] = spriteCentre(SPRITE_FACTOR_VALUES[4][16], SPRITE_FACTOR_VALUES[5][16]);
    [0.1, 0.12, 0.14].forEach((radius, r) => {
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const d = Math.hypot((x + 0.5) / side - cx, (y + 0.5) / side - cy);
          blob[r * dim + y * side + x] = d < radius ? 0.9 : 0.05;
        }
      }
    });
    const shown = recogniseShapes(blob, sprites.labels!.get(indices), side);
    expect(shown).toEqual(["blob", "blob", "blob"]);
    const score = scoreRecognition(shown, [1, 2, 3]);
    expect(score).toMatchObject({ accuracy: 0, balancedAccuracy: 0, blobs: 3 });
  });

  it("recognises a shape drawn at another scale and orientation from its outline", () => {
    const moved = spriteIndex([0, 2, 1, 20, 16, 16]);
    const images = sprites.get([moved]);
    const labels = sprites.labels!.get([moved]);
    // The labels say the sprite is a large heart at orientation 7; the picture shows a small one
    // at orientation 20. Only the outline decides.
    labels[2] = SPRITE_FACTOR_VALUES[2][5];
    labels[3] = SPRITE_FACTOR_VALUES[3][7];
    expect(recogniseShapes(images, labels, side)).toEqual(["heart"]);
  });

  it("scores accuracy overall and per true shape", () => {
    const score = scoreRecognition(["square", "ellipse", "blob", "heart"], [1, 2, 3, 3]);
    expect(score.examples).toBe(4);
    expect(score.blobs).toBe(1);
    expect(score.accuracy).toBeCloseTo(3 / 4);
    expect(score.perShape.heart).toEqual({ examples: 2, correct: 1 });
    expect(score.balancedAccuracy).toBeCloseTo((1 + 1 + 0.5) / 3);
  });

  it("applies only to data with the sprite generator's factors, and leaks no tensors", async () => {
    expect(hasSpriteFactors(sprites)).toBe(true);
    expect(hasSpriteFactors({ ...sprites, labels: undefined })).toBe(false);
    expect(SPRITE_FACTOR_NAMES[1]).toBe("shape");
    const model = createModel(ladderIr({ shape: [side, side], layers: [3, 2] }), 1);
    const before = tf.memory().numTensors;
    const result = await evaluateShapeRecognition(model, sprites, { limit: 30, batch: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result?.examples).toBe(30);
    disposeModel(model);
  });
});

describe("blobbedShapesNote", () => {
  const recognition = (square: number, ellipse: number) => ({
    examples: 30,
    blobs: 0,
    accuracy: 0,
    balancedAccuracy: 0,
    perShape: {
      square: { examples: 10, correct: square },
      ellipse: { examples: 10, correct: ellipse },
      heart: { examples: 10, correct: 9 },
    },
  });

  it("names the shapes drawn below chance, and says to train longer", () => {
    const note = blobbedShapesNote(recognition(0, 2));
    expect(note).toMatch(/^the squares and ellipses are drawn below chance/);
    expect(note).toContain("train longer");
  });

  it("says nothing when every shape is at chance or above", () => {
    expect(blobbedShapesNote(recognition(4, 4))).toBeNull();
  });
});
