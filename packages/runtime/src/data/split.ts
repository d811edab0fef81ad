import { subsetDataset, type Dataset, type DatasetSplit } from "./dataset.js";
import { dataRandom, permutation } from "./shuffle.js";

/**
 * Splits `all` into held-out and training views from a seed: one seeded permutation of the
 * examples; its first `heldOut` entries are held out and the rest train. Both views keep the
 * permutation's order, so the first examples of the held-out view are a random sample (not,
 * say, all squares of the smallest scale, as the first sprites in index order would be).
 * The caller has checked 0 <= heldOut < all.size.
 */
export function splitDataset(all: Dataset, heldOut: number, seed: number): DatasetSplit {
  const order = permutation(all.size, dataRandom(seed, "split"));
  const heldOutIndices = order.slice(0, heldOut);
  const trainIndices = order.slice(heldOut);
  return {
    all,
    train: subsetDataset(all, trainIndices, "train"),
    heldOut: subsetDataset(all, heldOutIndices, "held-out"),
    trainIndices,
    heldOutIndices,
  };
}
