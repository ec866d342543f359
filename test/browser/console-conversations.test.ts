import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { newId } from "../../src/domain/ids";
import { type ModelSimulator, startModelSimulator } from "../../src/models/simulator/server";
import type { CallerPeer } from "../caller-peer";
import { launchChromium } from "./chromium";
import {
  buildConsoleForTests,
  pageSettled,
  SCREENSHOT_DIR,
  screenshot,
  seriousAxeViolations,
  signIn,
  type WatchedPage,
  watchedPage,
} from "./console-browser";
import { until } from "./page-probes";
import { liveCall, recordedConversation } from "./recorded-conversation";
import { type ServedApp, serveTestApp } from "./serve-app";

// The conversation pages in a real browser, against the whole app and the model simulator: a
// call placed through the gateway (recorded, transcribed, a tool called mid-call, analysed) is
// found by filter and by its words, played with its transcript following, exported, and deleted.

const workDir = mkdtempSync(join(tmpdir(), "astra-console-conversations-"));
const callers: CallerPeer[] = [];
let sim: ModelSimulator;
let slots: ReturnType<typeof Bun.serve>;
let served: ServedApp;
let browser: BrowserContext;
let tenant: { tenantId: string; key: string };
let agentId = "";
let callId = "";
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  await buildConsoleForTests();
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    script: {
      // The caller's words are heard with doubt, so they are read again from the audio.
      confidence: () => 0.62,
      toolRules: [
        {
          when: /utterance 1/,
          tool: "check_slots",
          arguments: { date: "2026-12-01" },
          thenSay: "booking",
        },
      ],
    },
  });
  slots = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => Response.json({ free: ["10:00", "11:30"] }),
  });
  served = await serveTestApp({ modelBaseUrl: sim.url, allowPrivateEgress: ["127.0.0.1/32"] });
  tenant = await served.api.tenantWithKey("Harbour Dental");
  const created = await served.api.call("POST", "/v1/agents", {
    key: tenant.key,
    body: {
      name: "Front desk",
      config: {
        tools: [
          {
            type: "http",
            name: "check_slots",
            description: "Free appointment times on a date",
            url: `http://127.0.0.1:${slots.port}/slots/{date}`,
            parameters: { type: "object", properties: { date: { type: "string" } } },
          },
        ],
        analysis: { outcomes: ["booked", "question_answered"] },
      },
    },
  });
  agentId = created.body.id;
  await served.api.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key });
  await olderQuietCalls();
  callId = await recordedConversation(served, tenant.key, agentId, callers);
  browser = await launchChromium({ userDataDir: join(workDir, "profile") });
  watched = await watchedPage(browser);
  page = watched.page;
  // The browser asks for a favicon now and then; the gateway has none, and that is not a page's doing.
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  await page.goto(`${served.baseUrl}/console/conversations`);
  await signIn(page, tenant.key);
  await pageSettled(page, "Conversations");
  // The browser's own first asks (its favicon) are not the pages' doing.
  watched.clear();
}, 120_000);

afterAll(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  slots?.stop(true);
  await sim?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

/** Calls from yesterday in which the caller never spoke: more than a page, for the filters to leave out. */
const QUIET_CALLS = 26;
async function olderQuietCalls() {
  for (let i = 0; i < QUIET_CALLS; i++) await olderQuietCall(i);
}

async function olderQuietCall(minutesEarlier: number) {
  const id = newId("call");
  await served.api.stores.calls.create({
    id,
    tenantId: tenant.tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "console-test",
    receivedAt: new Date(Date.now() - 86_400_000 - minutesEarlier * 60_000).toISOString(),
  });
  await served.api.stores.calls.appendMessage(id, {
    seq: 1,
    role: "assistant",
    text: "Hello? Is anyone there?",
    itemId: "a1",
    offsetMs: 500,
    line: { startMs: 500, endMs: 2500 },
  });
  await served.api.stores.calls.end(id, { reason: "silence_timeout", usage: {}, metrics: {} });
}

/** No console errors or failed requests but those expected, and no serious axe findings. */
async function clean(state: string, expectedRefusals: RegExp[] = []) {
  const unexpected = watched.problems.filter(
    (problem) =>
      !expectedRefusals.some((refusal) => refusal.test(problem)) &&
      !(problem.startsWith("console: Failed to load resource") && expectedRefusals.length > 0),
  );
  watched.clear();
  expect({ state, problems: unexpected }).toEqual({ state, problems: [] });
  expect({ state, axe: await seriousAxeViolations(page) }).toEqual({ state, axe: [] });
}

function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>) {
  return until(what, check, () => `page problems: ${watched.problems.join("\n")}`);
}

const rows = () => page.locator("table tbody tr");
const heardLine = () => page.locator(".transcript li[aria-current='true']");
const audioState = () =>
  page.$eval(".player audio", (audio) => {
    const element = audio as HTMLAudioElement;
    return { at: element.currentTime, paused: element.paused, src: element.src };
  });

