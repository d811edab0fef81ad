import { readFileSync } from "node:fs";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { cstTypesSource } from "./cst-types-source.js";

describe("cst.ts", () => {
  it("is up to date with the grammar (run packages/dsl/scripts/generate-cst-types.ts)", async () => {
    const options = { parser: "typescript", printWidth: 100 } as const;
    const onDisk = readFileSync(new URL("./cst.ts", import.meta.url), "utf8");
    expect(await format(onDisk, options)).toBe(await format(cstTypesSource(), options));
  });
});
