import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { type ReceivedWebhook, WebhookReceiver } from "../../test/webhook-receiver";
import { newId } from "../domain/ids";
import { memoryLogger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import { openDb } from "../store/db";
import { WebhookDeliveryStore } from "../store/webhook-deliveries";
import { EventDispatcher } from "./event-dispatcher";

let api: TestApi;
let receiver: WebhookReceiver;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  await api?.close();
  await receiver?.close();
  for (const close of closers.splice(0)) await close();
});

async function tenantAndAgent() {
  const tenant = await api.tenantWithKey();
  const agentId = (
    await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })
  ).body.id;
  return { ...tenant, agentId };
}

async function startCall(tenantId: string, agentId: string): Promise<string> {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "test-machine",
  });
  return id;
}

const deliveriesOf = async (endpointId: string, key: string) =>
  (await api.call("GET", `/v1/webhook-endpoints/${endpointId}/deliveries`, { key })).body.data;

describe("event delivery and the egress guard", () => {
  test("a name that resolved to a public address when added but to loopback now is not delivered to", async () => {
    receiver = await WebhookReceiver.start();
    let resolvesTo = "93.184.215.14";
    const lookup: Lookup = async () => [{ address: resolvesTo }];
    api = await startTestApi({ eventLookup: lookup });
    const { tenantId, key, agentId } = await tenantAndAgent();
    const port = new URL(receiver.url).port;
    const made = await api.call("POST", "/v1/webhook-endpoints", {
      key,
      body: { url: `http://hooks.example.com:${port}/hooks/astra` },
    });
    expect(made.status).toBe(201);
    resolvesTo = "127.0.0.1";
    await startCall(tenantId, agentId);
    await api.events.runOnce();
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(made.body.id, key);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toContain("loopback");
  });

  test("a redirect is not followed, so it cannot lead a delivery to a private or metadata address", async () => {
    receiver = await WebhookReceiver.start();
    api = await startTestApi({ allowPrivateEgress: ["127.0.0.0/8"] });
    receiver.answer = 307;
    const { tenantId, key, agentId } = await tenantAndAgent();
    const made = await api.call("POST", "/v1/webhook-endpoints", {
      key,
      body: { url: receiver.url },
    });
    await startCall(tenantId, agentId);
    await api.events.runOnce();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(made.body.id, key);
    expect(delivery).toMatchObject({
      status: "pending",
      lastError: "answered with a redirect, which is not followed",
    });
  });
});

describe("event delivery from several processes", () => {
  test("two dispatchers on one database send each event once, each call's events in order", async () => {
    const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), "astra-events-")), "gateway.db")}`;
    receiver = await WebhookReceiver.start();
    api = await startTestApi({ dbUrl, allowPrivateEgress: ["127.0.0.0/8"] });
    const { tenantId, key, agentId } = await tenantAndAgent();
    await api.call("POST", "/v1/webhook-endpoints", { key, body: { url: receiver.url } });
    // The receiver is slow enough that both processes are at work at once.
    receiver.answer = () => new Promise((resolve) => setTimeout(() => resolve(200), 5));
    const calls: string[] = [];
    for (let i = 0; i < 8; i++) calls.push(await startCall(tenantId, agentId));
    for (const id of calls) await api.stores.calls.mark(id, "media_connected_at");
    for (const id of calls)
      await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });

    const otherDb = await openDb({ url: dbUrl });
    closers.push(() => otherDb.close());
    const other = new EventDispatcher({
      endpoints: api.stores.webhookEndpoints,
      deliveries: new WebhookDeliveryStore(otherDb),
      egress: EgressPolicy.allowing(["127.0.0.0/8"]),
      log: memoryLogger("info").logger,
      batchSize: 4,
    });
    const rounds = async (dispatcher: EventDispatcher) => {
      for (let i = 0; i < 10; i++) await dispatcher.runOnce();
    };
    await Promise.all([rounds(api.events), rounds(other)]);

    const ids = receiver.received.map((h) => h.id);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const typeOf = (h: ReceivedWebhook) => JSON.parse(h.body).type;
    for (const id of calls) {
      const ofCall = receiver.received.filter((h) => JSON.parse(h.body).data.callId === id);
      expect(ofCall.map(typeOf)).toEqual(["call.started", "call.answered", "call.ended"]);
    }
  });
});