async function search(fill: (form: Locator) => Promise<unknown>, expectedRows: number) {
  const form = page.getByRole("form", { name: "Search conversations" });
  await fill(form);
  await form.getByRole("button", { name: "Search" }).click();
  await waitFor(`${expectedRows} rows`, async () => {
    const settled = (await page.locator(".loading").count()) === 0;
    const empty = await page.locator(".empty").count();
    const count = empty > 0 ? 0 : await rows().count();
    return settled && count === expectedRows;
  });
}

describe("the conversation pages", () => {
  test("the list pages, narrows by end reason, day and the words spoken, and keeps them in its address", async () => {
    // 27 conversations: a page of 25, then the last 2.
    expect(await rows().count()).toBe(25);
    await clean("all conversations");
    await page.getByRole("button", { name: "Older" }).click();
    await waitFor("the second page", async () => (await rows().count()) === 2);
    expect(await page.getByText("Page 2").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Older" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Newer" }).click();
    await waitFor("the first page again", async () => (await rows().count()) === 25);

    await search((form) => form.getByLabel("Ended because").selectOption("silence_timeout"), 25);
    expect(await rows().allTextContents()).toEqual(
      Array(25).fill(expect.stringContaining("The caller stayed silent")),
    );
    const today = await page.evaluate(() => {
      const now = new Date();
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    });
    // Yesterday's silent calls are before today: none of them.
    await search((form) => form.getByLabel("From").fill(today), 0);
    await search((form) => form.getByLabel("Ended because").selectOption(""), 1);
    expect(await rows().first().textContent()).toContain("Hung up through the API");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await waitFor("every conversation again", async () => (await rows().count()) === 25);
    expect(new URL(page.url()).search).toBe("");

    // The caller's words as the live transcription heard them.
    await search((form) => form.getByLabel("Words spoken").fill("utterance"), 1);
    const found = rows().first();
    expect(await found.textContent()).toContain("Hung up through the API");
    expect(await found.textContent()).toContain("recorded");
    // The outcome its analysis chose, one of the agent's.
    const analysed = await served.api.call("GET", `/v1/conversations/${callId}/analysis`, {
      key: tenant.key,
    });
    expect(["booked", "question_answered"]).toContain(analysed.body.outcome);
    expect(await found.getByRole("cell", { name: analysed.body.outcome }).count()).toBe(1);
    expect(new URL(page.url()).search).toBe("?q=utterance");
    await search((form) => form.getByLabel("Agent").selectOption({ label: "Front desk" }), 1);
    await search((form) => form.getByLabel("Words spoken").fill("nobody said this"), 0);
    expect(await page.getByText("No conversation matches these filters.").isVisible()).toBe(true);
    await clean("filtered conversations");

    // Back in the browser's history: the earlier search, its filters in the form again.
    await page.goBack();
    await waitFor("the earlier search", async () => (await rows().count()) === 1);
    expect(await page.getByLabel("Words spoken").inputValue()).toBe("utterance");
    await screenshot(page, "conversation-list");
    await rows().first().getByRole("link").click();
    await page.getByRole("heading", { name: "Recording and transcript" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/conversations/${callId}`);
  }, 60_000);

  test("the conversation shows its transcript with the tool call, the caller's doubt, waits and analysis", async () => {
    await page.locator(".player audio").waitFor();
    const tool = page.locator(".transcript li.line-tool");
    expect(await tool.locator(".line-text").textContent()).toMatch(/^check_slots: ok, \d+ ms$/);
    expect(await tool.locator(".tool-call").textContent()).toContain('"date": "2026-12-01"');
    expect(await tool.locator(".tool-call").textContent()).toContain('"11:30"');

    const callerLine = page.locator(".transcript li.line-user").first();
    expect(await callerLine.locator(".line-text").textContent()).toBe("caller utterance 1");
    expect(await callerLine.textContent()).toContain("Transcribed 62% sure");
    expect(await callerLine.textContent()).toContain("Read again from the audio: “caller speech");

    // The lines run in call order: greeting, caller, tool, reply.
    const speakers = await page.locator(".transcript .line-speaker").allTextContents();
    expect(speakers).toEqual(["Agent", "Caller", "Tool", "Agent"]);

    // One reply to the caller: its wait, from the end of the caller's speech to the reply's first audio.
    const stored: Array<{ role: string; startMs: number; endMs: number }> = (
      await served.api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key })
    ).body.messages;
    const asked = stored.find((m) => m.role === "user");
    const answered = stored.filter((m) => m.role === "assistant")[1];
    const waitMs = Math.round((answered?.startMs ?? 0) - (asked?.endMs ?? 0));
    const waits = page.getByRole("region", { name: "The caller's wait for each reply" });
    expect(await waits.getByRole("img", { name: /The caller's wait for each reply/ }).count()).toBe(
      1,
    );
    await waits.getByText("Show the figures as a table").click();
    expect(await waits.getByRole("row").nth(1).textContent()).toBe(`1${waitMs} ms`);

    const analysis = page.getByRole("region", { name: "Analysis" });
    expect(await analysis.getByText("Outcome").isVisible()).toBe(true);
    const made = await served.api.call("GET", `/v1/conversations/${callId}/analysis`, {
      key: tenant.key,
    });
    expect(await analysis.textContent()).toContain(made.body.summary);
    await clean("the conversation");
    await screenshot(page, "conversation");
  }, 60_000);

  test("the recording plays with the heard line marked, and choosing a line plays from it", async () => {
    const { src } = await audioState();
    // The recording was fetched with the key and plays from memory: no key in any address.
    expect(src).toStartWith("blob:");
    expect(src).not.toContain(tenant.key);
    const lines = page.locator(".transcript li");
    const reply = lines.nth(3);
    const callerLine = lines.nth(1);

    // The caller's line, chosen with the keyboard: the recording jumps to it and plays.
    const callerStart = await served.api
      .call("GET", `/v1/conversations/${callId}`, { key: tenant.key })
      .then((res) => res.body.messages.find((m: { role: string }) => m.role === "user").startMs);
    await callerLine.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await waitFor("the caller's line to be heard", async () => {
      const { at, paused } = await audioState();
      return !paused && at >= callerStart / 1000 && at < callerStart / 1000 + 1.5;
    });
    expect(await heardLine().locator(".line-speaker").textContent()).toBe("Caller");

    // Played on, the mark moves to what follows.
    await waitFor("the mark to move past the caller's line", async () => {
      const speaker = await heardLine().locator(".line-speaker").textContent();
      return speaker === "Tool" || speaker === "Agent";
    });

    // Choosing the greeting plays from the start of the call again.
    await lines.nth(0).getByRole("button").click();
    await waitFor("the greeting to be heard", async () => {
      const { at } = await audioState();
      return at < 2 && (await heardLine().locator(".line-speaker").textContent()) === "Agent";
    });
    expect(await heardLine().textContent()).toContain("Hello");
    await reply.getByRole("button").click();
    await waitFor("the reply to be heard", async () =>
      (await heardLine().textContent())?.includes(
        (await reply.locator(".line-text").textContent()) ?? "?",
      ),
    );
    await page.$eval(".player audio", (audio) => (audio as HTMLAudioElement).pause());
    await clean("the recording played");
  }, 60_000);

  test("the transcript is exported as text, PDF and JSON", async () => {
    const exports = page.getByRole("region", { name: "Export the transcript" });
    const save = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        exports.getByRole("button", { name }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };
    const text = await save("Text transcript");
    expect(text.name).toBe(`transcript-${callId}.txt`);
    expect(text.bytes.toString()).toContain("Caller: caller utterance 1");
    expect(text.bytes.toString()).toContain("check_slots");
    const pdf = await save("PDF transcript");
    expect(pdf.name).toBe(`transcript-${callId}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const json = await save("JSON transcript");
    expect(JSON.parse(json.bytes.toString()).lines).toHaveLength(4);
    await clean("the exports");
  }, 60_000);

  test("on a phone-sized screen the conversation fits the width", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.locator(".player audio").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await clean("the conversation on a phone");
    await page.getByRole("heading", { name: "Recording and transcript" }).scrollIntoViewIfNeeded();
    await page.evaluate(() => scrollBy(0, 300));
    await page.screenshot({ path: `${SCREENSHOT_DIR}conversation-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  test("a live call cannot be deleted, in the API's words; an ended one can, after a confirmation", async () => {
    const live = await liveCall(served, tenant.key, agentId, callers);
    const refused = await served.api.call("DELETE", `/v1/conversations/${live.callId}`, {
      key: tenant.key,
    });
    expect(refused.status).toBe(409);
    await page.goto(`${served.baseUrl}/console/conversations/${live.callId}`);
    await page.getByText("The recording can be played once the call has ended.").waitFor();
    await page.getByRole("button", { name: "Delete conversation…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this conversation?" });
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByRole("alert").waitFor();
    expect(await dialog.getByRole("alert").textContent()).toContain(refused.body.error.message);
    await clean("a live call's deletion refused", [/^409 DELETE .*\/v1\/conversations\/call_/]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await dialog.isVisible()).toBe(false);
    await served.api.call("DELETE", `/v1/calls/${live.callId}`, { key: tenant.key });

    await page.goto(`${served.baseUrl}/console/conversations/${callId}`);
    await page.locator(".player audio").waitFor();
    // By keyboard: the dialog opens on Cancel, and Escape closes it with nothing deleted.
    await page.getByRole("button", { name: "Delete conversation…" }).focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await page.keyboard.press("Escape");
    await waitFor("the dialog to close", async () => !(await dialog.isVisible()));
    expect(await page.locator(".transcript").count()).toBe(1);
    await page.getByRole("button", { name: "Delete conversation…" }).click();
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await page
      .getByText("Deleted the conversation's transcript, recording and analysis.")
      .waitFor();
    expect(
      await page.getByText(/Its transcript, recording and analysis were deleted/).isVisible(),
    ).toBe(true);
    expect(await page.locator(".transcript").count()).toBe(0);
    const after = await served.api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
    expect(after.body.deletedAt).not.toBeNull();
    expect(after.body.messages).toEqual([]);
    await clean("the conversation deleted");
  }, 60_000);
});
