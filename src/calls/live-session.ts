import type { AgentConfig } from "../domain/agent-config";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelSettings } from "../models/model-settings";
import type { CallContext } from "../prompts/call-context";
import type { TranscriptChecks } from "../transcripts/call-transcript";
import type { CallAudioTap } from "./audio-tap";
import type { CallRecordSink } from "./call-records";
import type { CallSession } from "./call-session";
import type { SessionTools } from "./tool-calls";
import type { TurnMetrics } from "./turn-metrics";

/**
 * A live call as the rest of the gateway sees it (routes, event feeds, drains, metrics): a
 * CallSession on this thread, or one running on a call worker thread.
 */
export type LiveCallSession = Pick<
  CallSession,
  | "id"
  | "events"
  | "phase"
  | "offsetMs"
  | "ended"
  | "hangUp"
  | "endWithGoodbye"
  | "expectMediaWithin"
> & {
  readonly metrics: Pick<TurnMetrics, "summary" | "underruns">;
  /** The model tokens the call used, once it has ended, where the model ran elsewhere. */
  readonly totalTokens?: number;
};

/** Everything a session is built from, for a host that builds it somewhere else. */
export interface HostedSessionRequest {
  id: string;
  leg: MediaLeg;
  config: AgentConfig;
  context: CallContext;
  /** What the model is told when its session opens. */
  settings: ModelSettings;
  records: CallRecordSink;
  log: Logger;
  tools: SessionTools;
  /** Per-turn knowledge search, when the agent has it: how long to wait for the transcript. */
  knowledgeTurns?: { transcriptWaitMs: number };
  transcripts?: Omit<TranscriptChecks, "retranscriber">;
  connectTimeoutMs?: number;
  recorder: CallAudioTap | null;
}

/**
 * Runs sessions on other threads: the media legs it makes (through the answer and offer it
 * hands out) can only be driven there, so their sessions must run there too.
 */
export interface SessionHost {
  hosts(leg: MediaLeg): boolean;
  start(request: HostedSessionRequest): LiveCallSession;
}
