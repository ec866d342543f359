import type { ConversationDetail } from "../../api/api-types.gen";

type Call = Pick<ConversationDetail, "status" | "endReason" | "events" | "channel"> &
  Partial<Pick<ConversationDetail, "answeredAt" | "mediaConnectedAt">>;

/**
 * Where a WhatsApp call's permission stands. WhatsApp lets a business call a user only once the
 * user has allowed it: the gateway asks when it must, and the call waits for the reply.
 */
export type PermissionState =
  /** Not a WhatsApp call, or the record does not say yet. */
  | "not_applicable"
  /** The user had already allowed calls: no request was sent. */
  | "already_allowed"
  | "requested"
  | "granted"
  | "refused"
  /** The user has not allowed calls and may not be asked again yet. */
  | "not_allowed"
  /** No reply came within the wait for one: the call was given up. */
  | "expired";

const WHATSAPP = new Set(["whatsapp_cloud", "wati"]);

/** The permission state, from the call's status, end reason and lifecycle events. */
export function permissionState(call: Call): PermissionState {
  if (!WHATSAPP.has(call.channel)) return "not_applicable";
  if (call.endReason === "permission_expired") return "expired";
  if (call.endReason === "no_permission") return "not_allowed";
  if (call.endReason === "permission_rejected") return "refused";
  const reply = call.events.findLast((event) => event.kind === "permission_reply");
  if (reply) return reply.detail.granted === true ? "granted" : "refused";
  if (call.events.some((event) => event.kind === "permission_requested")) return "requested";
  return call.status === "waiting_permission" ? "requested" : "already_allowed";
}

export const PERMISSION_WORDS: Record<PermissionState, string> = {
  not_applicable: "",
  already_allowed: "Already allowed: the user had agreed to calls, so none was asked for",
  requested: "Requested: waiting for the user to reply to the request in WhatsApp",
  granted: "Granted: the user allowed the call",
  refused: "Refused: the user declined the call",
  not_allowed: "Not allowed: the user has not agreed to calls and cannot be asked again yet",
  expired: "Expired: the user did not reply in time, so the call was given up",
};

/** The steps a call we place goes through, in order; the permission step only on WhatsApp. */
export const CALL_STEPS = [
  { status: "waiting_permission", label: "Waiting for permission" },
  { status: "dialing", label: "Dialling" },
  { status: "ringing", label: "Ringing" },
  { status: "connecting", label: "Connecting" },
  { status: "active", label: "In conversation" },
  { status: "ended", label: "Ended" },
] as const;

export type StepState = "done" | "now" | "later" | "skipped";

/** Which steps an ended call went through: its events and timestamps say. */
function reached(call: Call, status: (typeof CALL_STEPS)[number]["status"]): boolean {
  const dialled = call.events.some((event) => event.kind === "dialled");
  switch (status) {
    case "waiting_permission":
      return call.events.some((event) => event.kind === "permission_requested");
    case "dialing":
      return dialled || permissionState(call) === "granted";
    case "ringing":
      return dialled;
    case "connecting":
      return Boolean(call.answeredAt);
    case "active":
      return Boolean(call.mediaConnectedAt);
    case "ended":
      return true;
  }
}

/**
 * The steps this call shows, each done, under way, still to come, or (once it has ended) never
 * reached. A phone call, or a WhatsApp call that was never kept waiting, has no permission step.
 */
export function stepsFor(call: Call): Array<{ status: string; label: string; state: StepState }> {
  const permission = permissionState(call);
  const waited = permission !== "already_allowed" && permission !== "not_applicable";
  const steps = CALL_STEPS.filter((step) => step.status !== "waiting_permission" || waited);
  const at = steps.findIndex((step) => step.status === call.status);
  return steps.map((step, i) => {
    let state: StepState = i < at ? "done" : i === at ? "now" : "later";
    if (call.status === "ended" && i < at && !reached(call, step.status)) state = "skipped";
    return { status: step.status, label: step.label, state };
  });
}

/** Why a call ended, in words; the API's own word for a reason not named here. */
export const END_WORDS: Record<string, string> = {
  caller_hung_up: "the other side hung up",
  agent_ended: "the agent ended the call",
  hung_up_by_api: "it was hung up from here or the API",
  no_answer: "nobody answered",
  busy: "the line was busy",
  rejected: "the call was declined",
  permission_rejected: "the user refused the call permission",
  permission_expired: "the user did not reply to the permission request in time",
  no_permission: "the user has not allowed calls and cannot be asked yet",
  provider_failed: "the provider could not place the call",
  quota_exceeded: "the monthly call minutes are used up",
  max_duration: "it reached the agent's longest call length",
  silence_timeout: "nobody spoke for too long",
};
