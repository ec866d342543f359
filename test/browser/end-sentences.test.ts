import { expect, test } from "bun:test";
import { END_REASONS } from "../../src/domain/call";

const page = (await import(new URL("../../static/end-reasons.js", import.meta.url).href)) as {
  endSentence(reason: string | undefined): string;
};

test("the demo page ends every call with a sentence of its own, not a reason code", () => {
  const sentences = END_REASONS.map((reason) => page.endSentence(reason));
  for (const sentence of sentences) {
    expect(sentence).toMatch(/^[A-Z][^_]*\.$/);
    expect(sentence).not.toBe(page.endSentence(undefined));
  }
  expect(page.endSentence("agent_ended")).toBe("The agent ended the call.");
  expect(page.endSentence("max_duration")).toBe("The call reached its time limit.");
  expect(page.endSentence("something_new")).toBe("The call ended.");
});
