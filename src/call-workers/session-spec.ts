import type { HostedSessionRequest } from "../calls/live-session";
import { timeoutsOf } from "./hosted-calls";
import type { SessionSpec } from "./protocol";

/** What a worker builds a call's session from: the request, less what stays on this thread. */
export function sessionSpecOf(request: HostedSessionRequest, legId: number): SessionSpec {
  const { tools } = request;
  const external = tools.external;
  return {
    callId: request.id,
    tenantId: tools.tenantId,
    legId,
    config: request.config,
    context: request.context,
    ...(request.connectTimeoutMs !== undefined && {
      connectTimeoutMs: request.connectTimeoutMs,
    }),
    ...(request.transcripts && {
      transcripts: {
        confidenceThreshold: request.transcripts.confidenceThreshold,
        ...(request.transcripts.language && { language: request.transcripts.language }),
      },
    }),
    tools: {
      external: external
        ? { declared: external.declared, timeouts: timeoutsOf(external, external.declared) }
        : null,
      knowledge: tools.knowledge !== undefined,
      abilities: {
        sendText: tools.abilities.sendText !== undefined,
        transfer: tools.abilities.transfer !== undefined,
      },
      ...(tools.cue && { cue: tools.cue }),
    },
    ...(request.knowledgeTurns && { knowledgeTurns: request.knowledgeTurns }),
    recording: request.recorder !== null,
  };
}
