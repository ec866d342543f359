import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { dialBrowser, publishedAgent } from "../../test/browser-calls";
import type { CallerPeer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { WebhookReceiver } from "../../test/webhook-receiver";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

let sim: ModelSimulator;
let api: TestApi;
let receiver: WebhookReceiver;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  receiver = await WebhookReceiver.start();
  api = await startTestApi({ modelBaseUrl: sim.url, allowPrivateEgress: ["127.0.0.0/8"] });
});
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  await receiver.close();
});

test("a browser call through the model simulator is reported as started, answered and ended, signed", async () => {
  const tenant = await api.tenantWithKey();
  const agentId = await publishedAgent(api, tenant.key);
  const endpoint = await api.call("POST", "/v1/webhook-endpoints", {
    key: tenant.key,
    body: { url: receiver.url },
  });
  api.events.start();

  const { caller, callId } = await dialBrowser(api, tenant.key, agentId, callers);
  await eventually("the greeting to be heard", () => caller.audibleMs() > 500, 10_000);
  expect((await api.call("DELETE", `/v1/calls/${callId}`, { key: tenant.key })).status).toBe(204);

  const hooks = await eventually(
    "the after-call events to be delivered",
    () => receiver.received.length >= 6 && receiver.received,
    10_000,
  );
  const verifier = new Webhook(endpoint.body.secret);
  const events = hooks.map(
    (hook) =>
      verifier.verify(hook.body, {
        "webhook-id": hook.id,
        "webhook-timestamp": hook.timestamp,
        "webhook-signature": hook.signature,
      }) as { type: string; data: Record<string, unknown> },
  );
  // The call's own events, then what its after-call steps made, in order.
  expect(events.map((e) => e.type)).toEqual([
    "call.started",
    "call.answered",
    "call.ended",
    "call.transcript.ready",
    "call.recording.ready",
    "call.analysis.ready",
  ]);
  expect(events[0]?.data).toMatchObject({ callId, agentId, agentVersion: 1, channel: "web" });
  expect(events[2]?.data).toMatchObject({ callId, endReason: "hung_up_by_api", channel: "web" });
  const record = await api.call("GET", `/v1/conversations/${callId}`, { key: tenant.key });
  expect(events[1]?.data.answeredAt).toBe(record.body.mediaConnectedAt);
  // call.ended carries the call's usage row: what the business is billed for.
  const usage = await api.call("GET", `/v1/conversations/${callId}/usage`, { key: tenant.key });
  expect(events[2]?.data.usage).toMatchObject({
    billableSeconds: usage.body.billableSeconds,
    inputAudioTokens: record.body.usage.inputAudioTokens,
    outputAudioTokens: record.body.usage.outputAudioTokens,
  });
}, 40_000);
