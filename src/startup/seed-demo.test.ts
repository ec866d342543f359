import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { memoryLogger } from "../log/logger";
import { announceDemo, serviceBaseUrl } from "./announce-demo";
import { DEMO_LINK_TTL_MS, prepareDemo, wantsDemo } from "./seed-demo";

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(() => api.close());

const NO_KEY = { HOST: "0.0.0.0" } as const;

/** Runs the start-up announcement and returns what it printed and logged. */
async function announce(env: Parameters<typeof announceDemo>[0]["env"] = NO_KEY) {
  const printed: string[] = [];
  const { logger, lines } = memoryLogger("info");
  await announceDemo({
    env,
    stores: api.stores,
    callTokens: api.callTokens,
    port: 8080,
    log: logger,
    write: (text) => printed.push(text),
  });
  const text = printed.join("");
  const link = /(http\S+\/demo\?agent=(agt_\w+)&token=(avt_[\w.-]+))/.exec(text);
  return { text, logLines: lines, link: link?.[1], agentId: link?.[2], token: link?.[3] };
}

describe("the demo on first start", () => {
  test("an empty database gets a published demo agent and a link that calls it", async () => {
    const first = await announce();
    expect(first.link).toStartWith("http://localhost:8080/demo?agent=agt_");
    expect(first.text).toContain('Created tenant "Demo"');
    expect(first.text).toContain(
      "in the console (sign in with the admin key): http://localhost:8080/\n",
    );

    const agent = await api.call("GET", `/v1/agents/${first.agentId}`);
    expect(agent.body.publishedVersion).toBe(1);
    expect(agent.body.draft.greeting).toMatchObject({ mode: "fixed" });
    expect(agent.body.draft.greeting.text).toContain("Astra Voice demo agent");
    expect(agent.body.draft.language).toMatchObject({ mode: "fixed", primary: "en" });
    const tenant = await api.call("GET", `/v1/tenants/${agent.body.tenantId}`);
    expect(tenant.body.name).toBe("Demo");

    // The token in the link is accepted for calls, and only for calls.
    const config = await api.call("GET", "/v1/calls/webrtc-config", { key: first.token ?? "" });
    expect(config.status).toBe(200);
    const agents = await api.call("GET", "/v1/agents", { key: first.token ?? "" });
    expect(agents.status).toBe(403);

    // The token is printed on the terminal only, never in the log stream.
    expect(first.logLines.join("\n")).toContain(String(first.agentId));
    expect(first.logLines.join("\n")).not.toContain(String(first.token));
  });

  test("the link's token lasts a day from the start that printed it", async () => {
    const startedAt = Date.parse("2030-01-01T00:00:00Z");
    const demo = await prepareDemo(api.stores, api.callTokens, startedAt);
    if (!demo) throw new Error("no demo on an empty database");
    const justBefore = startedAt + DEMO_LINK_TTL_MS - 1;
    expect(api.callTokens.check(demo.token, justBefore)).toMatchObject({ ok: true });
    expect(api.callTokens.check(demo.token, justBefore + 1)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(DEMO_LINK_TTL_MS).toBe(24 * 60 * 60 * 1000);
  });

  test("a restart prints a fresh link to the same agent, without seeding again", async () => {
    const first = await prepareDemo(api.stores, api.callTokens, 1_000);
    const second = await prepareDemo(api.stores, api.callTokens, 2_000);
    expect(first?.seeded).toBe(true);
    expect(second).toMatchObject({ agentId: first?.agentId, seeded: false });
    expect(second?.token).not.toBe(first?.token);
    const tenants = await api.call("GET", "/v1/tenants");
    expect(tenants.body.data).toHaveLength(1);
    const restarted = await announce();
    expect(restarted.agentId).toBe(String(first?.agentId));
    expect(restarted.text).not.toContain("Created tenant");
  });

  test("a database with the operator's own tenant gets no demo", async () => {
    await api.tenantWithKey("Acme Dental");
    expect((await announce()).text).toBe("");
    expect((await api.call("GET", "/v1/tenants")).body.data).toHaveLength(1);
  });

  test("once the operator adds a tenant of their own, the demo is no longer announced", async () => {
    expect((await announce()).link).toBeDefined();
    await api.tenantWithKey("Acme Dental");
    expect((await announce()).text).toBe("");
  });

  test("a demo the operator deleted is not seeded again", async () => {
    const first = await announce();
    const agent = await api.call("GET", `/v1/agents/${first.agentId}`);
    expect((await api.call("DELETE", `/v1/tenants/${agent.body.tenantId}`)).status).toBe(204);
    expect((await announce()).text).toBe("");
    expect((await api.call("GET", "/v1/tenants")).body.data).toHaveLength(0);
  });

  test("with an OpenAI key it seeds only when SEED_DEMO=true; SEED_DEMO=false never seeds", async () => {
    expect(wantsDemo({})).toBe(true);
    expect(wantsDemo({ OPENAI_API_KEY: "sk-test" })).toBe(false);
    expect(wantsDemo({ OPENAI_API_KEY: "sk-test", SEED_DEMO: true })).toBe(true);
    expect(wantsDemo({ SEED_DEMO: false })).toBe(false);

    expect((await announce({ ...NO_KEY, OPENAI_API_KEY: "sk-test" })).text).toBe("");
    expect((await announce({ ...NO_KEY, SEED_DEMO: false })).text).toBe("");
    expect((await api.call("GET", "/v1/tenants")).body.data).toHaveLength(0);
    const asked = await announce({ ...NO_KEY, OPENAI_API_KEY: "sk-test", SEED_DEMO: true });
    expect(asked.link).toBeDefined();
  });
});

describe("the demo link's address", () => {
  test("is PUBLIC_BASE_URL when set, else the address the service listens on", () => {
    expect(
      serviceBaseUrl({ HOST: "0.0.0.0", PUBLIC_BASE_URL: "https://voice.example.com/" }, 1),
    ).toBe("https://voice.example.com");
    expect(serviceBaseUrl({ HOST: "0.0.0.0" }, 18081)).toBe("http://localhost:18081");
    expect(serviceBaseUrl({ HOST: "::" }, 8080)).toBe("http://localhost:8080");
    expect(serviceBaseUrl({ HOST: "127.0.0.1" }, 8080)).toBe("http://127.0.0.1:8080");
    expect(serviceBaseUrl({ HOST: "::1" }, 8080)).toBe("http://[::1]:8080");
  });
});
