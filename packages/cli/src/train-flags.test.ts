import { describe, expect, it } from "vitest";
import { typedCommand, withTrainFlags } from "./train-flags.js";

/* `--steps/--epochs/--seed/--data` become `--set train.*` values: the one path to the IR. */

describe("withTrainFlags", () => {
  it("turns each flag into its --set value", () => {
    expect(withTrainFlags({ beta: "4" }, { steps: "200", seed: "3", data: "mnist" })).toEqual({
      set: { beta: "4", "train.steps": "200", "train.seed": "3", "train.data": "mnist" },
    });
    expect(withTrainFlags({}, { epochs: "2" })).toEqual({ set: { "train.epochs": "2" } });
  });

  it("accepts a flag that agrees with a --set, and refuses one that does not", () => {
    expect(withTrainFlags({ "train.steps": "200" }, { steps: "200" })).toEqual({
      set: { "train.steps": "200" },
    });
    expect(withTrainFlags({ "train.seed": "1" }, { seed: "2" })).toEqual({
      error: "`--seed 2` and `--set train.seed=1` disagree; give one",
    });
  });

  it.each([
    [{ steps: "0" }, "`--steps` needs a whole number >= 1, got `0`"],
    [{ steps: "1.5" }, "`--steps` needs a whole number >= 1, got `1.5`"],
    [{ seed: "-1" }, "`--seed` needs a whole number >= 0, got `-1`"],
    [{ steps: "10", epochs: "1" }, "give `--epochs` or `--steps`, not both"],
  ])("refuses %j", (flags, error) => {
    expect(withTrainFlags({}, flags)).toEqual({ error });
  });

  it("names the built-in data sets --data takes", () => {
    const refused = withTrainFlags({}, { data: "cifar" });
    expect("error" in refused && refused.error).toMatch(/^`--data` takes sprites or mnist/);
  });
});

describe("typedCommand", () => {
  it("quotes what a shell would split", () => {
    expect(typedCommand(["train", "my.vae", "--set", 'train.data=npy("a b.npy")'])).toBe(
      `vaec train my.vae --set 'train.data=npy("a b.npy")'`,
    );
  });
});
