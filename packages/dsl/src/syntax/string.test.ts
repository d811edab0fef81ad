import { describe, expect, it } from "vitest";
import { readString } from "./string.js";

describe("readString", () => {
  it("reads escapes", () => {
    expect(readString(String.raw`"a\"b\\c\nd\te\rf\0g\u{1F600}\u00e9"`)).toEqual({
      value: 'a"b\\c\nd\te\rf\0g😀é',
      badEscapes: [],
    });
  });

  it("reports unknown escapes with their index", () => {
    expect(readString(String.raw`"C:\data\x"`).badEscapes).toEqual([
      { index: 3, text: "\\d" },
      { index: 8, text: "\\x" },
    ]);
  });

  it("reads an unterminated string to its end", () => {
    expect(readString('"abc').value).toBe("abc");
    expect(readString(String.raw`"abc\"`).value).toBe('abc"');
    expect(readString('"').value).toBe("");
  });
});
