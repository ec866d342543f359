import type { CallAbilities } from "../calls/builtin-tools";
import type { LiveCallSession } from "../calls/live-session";
import type { CallLog } from "../calls/ports";
import { ToolFailure } from "../calls/tool-port";
import { maskPhone } from "../domain/phone";
import type { Logger } from "../log/logger";
import type { TwilioAccount, TwilioRest } from "./twilio-rest";
import type { TwilioStreamLeg } from "./twilio-stream-leg";
import { dialTwiml } from "./twiml";

/** A transfer target: a phone number in international (E.164) form. */
export const TRANSFER_NUMBER = /^\+[1-9]\d{5,14}$/;

export interface TransferDeps {
  rest: TwilioRest;
  /** The tenant's `twilio` credential, or null without one. */
  account: (tenantId: string) => Promise<TwilioAccount | null>;
  records: Pick<CallLog, "addEvent">;
  log: Logger;
}

/** One phone call, as its transfer needs it. */
export interface PhoneCallHandle {
  tenantId: string;
  /** Twilio's SID of the call, once known. */
  callSid: () => string | null;
  leg: TwilioStreamLeg;
  /** The call's session, once it has started. */
  session: () => LiveCallSession | null;
}

/**
 * What a phone call can do beyond audio: `transfer_call` hands it to the agent's target number.
 * The caller first hears the agent out (Twilio has played everything up to the agent's last
 * words), then the live call gets new TwiML (`<Dial>` the number) through Twilio's REST API, and
 * the call ends here as `transferred`. The number is checked again here, since a config stored
 * before the check was added may hold anything; it is never logged, only its last digits kept.
 */
export function phoneAbilities(deps: TransferDeps, call: PhoneCallHandle): CallAbilities {
  return {
    transfer: async (target, signal) => {
      if (!TRANSFER_NUMBER.test(target))
        throw new ToolFailure("unavailable", "the transfer target is not a phone number");
      const [account, callSid] = [await deps.account(call.tenantId), call.callSid()];
      if (!account || !callSid)
        throw new ToolFailure("unavailable", "this call cannot be transferred now");
      await call.leg.untilHeard(signal);
      signal.throwIfAborted();
      await deps.rest.updateCall(account, callSid, { twiml: dialTwiml(target) });
      const session = call.session();
      if (!session) return;
      deps.log.info("phone call transferred", { callId: session.id, channel: "phone" });
      await deps.records.addEvent(session.id, "transferred", { to: maskPhone(target) });
      // After the tool's result is recorded (this run settles first), the call ends here:
      // Twilio now carries it to the number.
      setTimeout(() => void session.hangUp("transferred"), 0);
    },
  };
}
