import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { CallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { type GeminiSimulator, startGeminiSimulator } from "../../models/gemini-simulator/server";

let gemini: GeminiSimulator;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  gemini = await startGeminiSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => gemini.stop());
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api?.close();
});

async function geminiAgent(key: string, config: Record<string, unknown> = {}) {
  const body = { name: "Desk", config: { model: { provider: "gemini" }, ...config } };
  const created = await api.call("POST", "/v1/agents", { key, body });
  if (created.status === 201)
    await api.call("POST", `/v1/agents/${created.body.id}/publish`, { key });
  return created;
}

async function dial(key: string, agentId: string) {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId, sdp: await caller.offer() },
  });
  return { caller, res };
}

describe("agents on Gemini Live", () => {
  test("a voice or setting the provider lacks is refused, naming the field, and nothing is made", async () => {
    api = await startTestApi({ geminiBaseUrl: gemini.url });
    const { key } = await api.tenantWithKey();
    for (const [config, words] of [
      [{ voice: { name: "marin" } }, "voice.name marin is not one of the gemini voices"],
      [{ model: { provider: "gemini", name: "gpt-realtime" } }, "model.name gpt-realtime"],
      [{ turnDetection: { type: "semantic_vad" } }, "semantic_vad is not available on gemini"],
    ] as const) {
      const refused = await geminiAgent(key, config);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(words);
    }
    const onOpenAI = await api.call("POST", "/v1/agents", {
      key,
      body: { name: "Desk", config: { voice: { name: "Puck" } } },
    });
    expect(onOpenAI.status).toBe(400);
    expect(JSON.stringify(onOpenAI.body)).toContain(
      "voice.name Puck is not one of the openai voices",
    );
    const list = await api.call("GET", "/v1/agents", { key });
    expect(list.body.data).toHaveLength(0);
  });

  test("a browser call to a Gemini agent is answered through Gemini Live", async () => {
    api = await startTestApi({ geminiBaseUrl: gemini.url });
    const { key } = await api.tenantWithKey();
    const agent = await geminiAgent(key, { voice: { name: "Puck" } });
    expect(agent.status).toBe(201);
    const connectionsBefore = gemini.connections;
    const { caller, res } = await dial(key, agent.body.id);
    expect(res.status).toBe(201);
    await caller.answer(res.body.sdp);
    await eventually("the greeting to be heard", () => caller.audibleMs() > 800, 10_000);
    expect(gemini.connections).toBe(connectionsBefore + 1);
  }, 30_000);

  test("without Gemini configured, a call to a Gemini agent is refused and says why", async () => {
    api = await startTestApi();
    const { key } = await api.tenantWithKey();
    const agent = await geminiAgent(key);
    expect(agent.status).toBe(201);
    const connectionsBefore = gemini.connections;
    const { res } = await dial(key, agent.body.id);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toContain("GEMINI_API_KEY");
    expect(gemini.connections).toBe(connectionsBefore);
  });
});
