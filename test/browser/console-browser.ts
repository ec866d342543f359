import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { buildConsole } from "../../src/console/build";

// What the console's browser tests share: a fresh build, a page that records what went wrong,
// sign-in, axe-core, and screenshots for the README.

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const AXE_SOURCE = readFileSync(
  fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)),
  "utf8",
);

/** Builds the console from the current source into static/console/, as `npm ci` does. */
export async function buildConsoleForTests(): Promise<void> {
  await buildConsole();
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests since the last `clear()`. */
  problems: string[];
  clear(): void;
}

/** A new tab that records console errors, page errors and requests answered 4xx/5xx. */
export async function watchedPage(browser: BrowserContext): Promise<WatchedPage> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on("requestfailed", (request) => {
    problems.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  return { page, problems, clear: () => problems.splice(0) };
}

/** Signs in on the form the console shows when it has no key. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Waits until the page's heading reads `title` and nothing on it is still loading. */
export async function pageSettled(page: Page, title: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll(".loading").length === 0);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the console's CSP refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      targets: (v.nodes as Array<{ target: string[] }>).map((node) => node.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Writes docs/screenshots/<name>.png, the picture the README shows. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}
