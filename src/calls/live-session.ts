import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel } from "../domain/call";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelSettings } from "../models/model-settings";
import type { CallContext } from "../prompts/call-context";
import type { CallTrace } from "../tracing/tracing";
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
  /** The call's model, opened by the host before the media (see SessionHost.openModel). */
  model: HostedModel;
  config: AgentConfig;
  context: CallContext;
  records: CallRecordSink;
  log: Logger;
  tools: SessionTools;
  /** Per-turn knowledge search, when the agent has it: how long to wait for the transcript. */
  knowledgeTurns?: { transcriptWaitMs: number };
  transcripts?: Omit<TranscriptChecks, "retranscriber">;
  connectTimeoutMs?: number;
  recorder: CallAudioTap | null;
}

/** A call's model leg opened where its session will run, connecting while the media opens. */
export interface HostedModel {
  /** Runs the call's `openMedia`: the media leg it makes is made beside the model. */
  openMedia<T>(open: () => Promise<T>): Promise<T>;
  /** The call did not start (its media or record failed): the model closes. */
  close(reason: string): Promise<void>;
}

/**
 * Runs sessions on other threads: the media legs it makes (through the answer and offer it
 * hands out) can only be driven there, so their sessions, and their model legs, run there too.
 */
export interface SessionHost {
  /** Whether the media legs of this channel's calls are made by the host. */
  serves(channel: CallChannel): boolean;
  hosts(leg: MediaLeg): boolean;
  /**
   * Opens the call's model leg on the thread that will run it, before the media, so both open
   * together as on this thread; its events reach `trace`.
   */
  openModel(call: {
    id: string;
    tenantId: string;
    config: AgentConfig;
    settings: ModelSettings;
    trace: CallTrace;
  }): HostedModel;
  start(request: HostedSessionRequest): LiveCallSession;
}
