import { describe, expect, it } from "vitest";
import { hasErrors } from "./index.js";

describe("hasErrors", () => {
  it("is false for warnings only", () => {
    expect(hasErrors([])).toBe(false);
  });
});
