import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { dialBrowser } from "../../test/browser-calls";
import { type CallerPeer, createCallerPeer } from "../../test/caller-peer";
import { until } from "../../test/eventually";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { parseExposition, sampleValue } from "../../test/prometheus-text";
import {
  APP_SECRET,
  connectBody,
  metaLine,
  permissionReplyBody,
  postWebhook,
  terminateBody,
} from "../../test/whatsapp-line";
import { type ModelSimulator, startModelSimulator } from "../models/simulator/server";

// A machine carrying MAX_CALLS_PER_MACHINE calls takes no new one by any road and says so;
// on Fly it hands each to another machine.
const CALLEE = "919800000002";
let sim: ModelSimulator;
let graph: FakeGraphApi;
let api: TestApi;
const callers: CallerPeer[] = [];

beforeAll(async () => {
  sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
});
afterAll(() => sim.stop());
afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  await api.close();
  graph.stop();
});

/** A machine that takes one call, carrying one browser call. */
async function fullMachine(onFly: boolean) {
  graph = new FakeGraphApi();
  api = await startTestApi({
    modelBaseUrl: sim.url,
    graphUrl: graph.url,
    whatsappAppSecret: APP_SECRET,
    maxCallsPerMachine: 1,
    onFly,
  });
  const line = await metaLine(api, graph.accessToken);
  expect((await api.call("GET", "/readyz", { key: null })).status).toBe(200);
  const live = await dialBrowser(api, line.key, line.agentId, callers);
  const caller = await createCallerPeer({ whatsappStyle: true });
  callers.push(caller);
  return { line, live, caller };
}

const conversations = async (key: string) =>
  (await api.call("GET", "/v1/conversations", { key })).body.data as { id: string }[];

describe("a machine at capacity", () => {
  test("on Fly, replays a call's webhook and both call requests elsewhere and stores nothing", async () => {
    const { line, live, caller } = await fullMachine(true);

    const connect = await postWebhook(api, connectBody("wacid.full1", caller.offerSdp));
    expect(connect.status).toBe(503);
    expect(connect.headers.get("fly-replay")).toBe("elsewhere=true");
    expect(connect.body.error.code).toBe("at_capacity");
    const permission = await postWebhook(api, permissionReplyBody(CALLEE, "accept"));
    expect(permission.headers.get("fly-replay")).toBe("elsewhere=true");

    const web = await api.call("POST", "/v1/calls/web", {
      key: line.key,
      body: { agentId: line.agentId, sdp: caller.offerSdp },
    });
    expect(web.status).toBe(503);
    expect(web.headers.get("fly-replay")).toBe("elsewhere=true");
    expect(web.body.error.code).toBe("at_capacity");
    const outbound = await api.call("POST", "/v1/calls", {
      key: line.key,
      body: { agentId: line.agentId, channel: "whatsapp", to: `+${CALLEE}` },
      headers: { "idempotency-key": "full-1" },
    });
    expect(outbound.status).toBe(503);
    expect(outbound.headers.get("fly-replay")).toBe("elsewhere=true");
    // An operator sees how often this machine handed calls on, by road.
    const metrics = parseExposition(await api.metrics.render());
    const replays = (route_kind: string) =>
      sampleValue(metrics, "astra_fly_replays_total", { target: "elsewhere", route_kind });
    expect([replays("webhook"), replays("api")]).toEqual([2, 2]);

    // A webhook about a call already under way is still acted on here.
    const terminate = await postWebhook(api, terminateBody("wacid.other"));
    expect(terminate.status).toBe(200);
    expect(terminate.headers.get("fly-replay")).toBeNull();
    await api.background.idle();
    expect(graph.callActions()).toHaveLength(0);
    expect((await conversations(line.key)).map((c) => c.id)).toEqual([live.callId]);
  });

  test("/readyz says full while it is, and ready again once a call ends", async () => {
    const { line, live } = await fullMachine(false);
    const full = await api.call("GET", "/readyz", { key: null });
    expect(full.status).toBe(503);
    expect(full.body.status).toBe("full");
    expect((await api.call("GET", "/healthz", { key: null })).status).toBe(200);

    const hangUp = await api.call("DELETE", `/v1/calls/${live.callId}`, { key: line.key });
    expect(hangUp.status).toBe(204);
    await until(
      "/readyz to pass again",
      async () => (await api.call("GET", "/readyz", { key: null })).status === 200,
      5000,
    );
  });

  test("off Fly, refuses a browser call with 503 at_capacity and no replay header", async () => {
    const { line, caller } = await fullMachine(false);
    const web = await api.call("POST", "/v1/calls/web", {
      key: line.key,
      body: { agentId: line.agentId, sdp: caller.offerSdp },
    });
    expect(web.status).toBe(503);
    expect(web.body.error.code).toBe("at_capacity");
    expect(web.headers.get("fly-replay")).toBeNull();
    // A permission reply would dial: the provider is asked to deliver it again later.
    const permission = await postWebhook(api, permissionReplyBody(CALLEE, "accept"));
    expect(permission.status).toBe(503);
    expect(permission.body.error.code).toBe("at_capacity");
    expect(permission.headers.get("fly-replay")).toBeNull();
    expect(await conversations(line.key)).toHaveLength(1);
  });
});
