import { describe, expect, it } from "vitest";
import { readNumber } from "./number.js";

describe("readNumber", () => {
  it.each([
    ["2", 2],
    ["1.5", 1.5],
    [".5", 0.5],
    ["1.", 1],
    ["1e-3", 1e-3],
    ["2.5E+4", 25000],
    ["1_000", 1000],
    ["1_000.000_1", 1000.0001],
    ["0x10", 16],
    ["0XfF", 255],
    ["0b101", 5],
    ["0o17", 15],
    ["0x_1", Number.NaN],
  ])("%s", (raw, value) => {
    const reading = readNumber(raw);
    if (Number.isNaN(value)) expect(reading.ok).toBe(false);
    else expect(reading).toEqual({ ok: true, value });
  });

  it.each([
    ["1e", "the exponent has no digits"],
    ["1__0", "`_` may only sit between two digits"],
    ["10_", "`_` may only sit between two digits"],
    ["1.2.3", "a number has at most one decimal point"],
    ["32z", "a number cannot run into letters (`z`)"],
    ["0x", "a hexadecimal number needs at least one digit"],
    ["0b12", "not a binary number"],
    ["1e999", "too large to be a number"],
  ])("rejects %s: %s", (raw, reason) => {
    expect(readNumber(raw)).toMatchObject({ ok: false, reason });
  });
});
