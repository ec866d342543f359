import type { CallService } from "../calls/call-service";
import type { LiveCallSession } from "../calls/live-session";
import { QuotaExceeded } from "../calls/monthly-quota";
import { DomainError } from "../domain/errors";
import { maskPhone } from "../domain/phone";
import type { Logger } from "../log/logger";
import { phoneAbilities, type TransferDeps } from "./phone-transfer";
import type { InboundClaims } from "./stream-tokens";
import type { TwilioStreamLeg } from "./twilio-stream-leg";

/**
 * Starts the call of an inbound stream whose `start` matched its token; a call that cannot start
 * (limits, quota, draining since the webhook) closes the stream, and Twilio hangs up, and is
 * kept as a refused conversation.
 */
export function inboundPhoneCalls(deps: {
  calls: Pick<CallService, "target" | "start" | "recordRefused">;
  transfer: TransferDeps;
  log: Logger;
}) {
  return async (claims: InboundClaims, leg: TwilioStreamLeg): Promise<void> => {
    const { calls, log } = deps;
    const caller = { remoteParty: maskPhone(claims.from), remoteNumber: claims.from };
    let session: LiveCallSession | null = null;
    try {
      const target = await calls.target(claims.tenantId, claims.agentId);
      ({ session } = await calls.start({
        target,
        channel: "phone",
        direction: "inbound",
        providerCallId: claims.callSid,
        bindingId: claims.bindingId,
        ...caller,
        context: { contactNumber: claims.from },
        abilities: phoneAbilities(deps.transfer, {
          tenantId: claims.tenantId,
          callSid: () => claims.callSid,
          leg,
          session: () => session,
        }),
        openMedia: async () => ({ leg, result: undefined }),
      }));
    } catch (error) {
      log.warn("phone call not started", { channel: "phone", error });
      await leg.close("refused");
      await calls
        .recordRefused({
          tenantId: claims.tenantId,
          agentId: claims.agentId,
          channel: "phone",
          providerCallId: claims.callSid,
          ...caller,
          reason: error instanceof DomainError ? error.message : "the call could not be set up",
          endReason: error instanceof QuotaExceeded ? "quota_exceeded" : "rejected",
        })
        .catch((recordError: unknown) => log.error("refusal not recorded", { error: recordError }));
    }
  };
}
