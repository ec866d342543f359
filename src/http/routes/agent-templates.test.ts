import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { snapshotDb, startTestApi, type TestApi } from "../../../test/api-harness";

let api: TestApi;
let tenant: { tenantId: string; key: string };
beforeEach(async () => {
  api = await startTestApi();
  tenant = await api.tenantWithKey();
});
afterEach(() => api.close());

const TEMPLATE_IDS = [
  "restaurant-booking",
  "clinic-reception",
  "order-status",
  "lead-qualification",
];

describe("agent templates", () => {
  test("common businesses are listed, each a full config with a task, rules and suggested tools", async () => {
    const list = await api.call("GET", "/v1/agent-templates", { key: tenant.key });
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { id: string }) => t.id)).toEqual(TEMPLATE_IDS);
    for (const template of list.body.data) {
      expect(template.config.instructions.length).toBeGreaterThan(100);
      expect(template.config.rules.length).toBeGreaterThan(0);
      expect(template.config.turnDetection.type).toBe("server_vad");
      expect(template.suggestedTools.length).toBeGreaterThan(0);
    }
    const one = await api.call("GET", "/v1/agent-templates/clinic-reception", { key: tenant.key });
    expect(one.body).toEqual(list.body.data[1]);
    expect((await api.call("GET", "/v1/agent-templates/zoo", { key: tenant.key })).status).toBe(
      404,
    );
  });

  test("an agent made from a template takes its config, with the body's fields merged over it", async () => {
    const created = await api.call("POST", "/v1/agents", {
      key: tenant.key,
      body: {
        name: "Luigi's bookings",
        template: "restaurant-booking",
        config: {
          persona: { company: "Luigi's" },
          rules: ["Dogs are welcome on the terrace."],
          greeting: { text: null, mode: "generated" },
        },
      },
    });
    expect(created.status).toBe(201);
    const draft = created.body.draft;
    expect(draft.persona).toMatchObject({ name: "Sofia", role: "host", company: "Luigi's" });
    expect(draft.instructions).toContain("table bookings for {{company}}");
    expect(draft.rules).toEqual(["Dogs are welcome on the terrace."]);
    expect(draft.greeting).toEqual({ mode: "generated", muteCaller: false });
    expect(created.body.publishedVersion).toBeNull();

    const preview = await api.call(
      "GET",
      `/v1/agents/${created.body.id}/prompt-preview?version=draft`,
      { key: tenant.key },
    );
    expect(preview.body.session.instructions).toContain("table bookings for Luigi's");
    expect(preview.body.unfilledVariables).toEqual([]);
  });

  test("an unknown template or an override that breaks the config is refused and stores nothing", async () => {
    const before = await snapshotDb(api.stores);
    // The admin key, since using a tenant key records when it was last used.
    const { tenantId } = tenant;
    const unknown = await api.call("POST", "/v1/agents", {
      body: { tenantId, name: "x", template: "zoo" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("body.template");
    const broken = await api.call("POST", "/v1/agents", {
      body: { tenantId, name: "x", template: "order-status", config: { voice: { speed: 9 } } },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.issues[0].field).toBe("body.config.voice.speed");
    expect(await snapshotDb(api.stores)).toBe(before);
  });
});
