import { expect, test } from "bun:test";
import { withSection } from "./markdown-sections";

const doc = "# Benchmarks\n\nIntro.\n\n## Resampler\n\nold r\n\n## Latency\n\nold l\n";

test("a benchmark's section is replaced in place and the others are left as they were", () => {
  expect(withSection(doc, "## Resampler\n\nnew r\n")).toBe(
    "# Benchmarks\n\nIntro.\n\n## Resampler\n\nnew r\n\n## Latency\n\nold l\n",
  );
  expect(withSection(doc, "## Latency\n\nnew l")).toBe(
    "# Benchmarks\n\nIntro.\n\n## Resampler\n\nold r\n\n## Latency\n\nnew l\n",
  );
});

test("a section not there yet is added at the end", () => {
  expect(withSection(doc, "## WhatsApp calls\n\nw\n")).toBe(`${doc}\n## WhatsApp calls\n\nw\n`);
});
