import { describe, expect, test } from "bun:test";
import { mergePatch } from "./merge-patch";

describe("JSON merge patch", () => {
  test("follows RFC 7396: merge objects, replace the rest, null deletes", () => {
    const target = { a: "b", c: { d: "e", f: "g" }, list: [1, 2] };
    expect(mergePatch(target, { a: "z", c: { f: null }, list: [3] })).toEqual({
      a: "z",
      c: { d: "e" },
      list: [3],
    });
    expect(mergePatch(target, {})).toEqual(target);
    expect(mergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch([1, 2], { a: "b", c: null })).toEqual({ a: "b" });
    expect(mergePatch({ a: "foo" }, "bar")).toBe("bar");
    expect(target).toEqual({ a: "b", c: { d: "e", f: "g" }, list: [1, 2] });
  });

  test("an object whose type changes is replaced, not merged", () => {
    const vad = { type: "server_vad", threshold: 0.5, silenceDurationMs: 500 };
    expect(mergePatch(vad, { type: "semantic_vad" })).toEqual({ type: "semantic_vad" });
    expect(mergePatch(vad, { type: "server_vad", threshold: 0.7 })).toEqual({
      ...vad,
      threshold: 0.7,
    });
  });
});
