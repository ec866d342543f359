import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { type ModelSimulator, startModelSimulator } from "../../src/models/simulator/server";
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
import { writeSpeechLikeWav } from "./fake-microphone";
import { until } from "./page-probes";
import { type ServedApp, serveTestApp } from "./serve-app";

// The agent pages in a real browser, against the whole app and the model simulator: an agent
// made from a template, edited (with the API's refusal beside the field), published, rolled
// back, previewed and called from the browser on its draft.

const GREETING = "Hello, thanks for calling. How can I help you today?"; // a simulator line
const workDir = mkdtempSync(join(tmpdir(), "astra-console-agents-"));
let sim: ModelSimulator;
let served: ServedApp;
let browser: BrowserContext;
let tenant: { tenantId: string; key: string };
let watched: WatchedPage;
let page: Page;
let agentId = "";

beforeAll(async () => {
  await buildConsoleForTests();
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  served = await serveTestApp({ modelBaseUrl: sim.url });
  tenant = await served.api.tenantWithKey("Harbour Dental");
  // The caller stays quiet long enough for the greeting to be heard out.
  const fakeMicWav = writeSpeechLikeWav(workDir, 30_000, 500);
  browser = await launchChromium({ userDataDir: join(workDir, "profile"), fakeMicWav });
  watched = await watchedPage(browser);
  page = watched.page;
  await page.goto(`${served.baseUrl}/console/agents`);
  await signIn(page, tenant.key);
  await pageSettled(page, "Agents");
  // The browser's own first asks (its favicon) are not the pages' doing.
  watched.clear();
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  await sim?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

/** The page as the user sees it now: no console errors or failed requests, no serious axe findings. */
async function clean(state: string, expectedRefusals: RegExp[] = []) {
  const unexpected = watched.problems.filter(
    (problem) =>
      !expectedRefusals.some((refusal) => refusal.test(problem)) &&
      // Chromium also logs each refused request it was told of above.
      !(problem.startsWith("console: Failed to load resource") && expectedRefusals.length > 0),
  );
  watched.clear();
  expect({ state, problems: unexpected }).toEqual({ state, problems: [] });
  expect({ state, axe: await seriousAxeViolations(page) }).toEqual({ state, axe: [] });
}

/** docs/screenshots/<name>.png of what the window shows: the long settings form, one part of it. */
async function windowShot(name: string) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png` });
}

const tab = (name: string) =>
  page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name, exact: true });
const saveBar = () => page.getByRole("region", { name: "Saving the draft" });

async function saveDraft() {
  await saveBar().getByRole("button", { name: "Save draft" }).click();
}

function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>) {
  return until(what, check, () => {
    const errors = served.api.logLines.filter((line) => line.includes('"level":"error"'));
    return `page problems: ${watched.problems.join("\n")}\ngateway errors: ${errors.join("\n") || "none"}`;
  });
}

describe("the agent pages", () => {
  test("an agent is created from a template and opens on its draft", async () => {
    await page.getByRole("link", { name: "New agent" }).click();
    await page.getByRole("heading", { name: "From a template" }).waitFor();
    await page.getByRole("radio", { name: /Clinic reception/ }).waitFor();
    await clean("new agent");
    await screenshot(page, "agent-new");

    // No name: the API's message is shown beside the field, and nothing is created.
    await page.getByRole("radio", { name: /Clinic reception/ }).check();
    await page.getByRole("button", { name: "Create agent" }).click();
    const name = page.getByLabel("Name", { exact: true });
    await page.locator(".field-error").first().waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".field-invalid").first().textContent()).toContain(
      "must not be empty",
    );
    await clean("a nameless agent refused", [/^400 POST .*\/v1\/agents$/]);

    await name.fill("Front desk");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByText("Created agent Front desk.").waitFor();
    agentId = new URL(page.url()).pathname.split("/")[3] ?? "";
    expect(agentId).toMatch(/^agt_/);
    // The template's config is the draft: its persona and greeting are in the form.
    expect(await page.getByLabel("Persona name").inputValue()).toBe("Emma");
    expect(await page.getByLabel("How the call opens").inputValue()).toBe("fixed");
    expect(await page.getByText("not published").isVisible()).toBe(true);
    await clean("the new agent's settings");
    await windowShot("agent-settings");
  }, 60_000);

  test("a bad value is refused with the API's message beside its field, then saved when fixed", async () => {
    const speed = page.getByLabel("Speaking speed");
    await speed.fill("3");
    // An OpenAI voice, then the provider switched to Gemini under it.
    await page.getByLabel("Voice", { exact: true }).selectOption("marin");
    await page.getByLabel("Provider").selectOption("gemini");
    await saveDraft();
    const speedField = page.locator(".field", { has: speed });
    await speedField.locator(".field-error").waitFor();
    // Both refusals of this field, its range and its provider, are shown beside it.
    expect(await speedField.locator(".field-error").textContent()).toBe(
      "must be at most 1.5; voice.speed other than 1 is not available on gemini",
    );
    expect(await speed.getAttribute("aria-invalid")).toBe("true");
    // A check across fields (voice against provider) is placed beside the field it names.
    const voiceField = page.locator(".field", { has: page.getByLabel("Voice", { exact: true }) });
    expect(await voiceField.locator(".field-error").textContent()).toContain(
      "voice.name marin is not one of the gemini voices",
    );
    expect(await page.getByRole("alert").first().textContent()).toContain(
      "The draft was not saved",
    );
    await clean("the draft refused", [/^400 PUT .*\/draft$/]);
    await page
      .locator(".config-section", { has: speed })
      .evaluate((section) => section.scrollIntoView({ block: "center" }));
    await windowShot("agent-settings-invalid");
    const refused = await served.api.call("GET", `/v1/agents/${agentId}`, { key: tenant.key });
    expect(refused.body).toMatchObject({ draftRevision: 1, draft: { voice: { speed: 1 } } });

    await speed.fill("1.2");
    await page.getByLabel("Provider").selectOption("openai");
    await page.getByLabel("Greeting text").fill(GREETING);
    await saveDraft();
    await saveBar().getByText("Saved the draft (revision 2).").waitFor();
    expect(await page.locator(".field-error").count()).toBe(0);
    const saved = await served.api.call("GET", `/v1/agents/${agentId}`, { key: tenant.key });
    expect(saved.body.draft).toMatchObject({
      voice: { speed: 1.2, name: "marin" },
      model: { provider: "openai" },
      greeting: { mode: "fixed", text: GREETING },
    });
    await clean("the draft saved");
  }, 60_000);

  test("the draft is published, changed, compared with what is live, and rolled back", async () => {
    await tab("Versions").click();
    await page.getByRole("heading", { name: "Publish the draft" }).waitFor();
    await page.getByLabel("Note (optional)").fill("First version");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Published version 1.").waitFor();
    await page.getByText("version 1 live").waitFor();

    // A change in the form and one in the JSON are the same unsaved draft.
    await tab("Settings").click();
    const instructions = page.getByLabel("Instructions", { exact: true });
    await instructions.fill(
      `${await instructions.inputValue()}\nAlways offer the earliest free time first.`,
    );
    await tab("JSON").click();
    const json = page.getByLabel("Draft config (AgentConfig)");
    const draft = JSON.parse(await json.inputValue());
    expect(draft.instructions).toEndWith("Always offer the earliest free time first.");
    await json.fill("{ not json");
    await page.getByText(/This is not JSON yet/).waitFor();
    expect(await saveBar().getByRole("button", { name: "Save draft" }).isDisabled()).toBe(true);
    await json.fill(
      JSON.stringify({ ...draft, silence: { ...draft.silence, maxRetries: 1 } }, null, 2),
    );
    await clean("the draft as JSON");
    await screenshot(page, "agent-json");
    await saveDraft();
    await saveBar().getByText("Saved the draft (revision 3).").waitFor();

    await tab("Changes").click();
    await page.getByRole("heading", { name: "The draft against version 1 (published)" }).waitFor();
    const rows = page.locator(".diff-table tbody tr");
    expect(await rows.locator("th code").allTextContents()).toEqual([
      "instructions",
      "silence.maxRetries",
    ]);
    expect(await rows.first().locator("ins").textContent()).toContain(
      "Always offer the earliest free time first.",
    );
    await clean("draft against published");
    await screenshot(page, "agent-changes");

    await tab("Versions").click();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Published version 2.").waitFor();
    await page.getByRole("button", { name: "Roll back to version 1" }).click();
    await page.getByRole("button", { name: "Publish version 1 again" }).click();
    await page.getByText("Version 1 is live again, as version 3.").waitFor();
    const live = page.getByRole("row", { name: /rollback to version 1/ });
    expect(await live.textContent()).toContain("live");
    const versions = await served.api.call("GET", `/v1/agents/${agentId}/versions`, {
      key: tenant.key,
    });
    expect(
      versions.body.data.map((v: { version: number; sourceVersion: number | null }) => [
        v.version,
        v.sourceVersion,
      ]),
    ).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    await clean("versions after a rollback");
    await screenshot(page, "agent-versions");
  }, 60_000);

  test("the prompt preview shows what the model gets, with a bad variable named beside its box", async () => {
    await tab("Prompt preview").click();
    const variables = page.getByLabel("Call variables (optional)");
    await variables.fill("{oops");
    await page.getByRole("button", { name: "Show the prompt" }).click();
    const variablesField = page.locator(".field", { has: variables });
    await variablesField.locator(".field-error").waitFor();
    expect(await variablesField.locator(".field-error").textContent()).toContain(
      "must be a JSON object",
    );
    await clean("a bad variable refused", [/^400 GET .*\/prompt-preview\?/]);

    await variables.fill('{"company":"Harbour Dental"}');
    await page.getByRole("button", { name: "Show the prompt" }).click();
    const result = page.getByRole("region", { name: /What the model gets \(the draft, inbound\)/ });
    await result.waitFor();
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("You are the receptionist of Harbour Dental.");
    expect(text).toContain("Always offer the earliest free time first.");
    expect(text).toContain("marin");
    await clean("the prompt preview");
    await screenshot(page, "agent-preview");
  }, 60_000);

  test("a test call reaches the draft from the browser: its greeting is in the live transcript", async () => {
    await tab("Test call").click();
    await page.getByRole("button", { name: "Call the draft" }).click();
    const agentLines = page.locator(".live-transcript .line-assistant .line-text");
    await waitFor(
      "the greeting in the live transcript",
      async () =>
        (await agentLines.count()) >= 1 && (await agentLines.first().textContent()) === GREETING,
    );
    expect(await page.getByRole("status").filter({ hasText: "Connected" }).isVisible()).toBe(true);
    // The agent's voice plays in the page.
    const playing = await page.$eval(
      ".test-call audio",
      (audio) =>
        (audio as HTMLAudioElement).srcObject !== null && !(audio as HTMLAudioElement).paused,
    );
    expect(playing).toBe(true);
    await clean("a live test call");
    await screenshot(page, "agent-test-call");

    await page.getByRole("button", { name: "Hang up" }).click();
    await page.getByText("You hung up.").waitFor();
    expect(await page.getByRole("button", { name: "Call the draft" }).isEnabled()).toBe(true);
    const calls = await served.api.call("GET", `/v1/conversations?agentId=${agentId}`, {
      key: tenant.key,
    });
    const callId = calls.body.data[0]?.id;
    const record = await waitFor("the stored test call", async () => {
      const res = await served.api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
      return res.body.status === "ended" && res.body;
    });
    // It was the draft (version 0, revision 3) that answered, not the live version 3.
    expect(record).toMatchObject({
      agentVersion: 0,
      draftRevision: 3,
      endReason: "hung_up_by_api",
    });
    expect(served.api.registry.size).toBe(0);
    await clean("after the test call");
  }, 60_000);

  test("an agent is drafted from a description, reviewed, then created", async () => {
    await page.goto(`${served.baseUrl}/console/agents/new`);
    await pageSettled(page, "Agents");
    await page.getByRole("button", { name: "Draft an agent" }).click();
    const about = page.getByLabel("About the business");
    await page.locator(".field", { has: about }).locator(".field-error").waitFor();
    expect(await about.getAttribute("aria-invalid")).toBe("true");
    await clean("an empty description refused", [/^400 POST .*\/v1\/agents\/generate$/]);

    await about.fill(
      "Seaside Physio, a physiotherapy clinic in Brighton: callers book, move or cancel appointments.",
    );
    await page.getByRole("button", { name: "Draft an agent" }).click();
    const review = page.getByRole("region", { name: /^Drafted:/ });
    await review.waitFor();
    // Offline the gateway fills a template, and says so; nothing is stored yet.
    expect(await review.textContent()).toContain("the gateway has no drafting model");
    const before = await served.api.call("GET", "/v1/agents", { key: tenant.key });
    expect(before.body.data).toHaveLength(1);
    await clean("a drafted agent to review");
    await screenshot(page, "agent-ai-draft");

    await review.getByRole("button", { name: "Create this agent" }).click();
    await page.getByText(/^Created agent /).waitFor();
    const after = await served.api.call("GET", "/v1/agents", { key: tenant.key });
    expect(after.body.data).toHaveLength(2);
    await clean("the drafted agent created");
  }, 60_000);

  test("the list shows the agent live, and the pages work on a phone-sized screen", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${served.baseUrl}/console/agents`);
    await pageSettled(page, "Agents");
    const row = page.getByRole("row", { name: /Front desk/ });
    expect(await row.textContent()).toContain("version 3");
    await row.getByRole("link", { name: "Front desk", exact: true }).click();
    await tab("Settings").waitFor();
    // Nothing is wider than the screen: the page does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await clean("the agent on a phone");
    await windowShot("agent-phone");
    // Keyboard: the tabs are links reached and followed with the keyboard.
    await tab("Versions").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Publish the draft" }).waitFor();
  }, 60_000);
});
