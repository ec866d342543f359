import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { type ModelSimulator, startModelSimulator } from "../../src/models/simulator/server";
import { dataUrl, solidPng } from "../png";
import { seriousViolations } from "./axe";
import { launchChromium } from "./chromium";
import { writeFakeMicrophoneWav } from "./fake-microphone";
import { type InboundAudio, inboundAudio, until } from "./page-probes";
import { type ServedApp, serveTestApp } from "./serve-app";

// A real browser calls an agent on the model simulator through the demo page, over loopback.
const GREETING = "Hello, thanks for calling";
const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;
const BRAND = { displayName: "Harbour Dental", primaryColor: "#0b5fff", accentColor: "#b45309" };

let workDir = "";
let sim: ModelSimulator | undefined;
let served: ServedApp | undefined;
let browser: BrowserContext | undefined;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "astra-browser-"));
});

afterAll(async () => {
  // Each part is released even when an earlier one fails to close.
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  await sim?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

test("the demo page calls an agent: the caller hears it, is heard, and the call is stored", async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  served = await serveTestApp({ modelBaseUrl: sim.url });
  const { api } = served;
  const { tenantId, key } = await api.tenantWithKey();
  const logo = solidPng(96, 32, [255, 176, 0]);
  const branded = await api.call("PATCH", `/v1/tenants/${tenantId}/brand`, {
    key,
    body: { ...BRAND, logo: dataUrl("image/png", logo) },
  });
  expect(branded.status).toBe(200);
  // No "are you still there?" prompts while the test waits for the looped recording's speech.
  const agent = await api.call("POST", "/v1/agents", {
    key,
    body: { name: "Front desk", config: { silence: { timeoutSeconds: 120 } } },
  });
  const agentId = agent.body.id;
  await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
  const minted = await api.call("POST", `/v1/agents/${agentId}/call-tokens`, {
    key,
    body: { ttlSeconds: 300 },
  });
  expect(minted.status).toBe(201);

  // Chromium loops the microphone file; 6 s of silence after the words keeps one press to one turn.
  const fakeMicWav = writeFakeMicrophoneWav(workDir, "en-hours.wav", 6000);
  browser = await launchChromium({ userDataDir: join(workDir, "profile"), fakeMicWav });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.setViewportSize({ width: 1000, height: 900 });
  // Console errors include whatever the page's Content-Security-Policy refuses.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("response", (res) => {
    if (res.status() >= 400) consoleErrors.push(`${res.status()} ${res.url()}`);
  });
  await page.goto(`${served.baseUrl}/demo?agent=${agentId}&token=${minted.body.token}`);

  // The tenant's brand: its name, its logo and its colour on the header and the Call button.
  await waitFor("the brand's logo", () =>
    page.$eval("#brand-logo", (img) => {
      const logo = img as HTMLImageElement;
      return !logo.hidden && logo.naturalWidth;
    }),
  );
  expect(await page.textContent("#brand-name")).toBe(BRAND.displayName);
  expect(await page.title()).toStartWith(BRAND.displayName);
  expect(await backgroundOf(page, ".brand-bar")).toBe("rgb(11, 95, 255)");
  expect(await backgroundOf(page, "#call")).toBe("rgb(11, 95, 255)");
  expect(await page.$eval("#brand-logo", (img) => (img as HTMLImageElement).naturalWidth)).toBe(96);

  // Push-to-talk keeps the microphone muted until the test holds "Hold to talk".
  await page.check("#ptt");
  await page.click("#call");

  // (b) The agent's greeting appears in the live transcript.
  const agentLines = page.locator("#transcript li.assistant .text");
  // The line streams in as the agent speaks: wait for all of it, as a reader would.
  await waitFor(
    "the greeting on the page",
    async () =>
      (await agentLines.count()) >= 1 &&
      ((await agentLines.first().textContent()) ?? "").includes(GREETING),
  );
  expect(await page.locator("#status").textContent()).toBe("Connected");

  // (a) The agent's voice reached the page: its audio element plays it, and it is loud.
  let audio: InboundAudio | null = null;
  const heard = await waitFor(
    "the agent's voice at the page",
    async () => {
      audio = await inboundAudio(page);
      return audio && audio.rmsLevel > 0.05 && audio;
    },
    () => `page audio stats ${JSON.stringify(audio)}`,
  );
  expect(heard.packetsReceived).toBeGreaterThan(50);
  expect(heard.playing).toBe(true);
  // The agent's meter moves with its voice; the caller's stays down while push-to-talk mutes it.
  await waitFor("the agent's meter to move", async () => (await level(page, "#agent-level")) > 0.3);
  expect(await level(page, "#mic-level")).toBeLessThan(0.05);

  // (c) The caller holds "Hold to talk" with the keyboard and speaks into the fake microphone;
  // their meter moves, and the agent hears them and answers.
  await page.focus("#talk");
  await page.keyboard.down(" ");
  expect(await page.getAttribute("#talk", "aria-pressed")).toBe("true");
  const callerLines = page.locator("#transcript li.user .text");
  let loudest = 0;
  await waitFor("the caller's words on the page", async () => {
    loudest = Math.max(loudest, await level(page, "#mic-level"));
    return (await callerLines.count()) >= 1;
  });
  await page.keyboard.up(" ");
  expect(await page.getAttribute("#talk", "aria-pressed")).toBe("false");
  expect(loudest).toBeGreaterThan(0.3);
  expect(await callerLines.first().textContent()).toBe("caller utterance 1");
  await waitFor("the agent's reply on the page", async () => (await agentLines.count()) >= 2);
  const shown = await page.$$eval("#transcript li", (items) =>
    items.map((li) => ({ role: li.className, text: li.querySelector(".text")?.textContent ?? "" })),
  );
  expect(shown.map((line) => line.role).slice(0, 3)).toEqual(["assistant", "user", "assistant"]);
  // The reply's latency is listed under its turn, and the transcript is a live region.
  await waitFor(
    "the reply's latency",
    async () => (await page.locator("#turn-latencies li").count()) >= 1,
  );
  expect(await page.textContent("#turn-latencies li")).toMatch(/^Reply 1: \d+ ms$/);
  expect(await page.getAttribute("#transcript", "aria-live")).toBe("polite");

  // Accessible as it is mid-call, on a desktop and on a 375 px wide phone, where nothing needs
  // scrolling sideways.
  expect(await seriousViolations(page)).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, "demo.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  for (const button of ["#call", "#hangup", "#talk", "#export"]) {
    const box = await page.locator(button).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
  }
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, "demo-phone.png"), fullPage: true });

  // (d) Hanging up ends the call; its record keeps the transcript the page showed.
  const callId = await page.getAttribute("body", "data-call-id");
  expect(callId).toStartWith("call_");
  await page.click("#hangup");
  await waitFor(
    "the page to say the caller hung up",
    async () => (await page.locator("#status").textContent()) === "You hung up.",
  );
  const record = await waitFor("the stored conversation", async () => {
    const res = await api.call("GET", `/v1/conversations/${callId}`, { key });
    return res.body.status === "ended" && res.body;
  });
  expect(record).toMatchObject({ endReason: "hung_up_by_api", channel: "web" });
  const messages: Array<{ role: string; text: string; fullText: string | null }> = record.messages;
  // The page shows each line as generated; a line the caller cut into is stored as heard, with
  // the generated text beside it.
  const stored = messages.map(({ role, text, fullText }) => ({ role, text: fullText ?? text }));
  expect(stored.slice(0, 3)).toEqual(shown.slice(0, 3));
  for (const m of messages.filter((m) => m.fullText !== null))
    expect(m.fullText?.startsWith(m.text)).toBe(true);
  expect(api.registry.size).toBe(0);
  expect(consoleErrors).toEqual([]);
}, 60_000);

async function backgroundOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => getComputedStyle(element).backgroundColor);
}

/** A level meter's reading, 0 to 1. */
function level(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (meter) => (meter as HTMLMeterElement).value);
}

/** The gateway's distinct error log messages so far, to explain a failure. */
function gatewayErrors(): string {
  const errors = (served?.api.logLines ?? []).filter((line) => line.includes('"level":"error"'));
  return (
    [...new Set(errors.map((line) => line.replace(/"time":"[^"]*",/, "")))].join("\n") || "none"
  );
}

/** Waits as `until` does; a failure also names the gateway's errors. */
function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  lastSeen: () => string = () => "",
): Promise<T> {
  return until(what, check, () => `${lastSeen()}\ngateway errors: ${gatewayErrors()}`);
}
