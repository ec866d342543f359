import type { AgentConfig } from "../domain/agent-config";
import type { Logger } from "../log/logger";
import type { MediaLeg } from "../media/media-leg";
import type { ModelLeg } from "../models/model-leg";
import type { CallContext } from "../prompts/call-context";
import type { TranscriptChecks } from "../transcripts/call-transcript";
import type { CallAudioTap } from "./audio-tap";
import type { CallRecordSink } from "./call-records";
import type { FrameClock } from "./frame-clock";
import type { KnowledgeTurns } from "./knowledge-turns";
import type { SessionTools } from "./tool-calls";

/** What one call session is built from (see CallSession). */
export interface CallSessionOptions {
  id: string;
  config: AgentConfig;
  context: CallContext;
  media: MediaLeg;
  model: ModelLeg;
  /** The model leg's connect(), started before the media leg so both open at once. */
  modelConnection: Promise<void>;
  clock: FrameClock;
  records: CallRecordSink;
  log: Logger;
  /** The call's tools beyond end_call (which the session always handles), and the cue. */
  tools?: SessionTools;
  /** Searches the agent's knowledge on each caller turn before the reply (the model must not reply by itself). */
  knowledgeTurns?: KnowledgeTurns;
  /** Re-transcription of unsure caller lines; without it lines get confidences and offsets only. */
  transcripts?: TranscriptChecks;
  /** How often the record is told the call is alive (default 5 s): a crash's error bound. */
  heartbeatMs?: number;
  /** Media that has not connected this long after the start ends the call (`connect_timeout`). */
  connectTimeoutMs?: number;
  now?: () => number;
  /** Hears both sides on the call clock (the recording), when the agent records calls. */
  recorder?: CallAudioTap | null;
}
