import type { CallRegistry } from "../calls/call-registry";
import type { CallLog } from "../calls/ports";
import type { EndReason } from "../domain/call";
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

export interface PhoneStatusDeps {
  registry: Pick<CallRegistry, "byProviderCallId">;
  records: Pick<
    CallLog,
    "findByProviderCallId" | "setProviderStatus" | "setStatus" | "mark" | "addEvent"
  >;
  /** Which machine holds a call not live here. */
  owners?: Pick<CallOwners, "ofCall"> | undefined;
  /** Tells the dialler how a call it placed goes on. */
  progress: (callSid: string, step: "ringing" | "answered" | "over") => void;
  /** Once answered, a call's media must connect within this. */
  connectTimeoutMs: number;
}

/**
 * Applies one of Twilio's status callbacks to the tenant's call with that SID: `ringing` and
 * `in-progress` (answered) move the call on, the final statuses end it with their reason. A SID
 * the tenant has no phone call with changes nothing. A call live on another machine is not
 * touched here: the answer names that machine (to replay the callback there).
 */
export async function applyPhoneStatus(
  deps: PhoneStatusDeps,
  tenantId: string,
  callSid: string,
  status: TwilioCallStatus,
  mayReplay: boolean,
): Promise<{ replayTo: string } | null> {
  const scope = { tenantId, channel: "phone" as const };
  const live = deps.registry.byProviderCallId(scope, callSid);
  const record = live ? null : await deps.records.findByProviderCallId(scope, callSid);
  if (!live && !record) return null;
  if (!live && record && mayReplay) {
    const owner = await deps.owners?.ofCall(record.id);
    if (owner) return { replayTo: owner.machine };
  }
  const callId = live?.session.id ?? record?.id ?? "";
  await deps.records.setProviderStatus(callId, status);
  const ends = ENDS[status];
  if (ends) {
    deps.progress(callSid, "over");
    await live?.session.hangUp(ends);
    return null;
  }
  if (!live) return null;
  if (status === "ringing") {
    deps.progress(callSid, "ringing");
    await deps.records.setStatus(callId, "ringing");
  } else if (status === "in-progress") {
    deps.progress(callSid, "answered");
    await deps.records.setStatus(callId, "connecting");
    await deps.records.mark(callId, "answered_at");
    await deps.records.addEvent(callId, "answered");
    live.session.expectMediaWithin(deps.connectTimeoutMs);
  }
  return null;
}
