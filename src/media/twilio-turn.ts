import type { Logger } from "../log/logger";

/** Mints Network Traversal credentials for `ttlSeconds`; Twilio may grant another lifetime. */
export type TraversalMint = (
  ttlSeconds: number,
) => Promise<{ iceServers: RTCIceServer[]; ttlSeconds: number }>;

/** Twilio grants Network Traversal tokens for a day at most. */
export const TWILIO_MAX_TTL_SECONDS = 86_400;
/** The longest call (an agent's maxCallDurationSeconds is at most 4 h), and a margin. */
const LONGEST_CALL_MS = 4 * 3_600_000 + 5 * 60_000;
/** After a failed mint, requests go without Twilio's servers this long before trying again. */
const RETRY_AFTER_MS = 30_000;

interface Minted {
  servers: RTCIceServer[];
  expiresAt: number;
  /** From here on a new one is minted: what is handed out must outlast the longest call. */
  refreshAt: number;
}

/**
 * STUN and TURN servers from the operator's Twilio account (Network Traversal Service), minted
 * once and handed to every browser and peer connection until they come within the longest call
 * of their expiry (or half their lifetime, for a short one), then minted again. One request at a
 * time; a failed one is logged (never the credentials) and retried after 30 s, meanwhile
 * credentials still valid are handed out, else none.
 */
export class TwilioTurn {
  private minted: Minted | null = null;
  private minting: Promise<void> | null = null;
  private failedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      mint: TraversalMint;
      ttlSeconds: number;
      log?: Logger;
      /** Epoch milliseconds; tests pass their own. */
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The servers to hand out, minting first when none are fresh. Never rejects. */
  async current(): Promise<RTCIceServer[]> {
    if (this.stale()) await this.refresh();
    return this.valid();
  }

  /** The servers to hand out without waiting; a mint starts in the background when due. */
  cached(): RTCIceServer[] {
    if (this.stale()) void this.refresh();
    return this.valid();
  }

  private stale(): boolean {
    const now = this.now();
    if (this.minted && now < this.minted.refreshAt) return false;
    return now - this.failedAt >= RETRY_AFTER_MS;
  }

  private valid(): RTCIceServer[] {
    const minted = this.minted;
    return minted && this.now() < minted.expiresAt ? minted.servers.map((s) => ({ ...s })) : [];
  }

  private refresh(): Promise<void> {
    this.minting ??= this.mint().finally(() => {
      this.minting = null;
    });
    return this.minting;
  }

  private async mint(): Promise<void> {
    const ttlSeconds = Math.min(this.options.ttlSeconds, TWILIO_MAX_TTL_SECONDS);
    try {
      const token = await this.options.mint(ttlSeconds);
      const lifetimeMs = token.ttlSeconds * 1000;
      const expiresAt = this.now() + lifetimeMs;
      this.minted = {
        servers: token.iceServers,
        expiresAt,
        refreshAt: expiresAt - Math.min(LONGEST_CALL_MS, lifetimeMs / 2),
      };
    } catch (error) {
      this.failedAt = this.now();
      this.options.log?.warn("Twilio TURN credentials could not be minted", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
