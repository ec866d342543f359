import * as v from "valibot";
import { type AgentConfigInput, AgentConfigSchema } from "../domain/agent-config";
import { DomainError } from "../domain/errors";
import type { CallTokens } from "../http/call-tokens";
import type { Stores } from "../store/stores";

/** How long a printed demo link works; every start prints a fresh one. */
export const DEMO_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** Metadata key on the seeded tenant; its value is the demo agent's id. */
export const DEMO_TENANT_MARK = "demoAgentId";

export const DEMO_AGENT_CONFIG: AgentConfigInput = {
  instructions: [
    "You are the Astra Voice demo agent. The person talking to you has just started Astra Voice",
    "on their own machine and is calling you from its demo page in their browser.",
    "Be friendly and brief. If they ask, explain that Astra Voice is a gateway that connects",
    "browser calls and WhatsApp calls (through Meta's Cloud API or Wati) to realtime speech",
    "models, for many businesses at once; that each business configures agents like you through",
    "its API; and that every call's transcript is kept as a conversation record.",
    "You can also just chat, so they can hear how quickly you answer and how interrupting you works.",
  ].join(" "),
  greeting: {
    mode: "fixed",
    text: "Hi! I'm the Astra Voice demo agent, talking to you live from your own machine. Ask me anything.",
  },
  language: { mode: "fixed", primary: "en" },
  // A newcomer may stop to read the page; prompt after a while, not at once.
  silence: { timeoutSeconds: 20, maxRetries: 2 },
  maxCallDurationSeconds: 600,
};

/** Seeding is on when asked for, and by default only while no OpenAI key is configured. */
export function wantsDemo(env: {
  SEED_DEMO?: boolean | undefined;
  OPENAI_API_KEY?: string | undefined;
}) {
  return env.SEED_DEMO ?? !env.OPENAI_API_KEY;
}

export interface DemoCall {
  agentId: string;
  /** A call token for the demo agent, valid for DEMO_LINK_TTL_MS. */
  token: string;
  expiresAt: Date;
  /** True on the start that created the demo tenant and agent. */
  seeded: boolean;
}

/**
 * Into a database that never had a tenant, seeds tenant "Demo" with a published demo agent. While
 * that tenant is the only one and its agent is still published, every start mints a fresh call
 * token for it, so a newcomer who restarts gets a working link again. Once the operator adds a
 * tenant of their own, or deletes the demo, it returns null and prints nothing.
 */
export async function prepareDemo(
  stores: Pick<Stores, "tenants" | "agents">,
  tokens: CallTokens,
  now: number = Date.now(),
): Promise<DemoCall | null> {
  const found = await findDemo(stores);
  const demo = found ?? (await seedIfEmpty(stores));
  if (!demo) return null;
  const exp = now + DEMO_LINK_TTL_MS;
  return {
    agentId: demo.agentId,
    token: tokens.mint({ tenantId: demo.tenantId, agentId: demo.agentId, exp }),
    expiresAt: new Date(exp),
    seeded: found === null,
  };
}

interface Demo {
  tenantId: string;
  agentId: string;
}

async function findDemo({
  tenants,
  agents,
}: Pick<Stores, "tenants" | "agents">): Promise<Demo | null> {
  const live = await tenants.list({ limit: 2 }, {});
  const [only, other] = live.data;
  const agentId = only?.metadata[DEMO_TENANT_MARK];
  if (!only || other || !agentId) return null;
  try {
    const agent = await agents.get(only.id, agentId);
    return agent.publishedVersion === null ? null : { tenantId: only.id, agentId };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  }
}

async function seedIfEmpty({
  tenants,
  agents,
}: Pick<Stores, "tenants" | "agents">): Promise<Demo | null> {
  // An operator who deleted every tenant, the demo included, does not get it back.
  if ((await tenants.countEverCreated()) > 0) return null;
  const tenant = await tenants.create({ name: "Demo" });
  const agent = await agents.create(tenant.id, {
    name: "Astra Voice demo",
    description: "Created on first start so the demo page has someone to call.",
    draft: v.parse(AgentConfigSchema, DEMO_AGENT_CONFIG),
  });
  await agents.publish(tenant.id, agent.id, "demo, seeded on first start", "system");
  await tenants.update(tenant.id, { metadata: { [DEMO_TENANT_MARK]: agent.id } });
  return { tenantId: tenant.id, agentId: agent.id };
}
