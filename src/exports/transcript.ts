import type {
  CallChannel,
  CallDirection,
  CallMessage,
  CallRecord,
  ToolCallStatus,
} from "../domain/call";
import { redactText } from "../log/redact";

/**
 * A conversation as exports show it: the header a reader needs and one entry per line. Text
 * goes through the same scrubbing as log lines, so no phone number, key or token leaves in an
 * export; the remote party is the stored masked label.
 */
export interface Transcript {
  callId: string;
  agent: { id: string; name: string | null; version: number };
  channel: CallChannel;
  direction: CallDirection;
  remoteParty: string;
  receivedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  endReason: string | null;
  lines: TranscriptLine[];
}

export type Speaker = "caller" | "agent" | "tool" | "system";

export interface TranscriptLine {
  seq: number;
  /** Milliseconds from the start of the call. */
  offsetMs: number;
  speaker: Speaker;
  text: string;
  /** An agent line the caller cut short. */
  interrupted: boolean;
  /** The transcription's confidence in a caller line, when it has one (0 to 1). */
  confidence: number | null;
  lowConfidence: boolean;
  /** An unsure caller line's second reading from its audio, when one was made. */
  retranscription: string | null;
  tool: { name: string; status: ToolCallStatus; durationMs: number; error: string | null } | null;
}

/** Below this a caller line is marked as doubtful (the transcription's default threshold). */
export const LOW_CONFIDENCE = 0.75;

const SPEAKERS: Record<CallMessage["role"], Speaker> = {
  user: "caller",
  assistant: "agent",
  tool: "tool",
  system: "system",
};

export function toTranscript(
  call: CallRecord,
  messages: CallMessage[],
  agentName: string | null,
): Transcript {
  return {
    callId: call.id,
    agent: { id: call.agentId, name: agentName, version: call.agentVersion },
    channel: call.channel,
    direction: call.direction,
    remoteParty: call.remoteParty,
    receivedAt: call.receivedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    durationMs: call.durationMs,
    endReason: call.endReason,
    lines: messages.map((message) => {
      const { confidence, retranscription } = message;
      const tool = message.tool;
      return {
        seq: message.seq,
        offsetMs: message.offsetMs,
        speaker: SPEAKERS[message.role],
        text: redactText(message.text),
        interrupted: message.interrupted,
        confidence,
        lowConfidence: confidence !== null && confidence < LOW_CONFIDENCE,
        retranscription:
          retranscription?.status === "done" && retranscription.text !== null
            ? redactText(retranscription.text)
            : null,
        tool: tool && {
          name: tool.name,
          status: tool.status,
          durationMs: tool.durationMs,
          error: tool.error === null ? null : redactText(tool.error),
        },
      };
    }),
  };
}

/** `m:ss.t`, or `h:mm:ss` past an hour: a position on the call's clock. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 100));
  const tenths = total % 10;
  const seconds = Math.floor(total / 10) % 60;
  const minutes = Math.floor(total / 600) % 60;
  const hours = Math.floor(total / 36000);
  const ss = String(seconds).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${ss}`
    : `${minutes}:${ss}.${tenths}`;
}

/** `4 min 05 s`, or `—` for a call that has not ended. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${String(seconds % 60).padStart(2, "0")} s` : `${seconds} s`;
}

/** `2026-05-01 14:03:22 UTC` from an ISO timestamp. */
export function formatWhen(iso: string | null): string {
  if (iso === null) return "—";
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}

const SPEAKER_LABELS: Record<Speaker, string> = {
  caller: "Caller",
  agent: "Agent",
  tool: "Tool",
  system: "System",
};

/** What a line says, marks included, as the txt and pdf exports print it after its speaker. */
export function lineWords(line: TranscriptLine): {
  speaker: string;
  text: string;
  marks: string[];
} {
  const marks: string[] = [];
  if (line.interrupted) marks.push("interrupted");
  if (line.lowConfidence && line.confidence !== null) {
    marks.push(`low confidence ${line.confidence.toFixed(2)}`);
  }
  if (line.retranscription !== null) marks.push(`read again: ${line.retranscription}`);
  if (line.tool) {
    const outcome = `${line.tool.status}, ${line.tool.durationMs} ms`;
    const error = line.tool.error ? `: ${line.tool.error}` : "";
    return { speaker: SPEAKER_LABELS.tool, text: `${line.tool.name} (${outcome})${error}`, marks };
  }
  return { speaker: SPEAKER_LABELS[line.speaker], text: line.text, marks };
}

/** The header as label and value pairs, in the order both txt and pdf print them. */
export function headerFields(transcript: Transcript): Array<[string, string]> {
  const agent = transcript.agent;
  const version = agent.version === 0 ? "draft" : `version ${agent.version}`;
  return [
    ["Conversation", transcript.callId],
    ["Agent", `${agent.name ?? agent.id} (${version})`],
    ["Channel", `${transcript.channel}, ${transcript.direction}`],
    ["Remote party", transcript.remoteParty],
    ["When", formatWhen(transcript.answeredAt ?? transcript.receivedAt)],
    ["Duration", formatDuration(transcript.durationMs)],
    ["Ended", transcript.endReason ?? "not yet"],
  ];
}
