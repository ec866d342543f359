import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { type CallerPeer, createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  permissionReplyBody,
  postWebhook,
  terminateBody,
} from "../../../test/whatsapp-line";

// A machine that drains for shutdown takes no new call by any road, and says so.
const CALLEE = "919800000002";
let graph: FakeGraphApi;
let api: TestApi;
const callers: CallerPeer[] = [];

async function drainingApi(onFly: boolean) {
  graph = new FakeGraphApi();
  api = await startTestApi({ graphUrl: graph.url, whatsappAppSecret: APP_SECRET, onFly });
  const line = await metaLine(api, graph.accessToken);
  const caller = await createCallerPeer({ whatsappStyle: true });
  callers.push(caller);
  api.calls.refuseNewCalls();
  return { line, caller };
}

afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  graph.stop();
});

const conversations = async (key: string) =>
  (await api.call("GET", "/v1/conversations", { key })).body.data;

describe("a draining machine", () => {
  test("is not ready, and refuses browser and outbound calls with 503 draining", async () => {
    const { line, caller } = await drainingApi(false);
    const ready = await api.call("GET", "/readyz", { key: null });
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe("draining");
    expect((await api.call("GET", "/healthz", { key: null })).status).toBe(200);

    const web = await api.call("POST", "/v1/calls/web", {
      key: line.key,
      body: { agentId: line.agentId, sdp: caller.offerSdp },
    });
    expect(web.status).toBe(503);
    expect(web.body.error.code).toBe("draining");
    const outbound = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
      headers: { "idempotency-key": "drain-1" },
    });
    expect(outbound.status).toBe(503);
    expect(outbound.body.error.code).toBe("draining");
    expect(graph.callActions()).toHaveLength(0);
    expect(await conversations(line.key)).toHaveLength(0);
  });

  test("on Fly, hands a call's webhook to another machine with fly-replay and does nothing", async () => {
    const { line, caller } = await drainingApi(true);
    const connect = await postWebhook(api, connectBody("wacid.drain1", caller.offerSdp));
    expect(connect.status).toBe(503);
    expect(connect.headers.get("fly-replay")).toBe("elsewhere=true");
    expect(connect.body.error.code).toBe("draining");
    const permission = await postWebhook(api, permissionReplyBody(CALLEE, "accept"));
    expect(permission.headers.get("fly-replay")).toBe("elsewhere=true");
    // Webhooks about calls already under way are still acted on here.
    const terminate = await postWebhook(api, terminateBody("wacid.other"));
    expect(terminate.status).toBe(200);
    expect(terminate.headers.get("fly-replay")).toBeNull();
    await api.background.idle();
    expect(graph.callActions()).toHaveLength(0);
    expect(await conversations(line.key)).toHaveLength(0);
  });

  test("off Fly, rejects an inbound call through the provider and keeps why", async () => {
    const { line, caller } = await drainingApi(false);
    const connect = await postWebhook(api, connectBody("wacid.drain2", caller.offerSdp));
    expect(connect.status).toBe(200);
    await eventually("the reject", () => graph.callActions("reject").length === 1, 5000);
    await api.background.idle();
    const [record] = await conversations(line.key);
    expect(record.endReason).toBe("rejected");
    const detail = (await api.call("GET", `/v1/conversations/${record.id}`, { key: line.key }))
      .body;
    const refused = detail.events.find((e: { kind: string }) => e.kind === "refused");
    expect(refused.detail.reason).toContain("shutting down");
    // A permission reply would dial: the provider is asked to deliver it again later.
    const permission = await postWebhook(api, permissionReplyBody(CALLEE, "accept"));
    expect(permission.status).toBe(503);
    expect(permission.headers.get("fly-replay")).toBeNull();
  });
});
