import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { type ModelSimulator, startModelSimulator } from "../../src/models/simulator/server";
import { launchChromium } from "./chromium";
import {
  buildConsoleForTests,
  pageSettled,
  screenshot,
  seriousAxeViolations,
  signIn,
  type WatchedPage,
  watchedPage,
} from "./console-browser";
import { writeSpeechLikeWav } from "./fake-microphone";
import { until } from "./page-probes";
import { type ServedApp, serveTestApp } from "./serve-app";

// The console's main flow as a business meets it, in one go and only through the pages: an agent
// made from a template, published, called from the browser with a (fake) microphone, and the call
// found again under Conversations with its transcript and a recording that plays.

const workDir = mkdtempSync(join(tmpdir(), "astra-console-flow-"));
let sim: ModelSimulator;
let served: ServedApp;
let browser: BrowserContext;
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  await buildConsoleForTests();
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  served = await serveTestApp({ modelBaseUrl: sim.url });
  const tenant = await served.api.tenantWithKey("Corner Clinic");
  // The caller lets the greeting play, then says something.
  const fakeMicWav = writeSpeechLikeWav(workDir, 4_000, 1_200);
  browser = await launchChromium({ userDataDir: join(workDir, "profile"), fakeMicWav });
  watched = await watchedPage(browser);
  page = watched.page;
  await page.goto(`${served.baseUrl}/console/agents`);
  await signIn(page, tenant.key);
  await pageSettled(page, "Agents");
  watched.clear();
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  await sim?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>) {
  return until(what, check, () => `page problems: ${watched.problems.join("\n") || "none"}`);
}

async function clean(state: string) {
  expect({ state, problems: watched.problems.splice(0) }).toEqual({ state, problems: [] });
  expect({ state, axe: await seriousAxeViolations(page) }).toEqual({ state, axe: [] });
}

const agentTab = (name: string) =>
  page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name, exact: true });

test("an agent made from a template, published and called from the browser is found with its transcript and recording", async () => {
  // From a template, published.
  await page.getByRole("link", { name: "New agent" }).click();
  await page.getByRole("radio", { name: /Clinic reception/ }).check();
  await page.getByLabel("Name", { exact: true }).fill("Front desk");
  await page.getByRole("button", { name: "Create agent" }).click();
  await page.getByText("Created agent Front desk.").waitFor();
  await agentTab("Versions").click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByText("Published version 1.").waitFor();
  await clean("published");

  // A test call from the browser: the agent greets, the caller speaks, the caller hangs up.
  await agentTab("Test call").click();
  await page.getByRole("button", { name: "Call the draft" }).click();
  const live = page.locator(".live-transcript");
  await waitFor("the greeting and the caller's words", async () => {
    const agent = await live.locator(".line-assistant").count();
    const caller = await live.locator(".line-user").count();
    return agent >= 1 && caller >= 1;
  });
  const greeting = (await live.locator(".line-assistant .line-text").first().textContent()) ?? "";
  expect(greeting.length).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Hang up" }).click();
  await page.getByText("You hung up.").waitFor();
  await clean("after the test call");

  // Under Conversations: the call, its transcript, and its recording playing from a line.
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Conversations" })
    .click();
  await pageSettled(page, "Conversations");
  await page.locator("table tbody tr").first().getByRole("link").click();
  await page.getByRole("heading", { name: "Recording and transcript" }).waitFor();
  // The recording is finished after the call; the page looks again until it is there.
  await page.locator(".player audio").waitFor({ timeout: 30_000 });
  const lines = page.locator(".transcript li");
  expect(await lines.first().textContent()).toContain(greeting);
  expect(await page.locator(".transcript li.line-user").count()).toBeGreaterThanOrEqual(1);
  await lines.first().getByRole("button").click();
  const playedTo = () =>
    page.$eval(".player audio", (audio) => {
      const element = audio as HTMLAudioElement;
      return element.paused ? 0 : element.currentTime;
    });
  await waitFor("the recording to play", async () => (await playedTo()) > 0.5);
  await clean("the conversation playing");
  await screenshot(page, "main-flow-conversation");
}, 120_000);
