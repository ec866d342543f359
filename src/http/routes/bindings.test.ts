import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
let tenant: { tenantId: string; key: string };
let agentId: string;
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
});
afterEach(() => api.close());

const bind = (body: Record<string, unknown>, key = tenant.key) =>
  api.call("POST", "/v1/bindings", { key, body: { agentId, ...body } });

describe("channel bindings", () => {
  test("a binding routes a WhatsApp phone_number_id to an agent", async () => {
    const res = await bind({
      channel: "whatsapp_cloud",
      address: "106540352242922",
      label: "Main line",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      channel: "whatsapp_cloud",
      address: "106540352242922",
      agentId,
    });
    const routed = await api.stores.bindings.resolveForRoute(
      { kind: "platform" },
      "whatsapp_cloud",
      "106540352242922",
    );
    expect(routed?.tenantId).toBe(tenant.tenantId);
  });

  test("an address that does not fit its channel is refused with that channel's rule", async () => {
    const res = await bind({ channel: "whatsapp_cloud", address: "+44 20 7946 0000" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { field: "body.address", message: "must be Meta's phone_number_id (digits)" },
    ]);
    const room = await bind({ channel: "livekit", address: "front desk" });
    expect(room.body.error.message).toBe(
      "body.address: must be a room-name prefix (letters, digits, '_' or '-')",
    );
    expect((await api.call("GET", "/v1/bindings", { key: tenant.key })).body.data).toEqual([]);
  });

  test("a Wati business number is stored whole but only shown masked", async () => {
    const res = await bind({ channel: "wati", address: "+15550001111" });
    expect(res.status).toBe(201);
    expect(res.body.address).toBe("••••1111");
    const list = await api.call("GET", "/v1/bindings", { key: tenant.key });
    expect(JSON.stringify(list.body)).not.toContain("15550001111");
    expect(
      (
        await api.stores.bindings.resolveForRoute(
          { kind: "tenant", tenantId: tenant.tenantId },
          "wati",
          "15550001111",
        )
      )?.agentId,
    ).toBe(agentId);
  });

  test("a Twilio phone number is shown masked too, in the answer, the list and a read", async () => {
    const res = await bind({ channel: "twilio", address: "+15550002222" });
    expect(res.status).toBe(201);
    expect(res.body.address).toBe("••••2222");
    const list = await api.call("GET", "/v1/bindings", { key: tenant.key });
    const read = await api.call("GET", `/v1/bindings/${res.body.id}`, { key: tenant.key });
    for (const body of [list.body, read.body])
      expect(JSON.stringify(body)).not.toContain("5550002222");
    const routed = await api.stores.bindings.resolveForRoute(
      { kind: "tenant", tenantId: tenant.tenantId },
      "twilio",
      "15550002222",
    );
    expect(routed?.agentId).toBe(agentId);
  });

  test("the same address cannot be bound twice, even by another tenant", async () => {
    expect((await bind({ channel: "livekit", address: "support-" })).status).toBe(201);
    const again = await bind({ channel: "livekit", address: "support-" });
    expect(again.status).toBe(409);
    const other = await api.tenantWithKey("Other");
    const otherAgent = (
      await api.call("POST", "/v1/agents", { key: other.key, body: { name: "x" } })
    ).body.id;
    const theirs = await api.call("POST", "/v1/bindings", {
      key: other.key,
      body: { agentId: otherAgent, channel: "livekit", address: "support-" },
    });
    expect(theirs.status).toBe(409);
  });

  test("a binding can be moved to another agent of the same tenant, not to a foreign one", async () => {
    const binding = (await bind({ channel: "whatsapp_cloud", address: "1234567" })).body;
    const second = (
      await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Night" } })
    ).body.id;
    const moved = await api.call("PATCH", `/v1/bindings/${binding.id}`, {
      key: tenant.key,
      body: { agentId: second },
    });
    expect(moved.body.agentId).toBe(second);
    const other = await api.tenantWithKey("Other");
    const foreign = (await api.call("POST", "/v1/agents", { key: other.key, body: { name: "x" } }))
      .body.id;
    const refused = await api.call("PATCH", `/v1/bindings/${binding.id}`, {
      key: tenant.key,
      body: { agentId: foreign },
    });
    expect(refused.status).toBe(404);
    const refusedCreate = await bind({
      channel: "whatsapp_cloud",
      address: "7654321",
      agentId: foreign,
    });
    expect(refusedCreate.status).toBe(404);
  });

  test("another tenant cannot see, change or remove a binding", async () => {
    const binding = (await bind({ channel: "whatsapp_cloud", address: "1234567" })).body;
    const other = await api.tenantWithKey("Other");
    expect((await api.call("GET", `/v1/bindings/${binding.id}`, { key: other.key })).status).toBe(
      404,
    );
    expect(
      (
        await api.call("PATCH", `/v1/bindings/${binding.id}`, {
          key: other.key,
          body: { label: "x" },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.call("DELETE", `/v1/bindings/${binding.id}`, { key: other.key })).status,
    ).toBe(404);
    expect((await api.call("GET", "/v1/bindings", { key: other.key })).body.data).toEqual([]);
    expect(
      (await api.call("DELETE", `/v1/bindings/${binding.id}`, { key: tenant.key })).status,
    ).toBe(204);
  });

  test("addresses must fit their channel", async () => {
    const wrong = await bind({ channel: "whatsapp_cloud", address: "not-digits" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain("body.address");
    expect((await bind({ channel: "sms", address: "1" })).body.error.message).toContain(
      "body.channel",
    );
  });

  test("deleting an agent removes its bindings", async () => {
    await bind({ channel: "whatsapp_cloud", address: "1234567" });
    await api.call("DELETE", `/v1/agents/${agentId}`, { key: tenant.key });
    expect(
      await api.stores.bindings.resolveForRoute({ kind: "platform" }, "whatsapp_cloud", "1234567"),
    ).toBeNull();
  });
});
