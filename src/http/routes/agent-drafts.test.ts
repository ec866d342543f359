import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { FakeChatModel } from "../../../test/fake-chat-model";
import { AgentConfigSchema } from "../../domain/agent-config";
import { OpenAIDrafter } from "../../drafting/openai-drafter";

let model: FakeChatModel;
let api: TestApi;
let tenant: { tenantId: string; key: string };

const start = async (withModel: boolean) => {
  const drafter = new OpenAIDrafter({
    apiKey: model.apiKey,
    baseUrl: model.url,
    model: "draft-model",
    timeoutMs: 5000,
  });
  api = await startTestApi(withModel ? { drafter } : {});
  tenant = await api.tenantWithKey();
};
beforeEach(() => {
  model = new FakeChatModel();
});
afterEach(async () => {
  await api.close();
  model.stop();
});

const brandKit = () => ({
  name: "Luigi's",
  tone: "Cheerful and family-friendly.",
  services: ["wood-fired pizza", "table bookings", "takeaway"],
  colors: ["#c0392b", "#ffffff"],
  logoUrl: `${model.url.replace("/v1", "")}/logo.png`,
});
const agentCount = async () =>
  (await api.call("GET", "/v1/agents", { key: tenant.key })).body.data.length;
const generate = (body: Record<string, unknown>, key: string | undefined = tenant.key) =>
  api.call("POST", "/v1/agents/generate", { ...(key ? { key } : {}), body });

/** An answer a drafting model could give: a full, valid draft. */
const MODEL_DRAFT = {
  name: "Luigi's bookings",
  description: "Takes table bookings for Luigi's.",
  config: {
    instructions: "You take table bookings for {{company}}. Ask for the date, time and party size.",
    persona: { name: "Giulia", role: "host", company: "Luigi's", personality: "Cheerful." },
    greeting: { mode: "fixed", text: "Ciao, {{company}}, this is {{agent_name}}!" },
    language: { mode: "fixed", primary: "en" },
    voice: { name: "coral" },
    business: { services: ["wood-fired pizza"] },
    rules: ["Never promise a table by the window."],
    tools: [{ type: "builtin", name: "end_call" }],
  },
  suggestedTools: [{ name: "create_booking", description: "Books a table." }],
};

describe("drafting without a model (no OPENAI_API_KEY)", () => {
  beforeEach(() => start(false));

  test("fills the matching template with the brand kit, says so, and stores nothing", async () => {
    const first = await generate({ brandKit: brandKit() });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      source: "template",
      template: "restaurant-booking",
      name: "Luigi's restaurant bookings",
    });
    expect(first.body.config.persona).toMatchObject({
      company: "Luigi's",
      personality: "Cheerful and family-friendly.",
    });
    expect(first.body.config.business.services).toEqual(brandKit().services);
    expect(v.safeParse(AgentConfigSchema, first.body.config).success).toBe(true);
    expect(first.body.notes.join(" ")).toContain("not written for this business");
    expect(first.body.notes).toContain("The logo was not fetched.");
    expect((await generate({ brandKit: brandKit() })).body).toEqual(first.body);
    expect(model.requests).toHaveLength(0);
    expect(await agentCount()).toBe(0);
  });

  test("a description in another language greets in it rather than reading English text", async () => {
    const res = await generate({
      description: "Clínica dental en Madrid",
      language: "es",
      accent: "es-ES",
    });
    expect(res.body.template).toBe("clinic-reception");
    expect(res.body.config.language).toMatchObject({ primary: "es", accent: "es-ES" });
    expect(res.body.config.greeting.mode).toBe("generated");
  });

  test("create: true makes the agent with the draft as its config, unpublished", async () => {
    const res = await generate({
      description: "An online shop for tea",
      create: true,
      name: "Tea desk",
    });
    expect(res.status).toBe(201);
    expect(res.body.agent).toMatchObject({ name: "Tea desk", publishedVersion: null });
    const stored = await api.call("GET", `/v1/agents/${res.body.agent.id}`, { key: tenant.key });
    expect(stored.body.draft).toEqual(res.body.config);
  });

  test("bad requests are refused before any drafting", async () => {
    const empty = await generate({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain("description of the business, a brandKit");
    const mismatch = await generate({ description: "x", language: "fr", accent: "en-GB" });
    expect(mismatch.body.error.message).toContain("accent must belong to language");
    const adminWithoutTenant = await api.call("POST", "/v1/agents/generate", {
      body: { description: "A bakery", create: true },
    });
    expect(adminWithoutTenant.status).toBe(400);
    expect(adminWithoutTenant.body.error.message).toContain("body.tenantId");
  });
});

describe("drafting with a model", () => {
  beforeEach(() => start(true));

  test("asks for JSON following the config schema and returns the model's checked draft", async () => {
    model.reply = { json: MODEL_DRAFT };
    const res = await generate({ brandKit: brandKit(), description: "A pizzeria in Leeds." });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: "model", model: "draft-model-2025-01-01" });
    expect(res.body.config).toEqual(v.parse(AgentConfigSchema, MODEL_DRAFT.config));
    expect(res.body.suggestedTools).toEqual(MODEL_DRAFT.suggestedTools);

    const [sent] = model.completions;
    expect(sent?.model).toBe("draft-model");
    const format = sent?.response_format;
    expect(format?.type).toBe("json_schema");
    const schema = format?.type === "json_schema" ? (format.json_schema.schema as any) : null;
    expect(Object.keys(schema.properties.config.properties)).toEqual(
      expect.arrayContaining(["instructions", "greeting", "language", "voice", "business"]),
    );
    expect(schema.properties.config.properties.voice.properties.name.enum).toContain("marin");
    const brief = JSON.stringify(sent?.messages.at(-1));
    expect(brief).toContain("wood-fired pizza");
    expect(brief).not.toContain("logo");
    // The logo's address was never requested.
    expect(model.requests.filter((r) => r.path === "/logo.png")).toHaveLength(0);
  });

  test("an answer the real config schema refuses is a 502 and stores nothing", async () => {
    // Well formed JSON, but the accent does not belong to the language: a config rule JSON
    // Schema cannot express, so the model may well break it.
    const wrong = {
      ...MODEL_DRAFT,
      config: { ...MODEL_DRAFT.config, language: { primary: "en", accent: "es-MX" } },
    };
    model.reply = { json: wrong };
    const res = await generate({ description: "A pizzeria", create: true });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("drafting_failed");
    expect(res.body.error.message).toContain("config.language: accent must belong");
    model.reply = { text: "Sure! Here is your agent." };
    expect((await generate({ description: "A pizzeria" })).body.error.message).toContain(
      "not JSON",
    );
    model.reply = {
      json: { ...MODEL_DRAFT, config: { ...MODEL_DRAFT.config, voice: { name: "robot" } } },
    };
    expect((await generate({ description: "A pizzeria" })).body.error.message).toContain(
      "config.voice.name",
    );
    expect(await agentCount()).toBe(0);
  });

  test("a refused key is a 502 naming the setting, never the key", async () => {
    model.reply = { status: 401, error: "Incorrect API key provided: sk-test-drafting-key" };
    const res = await generate({ description: "A pizzeria" });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain("OPENAI_API_KEY");
    expect(JSON.stringify(res.body)).not.toContain(model.apiKey);
    expect(api.logLines.join("\n")).not.toContain(model.apiKey);
  });
});
