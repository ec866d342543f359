import { describe, expect, test } from "bun:test";
import { cutAtHeard } from "./agent-line-cut";
import { confidenceFromLogprobs } from "./confidence";

describe("line confidence", () => {
  test("is the geometric mean of the token probabilities", () => {
    const sure = [
      { token: "I", logprob: Math.log(0.9) },
      { token: " want", logprob: Math.log(0.9) },
    ];
    expect(confidenceFromLogprobs(sure)).toBeCloseTo(0.9, 4);
    const mixed = [
      { token: "book", logprob: Math.log(0.8) },
      { token: " a", logprob: Math.log(0.2) },
    ];
    // sqrt(0.8 * 0.2) = 0.4, lower than the arithmetic mean 0.5: one bad word pulls it down.
    expect(confidenceFromLogprobs(mixed)).toBeCloseTo(0.4, 4);
  });

  test("stays within [0, 1] and is null without tokens", () => {
    expect(confidenceFromLogprobs([])).toBeNull();
    expect(confidenceFromLogprobs(undefined)).toBeNull();
    expect(confidenceFromLogprobs([{ token: "x", logprob: 0.3 }])).toBe(1);
    expect(confidenceFromLogprobs([{ token: "x", logprob: -1e9 }])).toBe(0);
    expect(confidenceFromLogprobs([{ token: "x", logprob: Number.NaN }])).toBeNull();
  });
});

describe("an agent line cut at what the caller heard", () => {
  const text = "We are open from nine to five on weekdays.";

  test("keeps the words heard, in proportion, ending on a whole word", () => {
    const half = cutAtHeard(text, 1000, 2000);
    expect(text.startsWith(half)).toBe(true);
    expect(half).toBe("We are open from nine");
    expect(cutAtHeard(text, 0, 2000)).toBe("");
    expect(cutAtHeard(text, 2500, 2000)).toBe(text);
  });

  test("cuts text without spaces between words", () => {
    const japanese = "本日は営業しております。ご予約はお電話でどうぞ。";
    const cut = cutAtHeard(japanese, 500, 1000);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(japanese.length);
    expect(japanese.startsWith(cut)).toBe(true);
  });
});
