/** `phone`: a phone number's call over Twilio Media Streams. */
export const CALL_CHANNELS = ["web", "whatsapp_cloud", "wati", "livekit", "phone"] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];
export type CallDirection = "inbound" | "outbound";
/** Outbound calls wait for permission, dial and ring before they connect like any other. */
export const CALL_STATUSES = [
  "waiting_permission",
  "dialing",
  "ringing",
  "connecting",
  "active",
  "ended",
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Why a call ended, in words a business reviewing its calls understands. */
export const END_REASONS = [
  "caller_hung_up",
  "agent_ended",
  "hung_up_by_api",
  "silence_timeout",
  "max_duration",
  "model_unavailable",
  "media_failed",
  /** The caller's media never connected (the connect timeout). */
  "connect_timeout",
  "provider_terminated",
  "rejected",
  /** Declined before it started: the tenant's monthly call minutes are used up. */
  "quota_exceeded",
  "no_answer",
  /** A phone call we placed: the callee's line was busy. */
  "busy",
  /** The agent handed the call to a person (transfer_call); the call goes on without us. */
  "transferred",
  "no_permission",
  "permission_rejected",
  /** An outbound WhatsApp call whose permission request got no reply within the wait. */
  "permission_expired",
  "provider_failed",
  "gateway_shutdown",
  "gateway_restarted",
  "error",
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** Moments in a call's life that its record keeps the first time of. */
export type CallMilestone = "answered_at" | "media_connected_at" | "first_agent_audio_at";

export interface CallMetrics {
  turns: number;
  /** Per-turn medians and worst cases, milliseconds. */
  responseLatencyMsP50: number | null;
  responseLatencyMsMax: number | null;
  modelFirstAudioMsP50: number | null;
  gatewayInboundMsP50: number | null;
  gatewayInboundMsP99: number | null;
  gatewayOutboundMsP50: number | null;
  gatewayOutboundMsP99: number | null;
  playoutUnderruns: number;
  bargeIns: number;
}

export interface CallRecord {
  id: string;
  tenantId: string;
  agentId: string;
  /** The published version that answered; 0 when the draft did (a test call). */
  agentVersion: number;
  /** For a test call answered by the draft: the draft's revision then; otherwise null. */
  draftRevision: number | null;
  channel: CallChannel;
  direction: CallDirection;
  status: CallStatus;
  providerCallId: string | null;
  /** The provider's last status word for the call (RINGING, ACCEPTED, REJECTED, COMPLETED…). */
  providerStatus: string | null;
  /** Masked: the last digits of a number, or a browser label; never a full phone number. */
  remoteParty: string;
  receivedAt: string;
  answeredAt: string | null;
  mediaConnectedAt: string | null;
  firstAgentAudioAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  durationMs: number | null;
  /** Token counts by kind, summed over the call (cached input tokens counted once). */
  usage: Record<string, number>;
  metrics: Partial<CallMetrics>;
  /** When the conversation's content (transcript, recording, analysis) was deleted on request. */
  deletedAt: string | null;
  /** When retention (or deletion) erased the transcript; null while it is kept. */
  transcriptErasedAt: string | null;
  /** When retention (or deletion) erased the recording; null while it is kept. */
  recordingErasedAt: string | null;
  /** The outcome the post-call analysis chose; null until it has run, or once erased. */
  outcome: string | null;
}

export type MessageRole = "user" | "assistant" | "system" | "tool";

/** How a tool call ended: `cancelled` when the call ended while it ran. */
export type ToolCallStatus = "ok" | "error" | "timeout" | "cancelled";

/**
 * One tool the model called during a call. Arguments and output may hold personal data: they
 * are kept on the record for the business, never written to a log line.
 */
export interface ToolCallRecord {
  name: string;
  /** The arguments as the model sent them (JSON text). */
  arguments: string;
  status: ToolCallStatus;
  /** What the model was given back on success. */
  output: string | null;
  /** Why it failed, as the model was told; null on success. */
  error: string | null;
  durationMs: number;
}

export interface CallMessage {
  seq: number;
  role: MessageRole;
  text: string;
  itemId: string | null;
  /** Milliseconds from the start of the call. */
  offsetMs: number;
  /** The caller cut this assistant message short; `text` is what they heard of it. */
  interrupted: boolean;
  /** For role `tool` (then `text` is the tool's name): the call and its outcome. */
  tool: ToolCallRecord | null;
  createdAt: string;
  /** Caller lines: the live transcription's confidence, 0..1; null when it gave none. */
  confidence: number | null;
  /** Call-clock milliseconds where the line starts and ends (null when not known). */
  startMs: number | null;
  endMs: number | null;
  /** An interrupted agent line: everything the model generated. */
  fullText: string | null;
  /** A low-confidence caller line read again from its audio; null when it was not needed. */
  retranscription: Retranscription | null;
}

export type RetranscriptionStatus = "pending" | "done" | "failed" | "unavailable";

export interface Retranscription {
  /** unavailable: the line's audio was no longer held (or never timed) when it was needed. */
  status: RetranscriptionStatus;
  text: string | null;
  model: string | null;
  confidence: number | null;
}

/** What a transcript line adds to a message beyond its text, as far as it is known. */
export interface LineFacts {
  confidence?: number | null;
  startMs?: number | null;
  endMs?: number | null;
  fullText?: string | null;
  interrupted?: boolean;
  retranscription?: Retranscription;
}

/** An outbound call waiting for the user's permission, with what it needs to dial later. */
export interface WaitingCall extends CallRecord {
  dialVariables: Record<string, string>;
}

/** A call record as first written. */
export interface NewCall {
  id: string;
  /** Default "connecting"; outbound calls start earlier, at "waiting_permission" or "dialing". */
  status?: CallStatus;
  bindingId?: string | null;
  /** Outbound only: the number to dial. Kept until the call ends, never shown. */
  dialTo?: string | null;
  /** Outbound only: the request's prompt variables, kept with dialTo for a permission wait. */
  dialVariables?: Record<string, string> | null;
  idempotencyKey?: string | null;
  /** When the call reached us (the webhook or request that started it); default now. */
  receivedAt?: string;
  tenantId: string;
  agentId: string;
  agentVersion: number;
  draftRevision?: number | null;
  channel: CallChannel;
  direction: CallDirection;
  providerCallId?: string | null;
  remoteParty: string;
  /** The other party's full number: only its keyed hash is stored, for search by number. */
  remoteNumber?: string | null;
  machineId: string;
}
