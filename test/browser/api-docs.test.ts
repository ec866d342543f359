import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { launchChromium } from "./chromium";
import { type ServedApp, serveTestApp } from "./serve-app";

// The API reference renders in a real browser with nothing but the gateway to talk to.
const SCREENSHOT = process.env.DOCS_SCREENSHOT; // e.g. /tmp/docs.png, to look at the page

const workDir = mkdtempSync(join(tmpdir(), "astra-docs-"));
let served: ServedApp | undefined;
let browser: BrowserContext | undefined;

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

test("/docs shows the API's operations offline, asking no other origin for anything", async () => {
  served = await serveTestApp();
  const origin = served.baseUrl;
  browser = await launchChromium({ userDataDir: join(workDir, "profile") });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const elsewhere: string[] = [];
  // Requests to any other origin are refused, as they would fail on a machine with no network.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  await page.goto(`${origin}/docs`);
  const paths = page.locator(".opblock-summary-path");
  await paths.first().waitFor({ timeout: 20_000 });
  const shown = await paths.allTextContents();
  expect(shown.map((path) => path.replace(/\u200b/g, ""))).toContain("/v1/tenants");
  expect(await page.locator(".info .title").textContent()).toContain("Astra Voice API");
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });
  expect(elsewhere).toEqual([]);
}, 60_000);
