import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import {
  APP_SECRET,
  CALLER_WA_ID,
  connectBody,
  metaLine,
  postWebhook,
} from "../../../test/whatsapp-line";

const CALLEE = "919800000002";
const OTHER_CALLEE = "447700900123";
let graph: FakeGraphApi;
let api: TestApi;

beforeEach(async () => {
  graph = new FakeGraphApi();
  api = await startTestApi({ graphUrl: graph.url, whatsappAppSecret: APP_SECRET });
});
afterEach(async () => {
  await api.close();
  graph.stop();
});

const place = (key: string, agentId: string, to: string) =>
  api.call("POST", "/v1/calls", {
    key,
    body: { agentId, channel: "whatsapp", to },
    headers: { "idempotency-key": `k-${to.replace(/\D/g, "")}` },
  });

describe("finding conversations by phone number", () => {
  test("matches the full number in any common spelling, while no response shows it", async () => {
    const line = await metaLine(api, graph.accessToken);
    // Two calls placed (each waits for the callee's permission), to two numbers.
    const toCallee = (await place(line.key, line.agentId, `+${CALLEE}`)).body.callId;
    const toOther = (await place(line.key, line.agentId, `+${OTHER_CALLEE}`)).body.callId;
    // A call from a user, refused because the line's agent is now an unpublished draft.
    const draft = (await api.call("POST", "/v1/agents", { key: line.key, body: { name: "Draft" } }))
      .body.id;
    const binding = (await api.call("GET", "/v1/bindings", { key: line.key })).body.data[0];
    await api.call("PATCH", `/v1/bindings/${binding.id}`, {
      key: line.key,
      body: { agentId: draft },
    });
    await postWebhook(api, connectBody("wacid.refused", "v=0\r\n"));
    await api.background.idle();
    const all = (await api.call("GET", "/v1/conversations", { key: line.key })).body.data;
    expect(all).toHaveLength(3);
    const inbound = all.find((c: { direction: string }) => c.direction === "inbound").id;

    const byPhone = async (phone: string, key = line.key, extra = "") => {
      const res = await api.call(
        "GET",
        `/v1/conversations?phone=${encodeURIComponent(phone)}${extra}`,
        { key },
      );
      expect(res.status).toBe(200);
      return res.body.data.map((c: { id: string }) => c.id);
    };
    expect(await byPhone(`+${CALLEE}`)).toEqual([toCallee]);
    expect(await byPhone("+91 98000-00002")).toEqual([toCallee]);
    expect(await byPhone(OTHER_CALLEE)).toEqual([toOther]);
    expect(await byPhone("+44 (7700) 900.123")).toEqual([toOther]);
    expect(await byPhone(`+${CALLER_WA_ID}`)).toEqual([inbound]);
    expect(await byPhone("+15550001234")).toEqual([]);
    // Last digits alone are not a number.
    const partial = await api.call("GET", "/v1/conversations?phone=0002", { key: line.key });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toContain("phone");

    // The operator names the tenant; across tenants a number is not looked up.
    expect(await byPhone(`+${CALLEE}`, ADMIN_KEY, `&tenantId=${line.tenantId}`)).toEqual([
      toCallee,
    ]);
    const unscoped = await api.call("GET", `/v1/conversations?phone=%2B${CALLEE}`, {
      key: ADMIN_KEY,
    });
    expect(unscoped.status).toBe(400);
    expect(unscoped.body.error.message).toContain("tenantId");
    // Another tenant calling the same number does not find this tenant's calls.
    const stranger = await api.tenantWithKey("Stranger");
    expect(await byPhone(`+${CALLEE}`, stranger.key)).toEqual([]);

    // Neither the list nor any conversation, nor the stored row, holds a full number.
    const shown = [
      JSON.stringify((await api.call("GET", "/v1/conversations", { key: line.key })).body),
      JSON.stringify(
        (await api.call("GET", `/v1/conversations?phone=%2B${CALLEE}`, { key: line.key })).body,
      ),
      ...(await Promise.all(
        [toCallee, toOther, inbound].map(async (id) =>
          JSON.stringify(
            (
              await api.call("GET", `/v1/conversations/${id}`, { key: line.key })
            ).body,
          ),
        ),
      )),
    ].join("\n");
    for (const number of [CALLEE, OTHER_CALLEE, CALLER_WA_ID]) {
      expect(shown).not.toContain(number);
      expect(shown).toContain(`••••${number.slice(-4)}`);
    }
    const rows = await api.stores.db.execute(
      "SELECT remote_party, remote_number_hash FROM calls WHERE dial_to IS NULL",
    );
    expect(JSON.stringify(rows.rows)).not.toContain(CALLER_WA_ID);
    // Nor does a log line, though every search above named a number.
    const logged = api.logLines.join("\n");
    for (const number of [CALLEE, OTHER_CALLEE, CALLER_WA_ID]) expect(logged).not.toContain(number);
  });
});
