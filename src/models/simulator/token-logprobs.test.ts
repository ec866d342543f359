import { describe, expect, test } from "bun:test";
import { confidenceFromLogprobs } from "../../transcripts/confidence";
import { tokenLogprobs } from "./token-logprobs";

describe("the simulator's token log-probabilities", () => {
  test("are tokens with their leading space and bytes, averaging to the scripted confidence", () => {
    const tokens = tokenLogprobs("I'd like a table, please.", 0.6);
    expect(tokens.map((t) => t.token)).toEqual([
      "I'd",
      " like",
      " a",
      " table",
      ",",
      " please",
      ".",
    ]);
    expect(tokens[1]?.bytes).toEqual([32, 108, 105, 107, 101]);
    expect(new Set(tokens.map((t) => t.logprob)).size).toBeGreaterThan(1);
    expect(confidenceFromLogprobs(tokens)).toBeCloseTo(0.6, 4);
    expect(confidenceFromLogprobs(tokenLogprobs("yes", 0.99))).toBeCloseTo(0.99, 4);
  });
});
