import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { DEFAULT_PERMISSION_WAIT_MS } from "../../src/calls/whatsapp/whatsapp-dialler";
import { newId } from "../../src/domain/ids";
import { type ModelSimulator, startModelSimulator } from "../../src/models/simulator/server";
import { FakeGraphApi } from "../fake-graph-api";
import { WebhookReceiver } from "../webhook-receiver";
import { APP_SECRET, metaLine, permissionReplyBody, postWebhook } from "../whatsapp-line";
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
import { until } from "./page-probes";
import { type ServedApp, serveTestApp } from "./serve-app";

// The Webhooks, Usage and Outbound call pages in a real browser, against the whole app: an
// endpoint on a local receiver with its deliveries and a redelivery; usage of seeded calls by
// day, agent and channel; a WhatsApp call placed against a local Graph API, its permission
// requested, then granted, refused or left unanswered until it expires.

const CALLEE = "919800000002";
const workDir = mkdtempSync(join(tmpdir(), "astra-console-hooks-"));
let sim: ModelSimulator;
let graph: FakeGraphApi;
let receiver: WebhookReceiver;
let served: ServedApp;
let browser: BrowserContext;
let line: { tenantId: string; key: string; agentId: string };
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  await buildConsoleForTests();
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
  graph = new FakeGraphApi();
  receiver = await WebhookReceiver.start();
  served = await serveTestApp({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    allowPrivateEgress: ["127.0.0.0/8"],
  });
  line = await metaLine(served.api, graph.accessToken, {}, { name: "Harbour Dental" });
  browser = await launchChromium({ userDataDir: join(workDir, "profile") });
  watched = await watchedPage(browser);
  page = watched.page;
  await page.goto(`${served.baseUrl}/console/webhooks`);
  await signIn(page, line.key);
  await pageSettled(page, "Webhooks");
  watched.clear();
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await served?.stop().catch(() => {});
  await receiver?.close();
  graph?.stop();
  await sim?.stop().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
});

/** No console errors or failed requests since the last look, and no serious axe findings. */
async function clean(state: string) {
  const problems = watched.problems.splice(0);
  expect({ state, problems }).toEqual({ state, problems: [] });
  expect({ state, axe: await seriousAxeViolations(page) }).toEqual({ state, axe: [] });
}

function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>) {
  return until(what, check, () => `page problems: ${watched.problems.join("\n") || "none"}`);
}

async function openPage(path: string, title: string) {
  await page.getByRole("navigation").getByRole("link", { name: title, exact: true }).click();
  await pageSettled(page, title);
  expect(new URL(page.url()).pathname).toBe(`/console/${path}`);
}

/** A call the engine records from start to end, in `channel`, started `daysAgo` UTC days back. */
async function recordCall(
  tenantId: string,
  agentId: string,
  options: { channel?: "web" | "whatsapp_cloud"; daysAgo?: number; minutes?: number } = {},
) {
  const id = newId("call");
  const startedMs = Date.now() - (options.daysAgo ?? 0) * 86_400_000 - 5 * 60_000;
  const calls = served.api.stores.calls;
  await calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: options.channel ?? "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "console-test",
    receivedAt: new Date(startedMs).toISOString(),
  });
  // Billed from the answer to the end, which is now: answered a few minutes ago.
  const answeredMs = Date.now() - (options.minutes ?? 3) * 60_000;
  await calls.mark(id, "answered_at", new Date(answeredMs).toISOString());
  await calls.end(id, {
    reason: "caller_hung_up",
    usage: { inputAudioTokens: 1200, outputAudioTokens: 800 },
    metrics: {},
    model: "gpt-realtime",
  });
  return id;
}

const row = (text: RegExp | string) => page.getByRole("row", { name: text });
/** A table row's cells as the page writes them. */
const cellsOf = (tableRow: Locator) => tableRow.getByRole("cell").allTextContents();

