import { createHmac } from "node:crypto";

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

/** What the gateway and browsers use for ICE: the static servers, then freshly minted TURN. */
export class IceServerSource {
  constructor(
    private readonly fixed: RTCIceServer[],
    private readonly turn?: TurnCredentials,
  ) {}

  /** For one peer connection, or one browser's config request. */
  forPeer(label: string): RTCIceServer[] {
    return this.turn ? [...this.fixed, this.turn.mint(label)] : [...this.fixed];
  }
}
