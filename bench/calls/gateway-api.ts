// The few REST calls the call benchmark makes against a running gateway: set up one tenant
// with a published agent, and read back the stored conversations.

import type { CallMetrics } from "../../src/domain/call";

const REQUEST_TIMEOUT_MS = 15_000;

export async function api<T>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function expectOk<T>(reply: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A tenant with a key and one published agent with the default (generated) greeting. */
export async function setUpAgent(
  baseUrl: string,
  adminKey: string,
): Promise<{ tenantKey: string; agentId: string }> {
  const tenant = await expectOk(
    api<{ id: string }>(baseUrl, adminKey, "POST", "/v1/tenants", { name: "Bench Dental" }),
    "create tenant",
  );
  const key = await expectOk(
    api<{ key: string }>(baseUrl, adminKey, "POST", `/v1/tenants/${tenant.id}/keys`, {
      name: "bench",
    }),
    "create key",
  );
  const agent = await expectOk(
    api<{ id: string }>(baseUrl, key.key, "POST", "/v1/agents", { name: "Front desk" }),
    "create agent",
  );
  await expectOk(
    api(baseUrl, key.key, "POST", `/v1/agents/${agent.id}/publish`, {}),
    "publish agent",
  );
  return { tenantKey: key.key, agentId: agent.id };
}

export interface StoredCall {
  id: string;
  status: string;
  endReason: string | null;
  mediaConnectedAt: string | null;
  firstAgentAudioAt: string | null;
  metrics: Partial<CallMetrics>;
}

/** Each call's record once it has ended (its metrics are written at the end). */
export async function endedCalls(
  baseUrl: string,
  key: string,
  callIds: string[],
  timeoutMs = 20_000,
): Promise<StoredCall[]> {
  const deadline = performance.now() + timeoutMs;
  const records: StoredCall[] = [];
  for (const id of callIds) {
    for (;;) {
      const record = await expectOk(
        api<StoredCall>(baseUrl, key, "GET", `/v1/conversations/${id}`),
        `conversation ${id}`,
      );
      if (record.status === "ended") {
        records.push(record);
        break;
      }
      if (performance.now() > deadline) throw new Error(`call ${id} has not ended`);
      await Bun.sleep(200);
    }
  }
  return records;
}
