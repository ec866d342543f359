import type { CallEvents } from "../calls/call-events";
import type { KnowledgePassage } from "../calls/knowledge-port";
import type { AgentConfig } from "../domain/agent-config";
import type { CallMetrics, EndReason } from "../domain/call";
import type { LogLevel } from "../log/logger";
import type { WebRtcOptions } from "../media/webrtc/answer-offer";
import type { ModelSettings, ToolSpec } from "../models/model-settings";
import type { CallContext } from "../prompts/call-context";
import type { ModelEndpoints } from "../startup/model-legs";
import type { ModelTraceEvent } from "../tracing/model-trace-events";

/** What the main thread and a call worker say to each other (see rpc.ts). */

export interface WorkerSetup {
  /** Where each provider's model legs connect (OpenAI's also serves re-transcriptions). */
  model: ModelEndpoints & { connectTimeoutMs?: number; appendMs?: number };
  logLevel: LogLevel;
  /** The benchmark's event-loop probe file, if any: the worker writes its own next to it. */
  lagFile?: string;
  index: number;
}

/** A call's model leg, opened on the worker before the call's media and session. */
export interface ModelSpec {
  callId: string;
  tenantId: string;
  /** The call's trace ids, for the worker's log lines about the call. */
  logFields: Readonly<Record<string, string>>;
  config: AgentConfig;
  settings: ModelSettings;
}

/** One call's session, as the worker builds it; its ports stay on the main thread. */
export interface SessionSpec {
  callId: string;
  tenantId: string;
  legId: number;
  config: AgentConfig;
  context: CallContext;
  connectTimeoutMs?: number;
  transcripts?: { confidenceThreshold: number; language?: string };
  tools: {
    /** The call's HTTP and MCP tools, with the timeouts known so far. */
    external: { declared: ToolSpec[]; timeouts: Record<string, number> } | null;
    knowledge: boolean;
    abilities: { sendText: boolean; transfer: boolean };
    cue?: Int16Array;
  };
  knowledgeTurns?: { transcriptWaitMs: number };
  recording: boolean;
}

/** Calls the main thread makes to a worker. */
export type WorkerApi = {
  setup(arg: WorkerSetup): void;
  answerOffer(arg: {
    sdp: string;
    options: WebRtcOptions;
  }): Promise<{ legId: number; answerSdp: string }>;
  createOffer(arg: { options: WebRtcOptions }): Promise<{ legId: number; offerSdp: string }>;
  applyAnswer(arg: { legId: number; sdp: string }): Promise<void>;
  closeLeg(arg: { legId: number; reason?: string }): Promise<void>;
  /** Opens the call's model leg; its session (startSession) takes it. */
  openModel(arg: ModelSpec): void;
  closeModel(arg: { callId: string; reason: string }): Promise<void>;
  startSession(arg: SessionSpec): void;
  hangUp(arg: { callId: string; reason: EndReason }): Promise<void>;
  endWithGoodbye(arg: { callId: string; reason: EndReason; maxWaitMs: number }): Promise<void>;
  expectMediaWithin(arg: { callId: string; ms: number }): void;
};

export const RECORD_OPS = [
  "mark",
  "appendMessage",
  "updateLine",
  "markInterrupted",
  "addEvent",
  "heartbeat",
  "end",
] as const;
export type RecordOp = (typeof RECORD_OPS)[number];

/** Calls a worker makes to the main thread: the ports of its calls. */
export type MainApi = {
  record(arg: { callId: string; op: RecordOp; args: unknown[] }): Promise<void>;
  toolsListed(arg: {
    callId: string;
  }): Promise<{ specs: ToolSpec[]; timeouts: Record<string, number> }>;
  toolRun(arg: { callId: string; name: string; argumentsJson: string }): Promise<string>;
  toolsClose(arg: { callId: string }): Promise<void>;
  knowledgeSearch(arg: {
    callId: string;
    collectionIds: string[];
    query: string;
    limit: number;
  }): Promise<KnowledgePassage[]>;
  ability(arg: { callId: string; name: "sendText" | "transfer"; value: string }): Promise<void>;
};

/** Kinds of entry in a recording batch: agent frame, caller frame, clock tick. */
export const TAP_AGENT = 0;
export const TAP_CALLER = 1;
export const TAP_TICK = 2;

/** One-way notes from a worker. */
export type WorkerNotes = {
  ready: { index: number };
  leg: { legId: number; event: "connected" | "disconnected" | "closed"; reason?: string };
  event: { callId: string; name: keyof CallEvents; args: unknown[]; totalTokens?: number };
  stats: { callId: string; summary: CallMetrics };
  log: { line: string };
  /** A batch of the recording's tap calls, in order; frames are back to back in `pcm`. */
  tap: {
    callId: string;
    kinds: Uint8Array;
    offsets: Float64Array;
    lengths: Uint16Array;
    pcm: Int16Array;
    stop: boolean;
  };
  retranscription: { callId: string; token: number; done: boolean };
  /** An event of a call's model for its trace, at when it happened (epoch ms). */
  trace: { callId: string; event: ModelTraceEvent; at: number };
  /** Event-loop lag observed since the last report, in the metric's buckets (seconds). */
  lag: { counts: Float64Array; sum: number; count: number };
  /** Something failed that nothing caught: the worker ends its calls and retires. */
  failing: { error: string };
  /** The failed worker has closed everything and stays idle. */
  retired: Record<string, never>;
};
