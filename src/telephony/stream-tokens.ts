import { randomBytes } from "node:crypto";

/** What the voice webhook found out about a call, handed to the media stream that carries it. */
export interface StreamClaims {
  tenantId: string;
  agentId: string;
  bindingId: string;
  accountSid: string;
  callSid: string;
  /** The caller's number as Twilio gave it; kept in memory only until the stream starts. */
  from: string;
}

const DEFAULT_TTL_MS = 30_000;
/** Open tokens held at most; the oldest go first (Twilio connects within seconds). */
const MAX_OPEN = 10_000;

/**
 * Single-use, short-lived tokens for Twilio's media stream URL. Random and held in memory: the
 * webhook and the stream must reach the same machine. A token is spent on first use, whether or
 * not that use succeeds, and is good only for the tenant it was issued for.
 */
export class StreamTokens {
  private readonly open = new Map<string, { claims: StreamClaims; expiresAt: number }>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(claims: StreamClaims): string {
    this.sweep();
    const token = randomBytes(32).toString("base64url");
    this.open.set(token, { claims, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** The claims of a token issued for this tenant, spending it; null if unknown, spent or expired. */
  take(tenantId: string, token: string): StreamClaims | null {
    const entry = this.open.get(token);
    if (!entry) return null;
    this.open.delete(token);
    if (entry.expiresAt <= this.now() || entry.claims.tenantId !== tenantId) return null;
    return entry.claims;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, entry] of this.open) {
      if (entry.expiresAt <= now || this.open.size >= MAX_OPEN) this.open.delete(token);
      else break;
    }
  }
}
