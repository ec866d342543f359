import { describe, expect, test } from "bun:test";
import { type ChunkingOptions, chunkText } from "./chunking";

const small: ChunkingOptions = { targetChars: 120, maxChars: 160, overlapChars: 50 };
const chunks = (text: string, options = small, byLook = false) => [
  ...chunkText(text, options, byLook),
];

describe("chunking by structure", () => {
  test("each passage stays under its heading path; sections never share a passage", () => {
    const found = chunks(
      "# Clinic\n\nIntro line.\n\n## Hours\n\nOpen at nine.\n\n### Holidays\n\nClosed on holidays.\n\n## Parking\n\nFree parking.",
    );
    expect(found.map((c) => [c.position, c.heading, c.text])).toEqual([
      [0, "Clinic", "Intro line."],
      [1, "Clinic › Hours", "Open at nine."],
      [2, "Clinic › Hours › Holidays", "Closed on holidays."],
      [3, "Clinic › Parking", "Free parking."],
    ]);
  });

  test("paragraphs are packed up to the target; a long section overlaps its passages", () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`);
    const found = chunks(`## Long\n\n${sentences.join(" ")}`);
    expect(found.length).toBeGreaterThan(2);
    for (const chunk of found) expect(chunk.text.length).toBeLessThanOrEqual(small.maxChars);
    for (let i = 1; i < found.length; i++) {
      const previousEnd = (found[i - 1]?.text ?? "").split(/(?<=\.)\s+/).at(-1) ?? "";
      expect(found[i]?.text.startsWith(previousEnd)).toBe(true);
    }
    const all = found.map((c) => c.text).join(" ");
    for (const sentence of sentences) expect(all).toContain(sentence);
  });

  test("a paragraph without sentence ends is cut between words, a word longer than a passage inside it", () => {
    const found = chunks(`${"word ".repeat(80)}${"x".repeat(400)}`);
    for (const chunk of found) expect(chunk.text.length).toBeLessThanOrEqual(small.maxChars);
    expect(found.map((c) => c.text).join("")).toContain("x".repeat(160));
  });

  test("setext headings, and in plain text short lone title lines, are headings", () => {
    expect(chunks("Prices\n======\n\nCheck-up 45 euros.").map((c) => c.heading)).toEqual([
      "Prices",
    ]);
    const plain = chunks(
      "Opening times\n\nWe open at nine.\n\nNot a title, as it ends with a stop.",
      small,
      true,
    );
    expect(plain.map((c) => [c.heading, c.text])).toEqual([
      ["Opening times", "We open at nine.\n\nNot a title, as it ends with a stop."],
    ]);
    expect(chunks("Opening times\n\nWe open at nine.").map((c) => c.heading)).toEqual([""]);
  });

  test("a # inside a fenced code block is not a heading", () => {
    const found = chunks("## Setup\n\n```\n# not a heading\n```\n\nAfter the code.");
    expect(found.map((c) => c.heading)).toEqual(["Setup"]);
    expect(found[0]?.text).toContain("# not a heading");
  });
});
