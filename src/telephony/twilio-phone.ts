import type { CallService } from "../calls/call-service";
import type { Logger } from "../log/logger";
import type { BindingStore } from "../store/bindings";
import type { CredentialStore } from "../store/credentials";
import { StreamTokens } from "./stream-tokens";
import { TwilioStreams } from "./twilio-streams";
import type { TwilioVoiceDeps } from "./twilio-voice-route";

export interface TwilioPhone {
  /** What `POST /webhooks/twilio/{tenantId}/voice` needs. */
  voice: TwilioVoiceDeps;
  /** The media stream WebSockets, served beside the app by Bun.serve. */
  streams: TwilioStreams;
}

/** Phone numbers over Twilio Media Streams: the voice webhook and the streams it hands out. */
export function createTwilioPhone(deps: {
  credentials: Pick<CredentialStore, "reveal">;
  bindings: Pick<BindingStore, "resolveForRoute">;
  calls: CallService;
  log: Logger;
  publicBaseUrl: string | undefined;
  tokens?: StreamTokens;
}): TwilioPhone {
  const tokens = deps.tokens ?? new StreamTokens();
  return {
    voice: {
      publicBaseUrl: deps.publicBaseUrl,
      account: async (tenantId) => {
        const values = await deps.credentials.reveal(tenantId, "twilio").catch(() => null);
        return values?.kind === "twilio" ? values : null;
      },
      binding: (tenantId, number) =>
        deps.bindings.resolveForRoute({ kind: "tenant", tenantId }, "twilio", number),
      calls: deps.calls,
      tokens,
    },
    streams: new TwilioStreams({ tokens, calls: deps.calls, log: deps.log }),
  };
}
