import type { TestApi } from "./api-harness";
import { fixtureJson, hubSignature } from "./webhook-signing";

export const APP_SECRET = "platform-app-secret-0123456789";
export const PHONE_NUMBER_ID = "106540352242922";
export const CALLER_WA_ID = "919800000000";

export const TENANT_APP_SECRET = "tenant-own-app-secret-000";

/**
 * A tenant with a published agent answering a Meta WhatsApp number: onboarded through the
 * platform app unless `webhookOrigin` is "tenant" (its own app, signed with TENANT_APP_SECRET).
 */
export async function metaLine(
  api: TestApi,
  accessToken: string,
  config: Record<string, unknown> = {},
  line: { phoneNumberId?: string; webhookOrigin?: "platform" | "tenant"; name?: string } = {},
) {
  const { tenantId, key } = await api.tenantWithKey(line.name);
  const agentId = (
    await api.call("POST", "/v1/agents", { key, body: { name: "WhatsApp desk", config } })
  ).body.id;
  await api.call("POST", `/v1/agents/${agentId}/publish`, { key });
  await api.call("PUT", `/v1/tenants/${tenantId}/credentials/whatsapp_cloud`, {
    key,
    body: {
      kind: "whatsapp_cloud",
      accessToken,
      appSecret: TENANT_APP_SECRET,
      verifyToken: "tenant-verify",
    },
  });
  await api.call("POST", "/v1/bindings", {
    key,
    body: {
      agentId,
      channel: "whatsapp_cloud",
      address: line.phoneNumberId ?? PHONE_NUMBER_ID,
      webhookOrigin: line.webhookOrigin ?? "platform",
    },
  });
  return { tenantId, key, agentId };
}

/** The connect webhook body Meta sends when a user calls, with a real peer's offer in it. */
export function connectBody(
  callId: string,
  sdpOffer: string,
  phoneNumberId = PHONE_NUMBER_ID,
): string {
  const body = fixtureJson("whatsapp/connect-inbound.json");
  const value = body.entry[0].changes[0].value;
  value.metadata.phone_number_id = phoneNumberId;
  value.calls[0].id = callId;
  value.calls[0].from = CALLER_WA_ID;
  value.calls[0].session.sdp = sdpOffer;
  return JSON.stringify(body);
}

export function terminateBody(
  callId: string,
  status = "COMPLETED",
  phoneNumberId = PHONE_NUMBER_ID,
): string {
  const body = fixtureJson("whatsapp/terminate.json");
  const value = body.entry[0].changes[0].value;
  value.metadata.phone_number_id = phoneNumberId;
  value.calls[0].id = callId;
  value.calls[0].status = status;
  return JSON.stringify(body);
}

/** POSTs a webhook body signed as Meta signs it (or with the signature given). */
export function postWebhook(
  api: TestApi,
  raw: string,
  signature: string | null = hubSignature(raw, APP_SECRET),
  path = "/webhooks/whatsapp",
) {
  return api.call("POST", path, {
    key: null,
    rawBody: raw,
    headers: {
      "content-type": "application/json",
      ...(signature ? { "x-hub-signature-256": signature } : {}),
    },
  });
}

/** The connect webhook of a business-initiated call: the callee's SDP answer. */
export function answerBody(callId: string, sdpAnswer: string, to: string): string {
  const body = fixtureJson("whatsapp/connect-inbound.json");
  const value = body.entry[0].changes[0].value;
  value.metadata.phone_number_id = PHONE_NUMBER_ID;
  Object.assign(value.calls[0], {
    id: callId,
    from: "15550001111",
    to,
    direction: "BUSINESS_INITIATED",
  });
  value.calls[0].session = { sdp_type: "answer", sdp: sdpAnswer };
  return JSON.stringify(body);
}

/** A user's reply to a permission request, sent now (or at `repliedAtMs`), with its own id. */
export function permissionReplyBody(
  waId: string,
  response: "accept" | "reject",
  repliedAtMs = Date.now(),
  messageId = `wamid.reply-${crypto.randomUUID()}`,
): string {
  const body = fixtureJson("whatsapp/permission-reply.json");
  const value = body.entry[0].changes[0].value;
  value.metadata.phone_number_id = PHONE_NUMBER_ID;
  value.contacts[0].wa_id = waId;
  value.messages[0].from = waId;
  value.messages[0].id = messageId;
  value.messages[0].timestamp = String(Math.floor(repliedAtMs / 1000));
  value.messages[0].interactive.call_permission_reply.response = response;
  return JSON.stringify(body);
}

export function statusBody(
  callId: string,
  status: "RINGING" | "ACCEPTED" | "REJECTED",
  to: string,
): string {
  const body = fixtureJson("whatsapp/status-ringing.json");
  const value = body.entry[0].changes[0].value;
  value.metadata.phone_number_id = PHONE_NUMBER_ID;
  Object.assign(value.statuses[0], { id: callId, status, recipient_id: to });
  return JSON.stringify(body);
}
