import { afterEach, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import {
  APP_SECRET,
  metaLine,
  permissionReplyBody,
  postWebhook,
} from "../../../test/whatsapp-line";
import { DEFAULT_PERMISSION_WAIT_MS } from "./whatsapp-dialler";

// A call placed without the user's permission waits for their reply, but not forever: a yes
// that comes days later must not ring them out of the blue.

const CALLEE = "919800000002";
let graph: FakeGraphApi;
let api: TestApi;

async function start(options: { whatsappPermissionWaitMs?: number } = {}) {
  graph = new FakeGraphApi();
  api = await startTestApi({ graphUrl: graph.url, whatsappAppSecret: APP_SECRET, ...options });
  const line = await metaLine(api, graph.accessToken);
  const placed = await api.call("POST", "/v1/calls", {
    key: line.key,
    body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
    headers: { "idempotency-key": "order-A-17" },
  });
  expect(placed.body.status).toBe("waiting_permission");
  const record = async () =>
    (await api.call("GET", `/v1/conversations/${placed.body.callId}`, { key: line.key })).body;
  return { callId: placed.body.callId as string, record };
}

afterEach(async () => {
  await api.close();
  graph.stop();
});

test("a request with no reply is given up after the wait, once; a yes after that rings nobody", async () => {
  const { callId, record } = await start();
  const dialler = api.whatsappDialler;
  expect(await dialler.expirePermissionWaits(Date.now())).toEqual([]);
  expect((await record()).status).toBe("waiting_permission");

  const later = Date.now() + DEFAULT_PERMISSION_WAIT_MS + 1000;
  expect(await dialler.expirePermissionWaits(later)).toEqual([callId]);
  expect(await dialler.expirePermissionWaits(later)).toEqual([]);
  const call = await record();
  expect(call).toMatchObject({ status: "ended", endReason: "permission_expired" });
  expect(call.events.map((e: { kind: string }) => e.kind)).toEqual([
    "permission_requested",
    "permission_expired",
  ]);
  expect(await api.metrics.render()).toContain(
    'astra_calls_ended_total{channel="whatsapp_cloud",reason="permission_expired"} 1\n',
  );
  // Told to the business like any ended call, once.
  const ended = await api.stores.db.execute(
    "SELECT body FROM event_outbox WHERE type = 'call.ended'",
  );
  expect(ended.rows.map((row) => JSON.parse(String(row.body)).data.endReason)).toEqual([
    "permission_expired",
  ]);

  graph.setPermission(CALLEE, {
    status: "granted",
    canStartCall: true,
    canRequestPermission: false,
  });
  expect((await postWebhook(api, permissionReplyBody(CALLEE, "accept"))).status).toBe(200);
  await api.background.idle();
  expect(graph.callActions("connect")).toHaveLength(0);
  expect((await record()).events).toHaveLength(2);
});

test("a yes that comes after the wait, before any sweep, gives the call up instead of ringing", async () => {
  const { record } = await start({ whatsappPermissionWaitMs: 1 });
  await Bun.sleep(5);
  graph.setPermission(CALLEE, {
    status: "granted",
    canStartCall: true,
    canRequestPermission: false,
  });
  expect((await postWebhook(api, permissionReplyBody(CALLEE, "accept"))).status).toBe(200);
  await api.background.idle();
  expect(graph.callActions("connect")).toHaveLength(0);
  expect(await record()).toMatchObject({ status: "ended", endReason: "permission_expired" });
});
