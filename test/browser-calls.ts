import { expect } from "bun:test";
import type { TestApi } from "./api-harness";
import { CallerPeer } from "./caller-peer";

/** Creates an agent with `config` as the tenant and publishes it; returns its id. */
export async function publishedAgent(
  api: TestApi,
  key: string,
  config: Record<string, unknown> = {},
  name = "Desk",
): Promise<string> {
  const created = await api.call("POST", "/v1/agents", { key, body: { name, config } });
  expect(created.status).toBe(201);
  const published = await api.call("POST", `/v1/agents/${created.body.id}/publish`, { key });
  expect(published.status).toBe(201);
  return created.body.id as string;
}

/**
 * Calls the agent from a real WebRTC peer, as a browser does, and connects; the peer is added
 * to `callers` so the test can close it afterwards.
 */
export async function dialBrowser(
  api: TestApi,
  key: string,
  agentId: string,
  callers: CallerPeer[],
): Promise<{ caller: CallerPeer; callId: string }> {
  const caller = new CallerPeer();
  callers.push(caller);
  const res = await api.call("POST", "/v1/calls/web", {
    key,
    body: { agentId, sdp: await caller.offer() },
  });
  expect(res.status).toBe(201);
  await caller.answer(res.body.sdp);
  return { caller, callId: res.body.callId as string };
}
