/*
 * The data module: datasets as tensor-free Float32Array batches (README.md says what each source
 * is and why each library).
 */
export type { Dataset, DatasetSplit, Labels } from "./dataset.js";
export { loadDataset, type LoadOptions } from "./load-dataset.js";
export {
  batches,
  batchStream,
  epochOrder,
  locateStep,
  stepsPerEpoch,
  type Batch,
} from "./batches.js";
export {
  SPRITE_COUNT,
  SPRITE_FACTOR_NAMES,
  SPRITE_FACTOR_SIZES,
  SPRITE_FACTOR_VALUES,
  spriteClasses,
  spriteFactors,
  spriteIndex,
  type SpriteFactors,
  type SpriteShape,
} from "./sprite-factors.js";
export { renderSprite } from "./sprite-render.js";
