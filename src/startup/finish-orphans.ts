import type { AfterCall } from "../calls/after-call";
import type { Logger } from "../log/logger";
import type { Stores } from "../store/stores";

/**
 * Calls the previous run left open were just closed (`gateway_restarted`): they get the same
 * after-call work as any ended call (final transcript, recording, analysis), so a crash or a
 * deploy leaves complete records. Runs after the interrupted recordings are closed.
 */
export async function finishOrphans(
  callIds: readonly string[],
  stores: Pick<Stores, "calls" | "agents">,
  afterCall: AfterCall,
  log: Logger,
): Promise<void> {
  for (const id of callIds) {
    try {
      const call = await stores.calls.get(null, id);
      if (call.endReason === null) continue;
      // A test call was answered by the draft (version 0): its config now is the closest known.
      const config =
        call.agentVersion === 0
          ? (await stores.agents.get(call.tenantId, call.agentId)).draft
          : (await stores.agents.getVersion(call.tenantId, call.agentId, call.agentVersion)).config;
      afterCall.callEnded({
        id,
        tenantId: call.tenantId,
        agentId: call.agentId,
        agentVersion: call.agentVersion,
        channel: call.channel,
        direction: call.direction,
        config,
        reason: call.endReason,
      });
    } catch (error) {
      log.warn("could not finish the records of a call left open", { callId: id, error });
    }
  }
}
