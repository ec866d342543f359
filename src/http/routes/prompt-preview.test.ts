import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { sessionUpdateEvent } from "../../models/openai/session-config";
import { type ModelSimulator, startModelSimulator } from "../../models/simulator/server";

let sim: ModelSimulator;
let api: TestApi;
let tenant: { tenantId: string; key: string };
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({
    pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 },
    recordClientEvents: true,
  });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  api = await startTestApi({ modelBaseUrl: sim.url });
  tenant = await api.tenantWithKey();
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
});

const CONFIG = {
  instructions: "Take table bookings for {{company}}. Mention the {{offer}} offer.",
  persona: { name: "Sara", role: "host", company: "Trattoria Roma" },
  greeting: { mode: "fixed", text: "Ciao! {{agent_name}} at {{company}}, how can I help?" },
  language: { mode: "auto", primary: "it", allowed: ["en"] },
  business: { hours: "Tuesday to Sunday, noon to ten", services: ["dine in", "takeaway"] },
  rules: ["Never take a booking for more than 12 people."],
  outbound: { instructions: "Confirm {{contact_name}}'s booking for {{date}}." },
  variables: { offer: "lunch" },
};

async function agentWith(config: Record<string, unknown>, publish = true) {
  const created = await api.call("POST", "/v1/agents", {
    key: tenant.key,
    body: { name: "Bookings", config },
  });
  if (publish) await api.call("POST", `/v1/agents/${created.body.id}/publish`, { key: tenant.key });
  return created.body.id as string;
}

const preview = (agentId: string, query = "", key = tenant.key) =>
  api.call("GET", `/v1/agents/${agentId}/prompt-preview${query}`, { key });

describe("the prompt preview", () => {
  test("shows exactly what a real call sends the model: session and greeting", async () => {
    const agentId = await agentWith(CONFIG);
    const shown = await preview(agentId);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ agentId, version: 1, direction: "inbound" });

    const before = sim.clientEvents.length;
    const caller = new CallerPeer();
    callers.push(caller);
    const res = await api.call("POST", "/v1/calls/web", {
      key: tenant.key,
      body: { agentId, sdp: await caller.offer() },
    });
    expect(res.status).toBe(201);
    await caller.answer(res.body.sdp);
    const sent = () => sim.clientEvents.slice(before).map(({ event }) => event);
    await eventually("the greeting to be asked for", () =>
      sent().some((e) => e.type === "response.create"),
    );
    const session = sent().find((e) => e.type === "session.update");
    const greeting = sent().find((e) => e.type === "response.create");

    // The whole session.update the call sent is the one the preview's settings make.
    expect(session?.type === "session.update" && session.session).toEqual(
      sessionUpdateEvent(shown.body.session).session,
    );
    expect(greeting?.type === "response.create" && greeting.response?.instructions).toBe(
      shown.body.greeting,
    );
    expect(shown.body.greeting).toBe(
      'Say exactly this greeting, and nothing else: "Ciao! Sara at Trattoria Roma, how can I help?"',
    );
    expect(shown.body.session.instructions).toContain("Mention the lunch offer.");
    expect(shown.body.session.voice).toBe("marin");
    expect(shown.body.language).toEqual({ mode: "auto", start: "it", allowed: ["it", "en"] });
  }, 30_000);

  test("a version, the draft, or the published one; the draft needs asking for before publishing", async () => {
    const agentId = await agentWith({ instructions: "First." }, false);
    expect((await preview(agentId)).status).toBe(409);
    expect((await preview(agentId, "?version=draft")).body.session.instructions).toContain(
      "First.",
    );
    await api.call("POST", `/v1/agents/${agentId}/publish`, { key: tenant.key });
    await api.call("PATCH", `/v1/agents/${agentId}`, {
      key: tenant.key,
      body: { config: { instructions: "Second." } },
    });
    const published = await preview(agentId);
    expect([published.body.version, published.body.session.instructions]).toEqual([
      1,
      expect.stringContaining("First."),
    ]);
    const draft = await preview(agentId, "?version=draft");
    expect([draft.body.version, draft.body.session.instructions]).toEqual([
      "draft",
      expect.stringContaining("Second."),
    ]);
    expect((await preview(agentId, "?version=1")).body.session.instructions).toContain("First.");
    expect((await preview(agentId, "?version=2")).status).toBe(404);
  });

  test("an outbound call with variables: its own task, values filled, missing ones listed", async () => {
    const agentId = await agentWith(CONFIG);
    const variables = encodeURIComponent(JSON.stringify({ offer: "dinner" }));
    const shown = await preview(
      agentId,
      `?direction=outbound&contactName=Ann&callerLanguage=en&variables=${variables}`,
    );
    expect(shown.status).toBe(200);
    expect(shown.body.session.instructions).toContain("Confirm Ann's booking for.");
    expect(shown.body.session.instructions).not.toContain("Take table bookings");
    expect(shown.body.session.instructions).toContain("Start the call in English");
    expect(shown.body.unfilledVariables).toEqual(["date"]);
    expect(shown.body.language.start).toBe("en");
  });

  test("bad details are refused naming the field; other tenants' agents are not found", async () => {
    const agentId = await agentWith(CONFIG);
    const bad = await preview(agentId, "?variables=%7Bnope");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("query.variables");
    const notStrings = await preview(agentId, `?variables=${encodeURIComponent('{"a":1}')}`);
    expect(notStrings.body.error.message).toContain("query.variables.a");
    expect((await preview(agentId, "?version=latest")).body.error.message).toContain(
      "query.version",
    );
    const other = await api.tenantWithKey("Other");
    expect((await preview(agentId, "", other.key)).status).toBe(404);
  });
});
