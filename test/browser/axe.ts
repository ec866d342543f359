import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the elements at fault. */
  targets: string[];
}

/**
 * What axe-core finds on the page as it is now, serious and critical only, against WCAG 2.1 A
 * and AA. It is evaluated through the browser's debugging protocol, which the page's
 * Content-Security-Policy does not govern, so the page keeps its own policy while it is checked.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((node: any) => String(node.target)),
    }));
  });
  return (violations as Violation[]).filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
}
