import type { NewCall } from "../src/domain/call";
import type { TestApi } from "./api-harness";

/** A new tenant with one agent, and the fields of an inbound WhatsApp call to it (id aside). */
export async function inboundCallFields(api: TestApi): Promise<Omit<NewCall, "id">> {
  const tenant = await api.tenantWithKey();
  const agentId = (
    await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })
  ).body.id;
  return {
    tenantId: tenant.tenantId,
    agentId,
    agentVersion: 1,
    channel: "whatsapp_cloud",
    direction: "inbound",
    remoteParty: "••••4567",
    machineId: "machine-a",
  };
}
