import type { CallRegistry } from "../calls/call-registry";
import type { CallLog } from "../calls/ports";
import type { CallRecord, EndReason } from "../domain/call";
import type { CallOwners } from "../ownership/call-owners";

/** Twilio's call statuses, as its status callbacks send them (`CallStatus`). */
export const TWILIO_CALL_STATUSES = [
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled",
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** How a call Twilio reports over ends here. */
const ENDS: Partial<Record<TwilioCallStatus, EndReason>> = {
  completed: "caller_hung_up",
  busy: "busy",
  "no-answer": "no_answer",
  failed: "provider_failed",
  canceled: "provider_terminated",
};

/** What a status callback says of a call the gateway placed, for the dialler. */
export type CallProgress =
  | { step: "ringing" }
  | { step: "answered" }
  | { step: "over"; reason: EndReason };

export interface PhoneStatusDeps {
  registry: Pick<CallRegistry, "byProviderCallId" | "get">;
  records: Pick<
    CallLog,
    "findByProviderCallId" | "setProviderStatus" | "setStatus" | "mark" | "addEvent"
  >;
  /** The tenant's call with this id, or null. */
  callOf: (tenantId: string, callId: string) => Promise<CallRecord | null>;
  /** Which machine holds a call not live here. */
  owners?: Pick<CallOwners, "ofCall"> | undefined;
  /** Tells the dialler how a call it is placing goes on (it may not be live yet). */
  progress: (callId: string, progress: CallProgress) => void;
  /** Once answered, a call's media must connect within this. */
  connectTimeoutMs: number;
}

export interface StatusCallback {
  tenantId: string;
  callSid: string;
  status: TwilioCallStatus;
  /** Our call's id, from the callback URL of a call the gateway placed. */
  callId?: string | undefined;
  /** False when Fly already replayed the callback here. */
  mayReplay: boolean;
}

/**
 * Applies one of Twilio's status callbacks to the tenant's phone call it names (by our id in the
 * callback URL, or by Twilio's SID): `ringing` and `in-progress` (answered) move the call on, the
 * final statuses end it with their reason. A call of another tenant, or whose SID is another
 * call's, is left alone. A call live on another machine is not touched here: the answer names
 * that machine (to replay the callback there).
 */
export async function applyPhoneStatus(
  deps: PhoneStatusDeps,
  callback: StatusCallback,
): Promise<{ replayTo: string } | null> {
  const { tenantId, callSid, status } = callback;
  const scope = { tenantId, channel: "phone" as const };
  const record = callback.callId
    ? await deps.callOf(tenantId, callback.callId)
    : await deps.records.findByProviderCallId(scope, callSid);
  if (record?.channel !== "phone" || record.tenantId !== tenantId) return null;
  if (record.providerCallId !== null && record.providerCallId !== callSid) return null;
  const live = deps.registry.get(record.id) ?? deps.registry.byProviderCallId(scope, callSid);
  if (!live && callback.mayReplay) {
    const owner = await deps.owners?.ofCall(record.id);
    if (owner) return { replayTo: owner.machine };
  }
  const callId = record.id;
  await deps.records.setProviderStatus(callId, status);
  if (record.status === "ended") return null;
  const ends = ENDS[status];
  if (ends) {
    deps.progress(callId, { step: "over", reason: ends });
    await live?.session.hangUp(ends);
  } else if (status === "ringing") {
    deps.progress(callId, { step: "ringing" });
    await deps.records.setStatus(callId, "ringing");
  } else if (status === "in-progress") {
    deps.progress(callId, { step: "answered" });
    await deps.records.setStatus(callId, "connecting");
    await deps.records.mark(callId, "answered_at");
    await deps.records.addEvent(callId, "answered");
    live?.session.expectMediaWithin(deps.connectTimeoutMs);
  }
  return null;
}
