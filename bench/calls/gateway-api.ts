// The few REST calls the call benchmark makes against a running gateway: set up one tenant
// with a published agent, and read back the stored conversations.

import type { CallMetrics } from "../../src/domain/call";
import { restOk } from "../harness/rest";

/**
 * A tenant with a key and one published agent with the default (generated) greeting; its calls
 * are recorded unless `recording` is false.
 */
export async function setUpAgent(
  baseUrl: string,
  adminKey: string,
  recording = true,
): Promise<{ tenantId: string; tenantKey: string; agentId: string }> {
  const tenant = await restOk<{ id: string }>(baseUrl, adminKey, "POST", "/v1/tenants", {
    name: "Bench Dental",
  });
  const { key } = await restOk<{ key: string }>(
    baseUrl,
    adminKey,
    "POST",
    `/v1/tenants/${tenant.id}/keys`,
    { name: "bench" },
  );
  const agent = await restOk<{ id: string }>(baseUrl, key, "POST", "/v1/agents", {
    name: "Front desk",
    config: { recording: { enabled: recording } },
  });
  await restOk(baseUrl, key, "POST", `/v1/agents/${agent.id}/publish`, {});
  return { tenantId: tenant.id, tenantKey: key, agentId: agent.id };
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
      const record = await restOk<StoredCall>(baseUrl, key, "GET", `/v1/conversations/${id}`);
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
