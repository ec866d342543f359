import { describe, expect, test } from "bun:test";
import { checkJsonShape, describePath } from "./json-shape";

const limits = { maxDepth: 4, maxItems: 3, maxStringLength: 10 };

describe("the JSON shape check", () => {
  test("a body within the limits passes, whatever its strings contain", () => {
    const body = JSON.stringify({ a: [1, { b: "[[[{{{" }], 'c"\\': ["x,y,z,w", null] });
    expect(checkJsonShape(body, limits)).toBeNull();
    expect(checkJsonShape("", limits)).toBeNull();
  });

  test("nesting past the limit is named at the key and index where it happens", () => {
    expect(checkJsonShape('{"a":[{"b":[[1]]}]}', limits)).toEqual({
      path: ["a", 0, "b", 0],
      message: "nests deeper than 4 levels",
    });
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(checkJsonShape(deep, limits)?.path).toEqual([0, 0, 0, 0]);
  });

  test("too many items, fields or characters are named with their place", () => {
    expect(checkJsonShape('{"list":[1,2,3,4]}', limits)).toEqual({
      path: ["list"],
      message: "must have at most 3 items",
    });
    expect(checkJsonShape('{"a":1,"b":2,"c":3,"d":4}', limits)?.message).toBe(
      "must have at most 3 fields",
    );
    expect(checkJsonShape('{"x":["ok","far too long"]}', limits)).toEqual({
      path: ["x", 1],
      message: "must be at most 10 characters",
    });
    expect(checkJsonShape('{"a key far too long":1}', limits)).toEqual({
      path: [],
      message: "has a key longer than 10 characters",
    });
  });

  test("escaped keys are named as decoded", () => {
    expect(checkJsonShape('{"\\u0061\\"b":[[[[1]]]]}', limits)?.path).toEqual(['a"b', 0, 0, 0]);
  });

  test("long paths are shortened in messages", () => {
    expect(describePath("body", ["config", "tools", 0])).toBe("body.config.tools.0");
    expect(describePath("body", new Array(40).fill(0))).toBe(`body${".0".repeat(12)}…`);
  });
});
