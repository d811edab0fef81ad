import { describe, expect, it } from "vitest";
import { format } from "prettier";
import { markdownTable } from "./markdown-table.js";

describe("markdown tables", () => {
  it("pads every column to its widest cell and escapes pipes, as prettier would", async () => {
    const table = markdownTable(
      ["model", "β = 1"],
      [
        ["BetaTcVae", "-138.2 [-139.1, -137.0]"],
        ["log p(x | z)", "1"],
      ],
    );
    expect(table.split("\n")[0]).toBe("| model         | β = 1                   |");
    expect(table).toContain("log p(x \\| z)");
    expect(await format(table, { parser: "markdown" })).toBe(`${table}\n`);
  });

  it("right-aligns where asked", async () => {
    const table = markdownTable(["a", "b"], [["x", "12"]], ["left", "right"]);
    expect(table).toBe("| a   |   b |\n| --- | --: |\n| x   |  12 |");
    expect(await format(table, { parser: "markdown" })).toBe(`${table}\n`);
  });
});
