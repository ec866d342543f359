import type { AgentConfig } from "../domain/agent-config";
import type { CallChannel, CallDirection } from "../domain/call";
import type { MediaLeg } from "../media/media-leg";
import type { CallContext } from "../prompts/call-context";
import type { CallAbilities } from "./builtin-tools";

export interface CallLimits {
  /** Concurrent calls of a tenant that did not set its own limit. */
  defaultMaxConcurrentCallsPerTenant: number;
  /** Concurrent calls this machine takes at most. */
  maxCallsPerMachine: number;
  /** A call whose media has not connected this long after it started is ended. */
  connectTimeoutMs: number;
}

/** A published agent version (or, for a test call, the draft) ready to take a call. */
export interface CallTarget {
  tenantId: string;
  agentId: string;
  /** 0 for the draft. */
  version: number;
  /** Set when the draft answers: its revision. */
  draftRevision?: number;
  config: AgentConfig;
  /** The tenant's concurrent-call limit (its own, or the default). */
  concurrentCallLimit: number;
}

export interface CallRequest<T> {
  target: CallTarget;
  /** When the request or webhook that started the call arrived; default: when start() began. */
  receivedAt?: Date;
  /** A record made earlier (an outbound call that waited for permission); otherwise one is made. */
  existingCallId?: string;
  channel: CallChannel;
  direction: CallDirection;
  remoteParty: string;
  /** The other party's full number, when a phone call: kept only as a keyed hash. */
  remoteNumber?: string;
  providerCallId?: string;
  /**
   * A call we place rings before media can connect: the connect timeout then starts when the
   * callee answers (CallSession.expectMediaWithin), not when the call starts.
   */
  ringsFirst?: boolean;
  /** The business line the call came in on or goes out from. */
  bindingId?: string;
  context: CallContext;
  /** What the channel can do for the agent's tools (a WhatsApp call can send a text). */
  abilities?: CallAbilities;
  /**
   * Opens the media leg (answers an SDP offer, or places the call); runs while the model
   * session opens. A provider call id learnt on the way (an outbound call's) is returned with it.
   */
  openMedia: () => Promise<{ leg: MediaLeg; result: T; providerCallId?: string }>;
}
