import type { Row } from "@libsql/client";
import type {
  CallChannel,
  CallDirection,
  CallMessage,
  CallRecord,
  CallStatus,
  EndReason,
  MessageRole,
  NewCall,
  ToolCallRecord,
} from "../domain/call";
import { json, num, numOrNull, str, strOrNull } from "./rows";
import { lineFactsOf } from "./transcript-lines";

// How calls and their messages read: from their rows, or as created before any row was read.

export function toCall(row: Row): CallRecord {
  return {
    id: str(row, "id"),
    tenantId: str(row, "tenant_id"),
    agentId: str(row, "agent_id"),
    agentVersion: num(row, "agent_version"),
    draftRevision: numOrNull(row, "draft_revision"),
    channel: str(row, "channel") as CallChannel,
    direction: str(row, "direction") as CallDirection,
    status: str(row, "status") as CallStatus,
    providerCallId: strOrNull(row, "provider_call_id"),
    providerStatus: strOrNull(row, "provider_status"),
    remoteParty: str(row, "remote_party"),
    receivedAt: str(row, "received_at"),
    answeredAt: strOrNull(row, "answered_at"),
    mediaConnectedAt: strOrNull(row, "media_connected_at"),
    firstAgentAudioAt: strOrNull(row, "first_agent_audio_at"),
    endedAt: strOrNull(row, "ended_at"),
    endReason: strOrNull(row, "end_reason") as EndReason | null,
    durationMs: numOrNull(row, "duration_ms"),
    usage: json(row, "usage"),
    metrics: json(row, "metrics"),
    deletedAt: strOrNull(row, "content_deleted_at"),
    transcriptErasedAt: strOrNull(row, "transcript_erased_at"),
    recordingErasedAt: strOrNull(row, "recording_erased_at"),
    outcome: strOrNull(row, "outcome"),
  };
}

export function toMessage(row: Row): CallMessage {
  return {
    seq: num(row, "seq"),
    role: str(row, "role") as MessageRole,
    text: str(row, "text"),
    itemId: strOrNull(row, "item_id"),
    offsetMs: num(row, "offset_ms"),
    interrupted: num(row, "interrupted") === 1,
    tool: strOrNull(row, "tool") === null ? null : json<ToolCallRecord>(row, "tool"),
    createdAt: str(row, "created_at"),
    ...lineFactsOf(row),
  };
}

/** A call as created, for the call to go on while its creation waits for the primary. */
export function waitingCall(call: NewCall, receivedAt: string): CallRecord {
  return {
    id: call.id,
    tenantId: call.tenantId,
    agentId: call.agentId,
    agentVersion: call.agentVersion,
    draftRevision: call.draftRevision ?? null,
    channel: call.channel,
    direction: call.direction,
    status: call.status ?? "connecting",
    providerCallId: call.providerCallId ?? null,
    providerStatus: null,
    remoteParty: call.remoteParty,
    receivedAt,
    answeredAt: null,
    mediaConnectedAt: null,
    firstAgentAudioAt: null,
    endedAt: null,
    endReason: null,
    durationMs: null,
    usage: {},
    metrics: {},
    deletedAt: null,
    transcriptErasedAt: null,
    recordingErasedAt: null,
    outcome: null,
  };
}
