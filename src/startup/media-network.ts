import type { MediaChannel } from "../config/capacity-settings";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { IceServerSource, TurnCredentials } from "../media/turn-credentials";
import { TwilioTurn } from "../media/twilio-turn";
import type { WebRtcOptions } from "../media/webrtc/answer-offer";
import { twilioRest } from "../telephony/twilio-rest";

/** How calls' media reaches this machine: ICE servers (static and minted), ports, address. */
export interface MediaNetwork {
  /** STUN/TURN for browsers (GET /v1/calls/webrtc-config) and for the gateway's own peers. */
  ice: IceServerSource;
  /** Options for one new peer connection of the gateway; TURN credentials are minted per call. */
  peerOptions(channel: MediaChannel): WebRtcOptions;
}

/** Read from RTC_PORT_RANGE, RTC_PUBLIC_IP, ICE_SERVERS, TURN_* and TWILIO_*. */
export function mediaNetwork(env: Env, log?: Logger): MediaNetwork {
  const turn =
    env.TURN_SECRET && env.TURN_URLS
      ? new TurnCredentials({
          secret: env.TURN_SECRET,
          urls: env.TURN_URLS,
          ttlSeconds: env.TURN_TTL_SECONDS,
        })
      : undefined;
  const ice = new IceServerSource(env.ICE_SERVERS, turn, twilioTurn(env, log));
  const range = env.RTC_PORT_RANGE;
  if (range && range.max - range.min + 1 < env.MAX_CALLS_PER_MACHINE) {
    // Each live call holds one port of the range: calls beyond it cannot get media.
    log?.warn("RTC_PORT_RANGE has fewer ports than MAX_CALLS_PER_MACHINE", {
      ports: range.max - range.min + 1,
      maxCallsPerMachine: env.MAX_CALLS_PER_MACHINE,
    });
  }
  return {
    ice,
    peerOptions: (channel) => ({
      iceServers: ice.forPeer("gateway"),
      opusDtx: env.RTC_OPUS_DTX.includes(channel),
      skipSilentFrames: env.RTC_SKIP_SILENT_FRAMES.includes(channel),
      ...(range && { portRange: range }),
      ...(env.RTC_PUBLIC_IP && { announcedAddress: env.RTC_PUBLIC_IP }),
    }),
  };
}

/** TURN from the operator's Twilio account, minted at once so the first calls have it. */
function twilioTurn(env: Env, log?: Logger): TwilioTurn | undefined {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = env;
  if (!accountSid || !authToken) return undefined;
  const rest = twilioRest({ baseUrl: env.TWILIO_API_BASE_URL });
  const turn = new TwilioTurn({
    mint: (ttlSeconds) => rest.traversalToken({ accountSid, authToken }, ttlSeconds),
    ttlSeconds: env.TURN_TTL_SECONDS,
    ...(log && { log }),
  });
  turn.cached();
  return turn;
}
