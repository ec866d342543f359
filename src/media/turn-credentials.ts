import { createHmac } from "node:crypto";
import type { TwilioTurn } from "./twilio-turn";

export interface TurnCredentialOptions {
  /** The TURN server's shared secret (coturn `static-auth-secret`). */
  secret: string;
  urls: string[];
  ttlSeconds: number;
  /** Epoch milliseconds; tests pass their own. */
  now?: () => number;
}

/**
 * Mints short-lived TURN credentials from a secret shared with the TURN server (the TURN REST
 * API scheme, coturn's `use-auth-secret`): the username is `<expiry epoch seconds>:<label>` and
 * the credential base64(HMAC-SHA1(secret, username)). The server recomputes it, so nothing is
 * stored, and a leaked credential stops working at its expiry.
 */
export class TurnCredentials {
  private readonly now: () => number;

  constructor(private readonly options: TurnCredentialOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One ICE server entry; `label` (no colon) tells the TURN server's logs who it was for. */
  mint(label: string): RTCIceServer & { username: string; credential: string } {
    const expiry = Math.floor(this.now() / 1000) + this.options.ttlSeconds;
    const username = `${expiry}:${label.replaceAll(":", "_")}`;
    const credential = createHmac("sha1", this.options.secret).update(username).digest("base64");
    return { urls: [...this.options.urls], username, credential };
  }
}

/**
 * What the gateway and browsers use for ICE: the static servers, then TURN minted from the shared
 * secret, then Twilio's (when the operator's Twilio account is configured).
 */
export class IceServerSource {
  constructor(
    private readonly fixed: RTCIceServer[],
    private readonly turn?: TurnCredentials,
    private readonly twilio?: TwilioTurn,
  ) {}

  /** For one of the gateway's peer connections: Twilio's servers as cached, without waiting. */
  forPeer(label: string): RTCIceServer[] {
    return [...this.own(label), ...(this.twilio?.cached() ?? [])];
  }

  /** For one browser's config request: Twilio's servers minted first when none are fresh. */
  async forBrowser(label: string): Promise<RTCIceServer[]> {
    return [...this.own(label), ...((await this.twilio?.current()) ?? [])];
  }

  private own(label: string): RTCIceServer[] {
    return this.turn ? [...this.fixed, this.turn.mint(label)] : [...this.fixed];
  }
}
