import { afterEach, beforeEach, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import type { EndReason } from "../../domain/call";
import { newId } from "../../domain/ids";

// The console's conversation list filters by why a call ended.

let api: TestApi;
let tenant: { tenantId: string; key: string };
let other: { tenantId: string; key: string };

beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey("Acme Dental");
  other = await api.tenantWithKey("Other Clinic");
});
afterEach(() => api.close());

async function endedCall(owner: { tenantId: string; key: string }, reason: EndReason | null) {
  const agent = await api.call("POST", "/v1/agents", { key: owner.key, body: { name: "Desk" } });
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: owner.tenantId,
    agentId: agent.body.id,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "m1",
  });
  if (reason) await api.stores.calls.end(id, { reason, usage: {}, metrics: {} });
  return id;
}

const ids = async (query: string, key = tenant.key) =>
  (await api.call("GET", `/v1/conversations?${query}`, { key })).body.data.map(
    (call: { id: string }) => call.id,
  );

test("endReason lists the calls that ended that way, of this tenant only", async () => {
  const hungUp = await endedCall(tenant, "caller_hung_up");
  const silent = await endedCall(tenant, "silence_timeout");
  await endedCall(tenant, null);
  const theirs = await endedCall(other, "silence_timeout");

  expect(await ids("endReason=silence_timeout")).toEqual([silent]);
  expect(await ids("endReason=caller_hung_up&channel=web")).toEqual([hungUp]);
  expect(await ids("endReason=max_duration")).toEqual([]);
  expect(await ids("endReason=silence_timeout", other.key)).toEqual([theirs]);
  expect(await ids(`endReason=silence_timeout&tenantId=${tenant.tenantId}`, ADMIN_KEY)).toEqual([
    silent,
  ]);
});

test("an unknown end reason is a 400 naming the field, listing the reasons", async () => {
  const res = await api.call("GET", "/v1/conversations?endReason=bored", { key: tenant.key });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain("endReason");
  expect(res.body.error.message).toContain("caller_hung_up");
});