describe("the webhooks page", () => {
  test("an endpoint is added with its secret shown once; deliveries show in its log; one is redelivered", async () => {
    await openPage("webhooks", "Webhooks");
    await page.getByText("No webhook endpoints yet").waitFor();
    await page.getByLabel("URL", { exact: true }).fill("http://169.254.169.254/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByText("webhooks are not delivered to this URL").waitFor();
    expect(await page.getByLabel("URL", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    watched.clear(); // the refusal above is the API's 400, expected

    await page.getByLabel("URL", { exact: true }).fill(receiver.url);
    await page.getByLabel("Description (optional)").fill("CRM");
    await page.getByRole("checkbox", { name: /call\.started/ }).check();
    await page.getByRole("checkbox", { name: /call\.ended/ }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await clean("secret shown");
    await page.getByRole("button", { name: "I have saved it" }).click();
    await row(/CRM/).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await row(/CRM/).textContent()).toContain("call.started, call.ended");
    await screenshot(page, "webhook-endpoints");

    await row(/CRM/).getByRole("link").click();
    await page.getByRole("heading", { name: "Deliveries" }).waitFor();
    await page.getByText("Nothing has been sent to this endpoint yet").waitFor();
    await recordCall(line.tenantId, line.agentId);
    served.api.events.start();
    await waitFor("two deliveries", async () => receiver.received.length >= 2);
    // Signed with the secret the page showed.
    for (const hook of receiver.received) {
      expect(
        new Webhook(secret).verify(hook.body, {
          "webhook-id": hook.id,
          "webhook-timestamp": hook.timestamp,
          "webhook-signature": hook.signature,
        }),
      ).toBeTruthy();
    }
    const log = page.getByRole("region", { name: /Deliveries to/ });
    await waitFor("the log to show both delivered", async () => {
      const text = await log.textContent().catch(() => "");
      return (text?.match(/delivered/g) ?? []).length === 2;
    });
    const first = receiver.received.find((hook) => JSON.parse(hook.body).type === "call.started");
    const started = log.getByRole("row", { name: new RegExp(first?.id ?? "none") });
    // Event, created, status, attempts, response, last attempt, next retry.
    expect((await cellsOf(started)).slice(2, 5)).toEqual(["delivered", "1", "200"]);

    await started.getByRole("button", { name: /Redeliver call\.started/ }).click();
    await page.getByText("The call.started event is queued to be sent again").waitFor();
    await waitFor("the receiver to get it again", async () => receiver.received.length === 3);
    expect(receiver.received[2]?.id).toBe(first?.id);
    await waitFor("the log to count a second attempt", async () => {
      const cells = await cellsOf(started);
      return cells[2] === "delivered" && cells[3] === "2";
    });

    // The receiver fails: the log says how and when it is tried again.
    receiver.answer = 503;
    await recordCall(line.tenantId, line.agentId);
    // Its call.started failed and waits for a retry; its call.ended waits behind it, in order.
    const retried = log.getByRole("row").filter({ hasText: "503" });
    await waitFor("a failed attempt in the log", async () => (await retried.count()) === 1);
    const cells = await cellsOf(retried);
    expect(cells.slice(0, 5)).toEqual([
      expect.stringContaining("call.started"),
      expect.any(String),
      "pending",
      "1",
      "503",
    ]);
    expect(cells[6]).not.toBe("—"); // when it is tried next
    await clean("delivery log");
    await screenshot(page, "webhook-deliveries");
    receiver.answer = 200;
  }, 90_000);

  test("an endpoint's events and state are edited, then it is removed", async () => {
    await page.getByRole("checkbox", { name: /call\.ended/ }).uncheck();
    await page.getByRole("checkbox", { name: /Enabled/ }).uncheck();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved.").waitFor();
    const listed = await served.api.call("GET", "/v1/webhook-endpoints", { key: line.key });
    expect(listed.body.data[0]).toMatchObject({ eventTypes: ["call.started"], enabled: false });
    await page.getByText("Disabled: it gets no events").waitFor();

    await page.getByRole("button", { name: "Remove this endpoint" }).click();
    await page.getByRole("button", { name: "Remove this endpoint now" }).click();
    await page.getByText(`Removed the endpoint ${receiver.url}.`).waitFor();
    await page.getByText("No webhook endpoints yet").waitFor();
    await clean("removed");
  }, 60_000);
});

describe("the usage page", () => {
  test("seeded calls show by day, by agent and by channel, within the range asked for", async () => {
    const other = (
      await served.api.call("POST", "/v1/agents", { key: line.key, body: { name: "Night line" } })
    ).body.id;
    await recordCall(line.tenantId, line.agentId, { daysAgo: 3 });
    await recordCall(line.tenantId, line.agentId, { daysAgo: 3, channel: "whatsapp_cloud" });
    await recordCall(line.tenantId, other, { daysAgo: 40 });
    await recordCall(line.tenantId, other, { daysAgo: 1, channel: "whatsapp_cloud" });
    // With the two calls of the webhooks test, today: 2, 1 day ago: 1, 3 days ago: 2.
    await openPage("usage", "Usage");
    const table = page.getByRole("table", { name: "Usage by day" });
    const dayOf = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toLocaleDateString("en-US", {
        month: "short",
        day: "numeric",
        timeZone: "UTC",
      });
    // Day, calls, minutes, tokens in, tokens out, cost.
    const rows = async (of: Locator) =>
      Promise.all(
        (await of.getByRole("row").all()).slice(1).map(async (r) => (await cellsOf(r)).slice(0, 2)),
      );
    expect(await rows(table)).toEqual([
      [dayOf(3), "2"],
      [dayOf(1), "1"],
      [dayOf(0), "2"],
    ]);
    await page.getByRole("img", { name: /Billable minutes by day/ }).waitFor();
    await clean("by day");

    await page.getByLabel("Group by").selectOption("agent");
    const byAgent = page.getByRole("table", { name: "Usage by agent" });
    await byAgent.waitFor();
    // The call 40 days ago is outside the last 30 days.
    expect((await rows(byAgent)).sort()).toEqual([
      ["Night line", "1"],
      ["WhatsApp desk", "4"],
    ]);
    await page
      .getByLabel("From", { exact: true })
      .fill(new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Show" }).click();
    await waitFor("the wider range", async () =>
      (await rows(byAgent)).some(([name, calls]) => name === "Night line" && calls === "2"),
    );
    await clean("by agent");
    await screenshot(page, "usage-by-agent");

    await page.getByLabel("Group by").selectOption("channel");
    const byChannel = page.getByRole("table", { name: "Usage by channel" });
    await byChannel.waitFor();
    expect((await rows(byChannel)).sort()).toEqual([
      ["Browser", "4"],
      ["WhatsApp (Meta)", "2"],
    ]);

    // A range the API refuses is named beside its field.
    await page
      .getByLabel("To", { exact: true })
      .fill(new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByText("must not be before query.from").first().waitFor();
    expect(await page.getByLabel("To", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    watched.clear();
  }, 60_000);
});

describe("the outbound call page", () => {
  async function placeCall(order: string, formShot?: string) {
    await openPage("outbound-call", "Outbound call");
    await page.getByLabel("Agent", { exact: true }).selectOption({ label: "WhatsApp desk" });
    await page.getByRole("radio", { name: /WhatsApp/ }).check();
    await page.getByLabel("WhatsApp number").fill("+91 98000 00002");
    await page.getByRole("button", { name: "Add a variable" }).click();
    await page.getByLabel("Name 1").fill("order");
    await page.getByLabel("Value 1").fill(order);
    if (formShot) {
      await clean("call form");
      await screenshot(page, formShot);
    }
    await page.getByRole("button", { name: "Call now" }).click();
    await page.waitForURL(/\/console\/outbound-call\/call_/);
    const callId = new URL(page.url()).pathname.split("/").at(-1) as string;
    const permission = page.getByRole("region", { name: "Call permission" });
    await permission.getByText("Requested: waiting for the user").waitFor();
    return { callId, permission };
  }

  test("a WhatsApp call asks for permission, shows it requested, then granted, and dials", async () => {
    const { callId, permission } = await placeCall("A-17", "outbound-call-form");
    const asked = graph.requests.filter((r) => r.path.endsWith("/messages"));
    expect(asked.at(-1)?.body).toMatchObject({
      to: CALLEE,
      interactive: { type: "call_permission_request" },
    });
    expect(await page.locator('[aria-current="step"]').textContent()).toContain(
      "Waiting for permission",
    );
    await clean("permission requested");
    await screenshot(page, "outbound-call-requested");

    graph.setPermission(CALLEE, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    expect((await postWebhook(served.api, permissionReplyBody(CALLEE, "accept"))).status).toBe(200);
    await permission.getByText("Granted: the user allowed the call").waitFor();
    await waitFor("the call to ring", async () =>
      /Ringing/.test((await page.locator('[aria-current="step"]').textContent()) ?? ""),
    );
    expect(graph.callActions("connect")).toHaveLength(1);
    await clean("permission granted");
    await screenshot(page, "outbound-call-granted");
    await page.getByRole("button", { name: "Hang up" }).click();
    await page.getByText("The call ended: it was hung up from here or the API.").waitFor();
    const record = await served.api.call("GET", `/v1/conversations/${callId}`, { key: line.key });
    expect(record.body.endReason).toBe("hung_up_by_api");
  }, 60_000);

  test("a refused permission shows refused and ends the call; on a phone-sized screen too", async () => {
    graph.setPermission(CALLEE, {
      status: "no_permission",
      canStartCall: false,
      canRequestPermission: true,
    });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("button", { name: "Menu" }).click();
    const { permission } = await placeCall("B-9");
    expect((await postWebhook(served.api, permissionReplyBody(CALLEE, "reject"))).status).toBe(200);
    await permission.getByText("Refused: the user declined the call").waitFor();
    await page.getByText("The call ended: the user refused the call permission.").waitFor();
    // Nothing spills sideways at 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await clean("permission refused");
    await screenshot(page, "outbound-call-refused-phone");
    expect(graph.callActions("connect")).toHaveLength(1);
  }, 60_000);

  test("a request left unanswered past the wait shows expired", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const { permission } = await placeCall("C-3");
    const later = Date.now() + DEFAULT_PERMISSION_WAIT_MS + 1000;
    expect(await served.api.whatsappDialler.expirePermissionWaits(later)).toHaveLength(1);
    await permission.getByText("Expired: the user did not reply in time").waitFor();
    await page
      .getByText("The call ended: the user did not reply to the permission request in time.")
      .waitFor();
    await clean("permission expired");
    await screenshot(page, "outbound-call-expired");
  }, 60_000);
});
