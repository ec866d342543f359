import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CallerPeer } from "../test/caller-peer";
import { eventually } from "../test/eventually";
import { FakeGraphApi } from "../test/fake-graph-api";
import { GatewayProcess } from "../test/gateway-process";
import { hubSignature } from "../test/webhook-signing";
import { APP_SECRET, PHONE_NUMBER_ID, permissionReplyBody } from "../test/whatsapp-line";

// A machine killed mid-call (a crash, an OOM kill, a deploy without a drain), then started again
// on the same database: what its records say afterwards.
const ADMIN_KEY = "av_admin_restart-test-key-0123456789";
const CALLEE = "919800000002";
const workDir = mkdtempSync(join(tmpdir(), "astra-restart-"));
const graph = new FakeGraphApi();
const callers: CallerPeer[] = [];

afterAll(async () => {
  for (const caller of callers) caller.close();
  await gateway.kill();
  graph.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const gateway = new GatewayProcess({
  workDir,
  adminKey: ADMIN_KEY,
  env: { WHATSAPP_GRAPH_URL: graph.url, WHATSAPP_APP_SECRET: APP_SECRET },
});
const { base } = gateway;
const startGateway = () => gateway.start();
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  gateway.api(method, path, body, headers);

test("after a kill, a live call's duration runs to its last sign of life, and a call waiting for permission still dials", async () => {
  await startGateway();
  const tenant = (await api("POST", "/v1/tenants", { name: "Restart Dental" })).body;
  const agent = (await api("POST", "/v1/agents", { tenantId: tenant.id, name: "Front desk" })).body;
  expect((await api("POST", `/v1/agents/${agent.id}/publish`)).status).toBe(201);
  await api("PUT", `/v1/tenants/${tenant.id}/credentials/whatsapp_cloud`, {
    kind: "whatsapp_cloud",
    accessToken: graph.accessToken,
  });
  await api("POST", "/v1/bindings", {
    tenantId: tenant.id,
    agentId: agent.id,
    channel: "whatsapp_cloud",
    address: PHONE_NUMBER_ID,
  });

  // An outbound call waits for the user's permission.
  const placed = await api(
    "POST",
    "/v1/calls",
    { agentId: agent.id, channel: "whatsapp", to: `+${CALLEE}` },
    { "idempotency-key": "restart-1" },
  );
  expect(placed.body.status).toBe("waiting_permission");

  // A browser call is answered and goes on for several seconds.
  const caller = new CallerPeer();
  callers.push(caller);
  const web = await api("POST", "/v1/calls/web", { agentId: agent.id, sdp: await caller.offer() });
  expect(web.status).toBe(201);
  await caller.answer(web.body.sdp);
  await eventually("the greeting to be heard", () => caller.audibleMs() > 500, 15_000);
  const connectedAt = Date.now();
  await Bun.sleep(7000);
  await gateway.kill();
  const aliveMs = Date.now() - connectedAt;

  await startGateway();
  const record = (await api("GET", `/v1/conversations/${web.body.callId}`)).body;
  expect(record.status).toBe("ended");
  expect(record.endReason).toBe("gateway_restarted");
  // Heartbeats come every 5 s: the record may be short by at most that, never cut to nothing.
  expect(record.durationMs).toBeGreaterThan(aliveMs * 0.5);
  expect(record.durationMs).toBeLessThanOrEqual(aliveMs + 2000);
  expect(record.messages.length).toBeGreaterThan(0);

  const waiting = (await api("GET", `/v1/conversations/${placed.body.callId}`)).body;
  expect(waiting.status).toBe("waiting_permission");
  graph.setPermission(CALLEE, {
    status: "granted",
    canStartCall: true,
    canRequestPermission: false,
  });
  const reply = permissionReplyBody(CALLEE, "accept");
  const ack = await fetch(`${base}/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": hubSignature(reply, APP_SECRET),
    },
    body: reply,
  });
  expect(ack.status).toBe(200);
  await eventually(
    "the waiting call to dial",
    () => graph.callActions("connect").length === 1,
    15_000,
  );
}, 90_000);
