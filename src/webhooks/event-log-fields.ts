import type { WatiEvent } from "./wati-event-types";
import type { WhatsAppEvent } from "./whatsapp-event-types";

/**
 * The fields of a webhook event that may be logged: what happened and to which call, never who
 * (no wa_id, contact name or business number) and never the SDP.
 */
export function webhookEventLogFields(event: WhatsAppEvent | WatiEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = { event: event.type };
  if ("callId" in event) fields.callId = event.callId;
  if ("phoneNumberId" in event && event.phoneNumberId) fields.phoneNumberId = event.phoneNumberId;
  if ("status" in event) fields.callStatus = event.status;
  if ("granted" in event) fields.granted = event.granted;
  if ("durationSeconds" in event) fields.durationSeconds = event.durationSeconds;
  if ("field" in event) fields.field = event.field;
  if ("reason" in event) fields.reason = event.reason;
  return fields;
}
