// BENCHMARKS.md is written section by section: a benchmark replaces its own `## ` sections and
// leaves every other one as it was.

/**
 * `markdown` with the section that starts with `section`'s first line (a `## ` heading)
 * replaced by `section`, up to the next `## ` heading; added at the end when absent.
 */
export function withSection(markdown: string, section: string): string {
  const heading = section.split("\n", 1)[0]?.trim() ?? "";
  if (!heading.startsWith("## ")) throw new Error(`a section starts with a ## heading: ${heading}`);
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  const body = section.trimEnd().split("\n");
  if (start < 0) return `${markdown.trimEnd()}\n\n${body.join("\n")}\n`;
  let end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  if (end < 0) end = lines.length;
  const after = lines.slice(end);
  return [...lines.slice(0, start), ...body, ...(after.length ? ["", ...after] : [""])].join("\n");
}
