import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { SPRITE_FACTOR_NAMES, spriteIndex } from "../data/sprite-factors.js";
import { spritesDataset } from "../data/sprites.js";
import { ladderIr } from "../model/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import {
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

  it("reads a blurred round blob as an ellipse, not as each sprite's own shape", () => {
    const dim = side * side;
    const blob = new Float32Array(indices.length * dim);
    for (let r = 0; r < indices.length; r++) {
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const d = Math.hypot(x + 0.5 - side / 2, y + 0.5 - side / 2) / side;
          blob[r * dim + y * side + x] = d < 0.12 ? 0.9 : 0.05;
        }
      }
    }
    const recognised = recogniseShapes(blob, sprites.labels!.get(indices), side);
    expect(new Set(recognised).size).toBe(1);
    const score = scoreRecognition(recognised, [1, 2, 3]);
    expect(score.accuracy).toBeCloseTo(1 / 3);
  });

  it("scores accuracy overall and per true shape", () => {
    const score = scoreRecognition(["square", "ellipse", "ellipse", "heart"], [1, 2, 3, 3]);
    expect(score.examples).toBe(4);
    expect(score.accuracy).toBeCloseTo(3 / 4);
    expect(score.perShape.heart).toEqual({ examples: 2, correct: 1 });
    expect(score.balancedAccuracy).toBeCloseTo((1 + 1 + 0.5) / 3);
  });

  it("applies only to data with the sprite generator's factors, and leaks no tensors", () => {
    expect(hasSpriteFactors(sprites)).toBe(true);
    expect(hasSpriteFactors({ ...sprites, labels: undefined })).toBe(false);
    expect(SPRITE_FACTOR_NAMES[1]).toBe("shape");
    const model = createModel(ladderIr({ shape: [side, side], layers: [3, 2] }), 1);
    const before = tf.memory().numTensors;
    const result = evaluateShapeRecognition(model, sprites, { limit: 30, batch: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result?.examples).toBe(30);
    disposeModel(model);
  });
});
