import { describe, expect, test } from "bun:test";
import { configChanges, lineDiff } from "./config-diff";

describe("the draft against a published version", () => {
  test("names each changed, added and removed field by its path", () => {
    const published = {
      voice: { name: "marin", speed: 1 },
      rules: ["Be brief."],
      tools: [{ type: "builtin", name: "end_call" }],
      greeting: { mode: "fixed", text: "Hello" },
    };
    const draft = {
      voice: { name: "marin", speed: 1.2 },
      rules: ["Be brief.", "Never quote prices."],
      tools: [
        { type: "builtin", name: "end_call" },
        { type: "builtin", name: "transfer_call", target: "+4420" },
      ],
      greeting: { mode: "generated" },
    };
    expect(configChanges(published, draft)).toEqual([
      { path: "voice.speed", before: 1, after: 1.2 },
      { path: "rules", before: ["Be brief."], after: ["Be brief.", "Never quote prices."] },
      {
        path: "tools.1",
        before: undefined,
        after: { type: "builtin", name: "transfer_call", target: "+4420" },
      },
      { path: "greeting.mode", before: "fixed", after: "generated" },
      { path: "greeting.text", before: "Hello", after: undefined },
    ]);
    expect(configChanges(draft, structuredClone(draft))).toEqual([]);
  });

  test("a long text differs line by line", () => {
    const before = "You answer the phone.\nBe brief.\nNever quote prices.";
    const after = "You answer the phone.\nBe warm and brief.\nNever quote prices.\nBook visits.";
    expect(lineDiff(before, after)).toEqual([
      { kind: "same", text: "You answer the phone." },
      { kind: "removed", text: "Be brief." },
      { kind: "added", text: "Be warm and brief." },
      { kind: "same", text: "Never quote prices." },
      { kind: "added", text: "Book visits." },
    ]);
  });
});
