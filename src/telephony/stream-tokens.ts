import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { Logger } from "../log/logger";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";

/** What the voice webhook found out about a call, handed to the media stream that carries it. */
export interface InboundClaims {
  kind: "inbound";
  tenantId: string;
  agentId: string;
  bindingId: string;
  accountSid: string;
  callSid: string;
  /** The caller's number as Twilio gave it; sealed under the token until the stream starts. */
  from: string;
}

/** A call the gateway placed: its stream joins the session already waiting on its machine. */
export interface OutboundClaims {
  kind: "outbound";
  tenantId: string;
  callId: string;
  accountSid: string;
}

export type StreamClaims = InboundClaims | OutboundClaims;

/** What anyone holding the store can read of a token: the rest is sealed under the token. */
export interface TokenOwner {
  kind: StreamClaims["kind"];
  /** The machine that issued the token (and, for an outbound call, holds its session). */
  machine: string;
}

const DEFAULT_TTL_MS = 30_000;
const keyOf = (token: string) =>
  `stream:${createHash("sha256").update(token, "utf8").digest("base64url")}`;

/**
 * Single-use, short-lived tokens for Twilio's media stream URL, kept in the session store so the
 * stream may land on any machine. The store holds a hash of the token (its key) and the claims
 * sealed with a key derived from the token (AES-256-GCM), so reading the store tells no one the
 * caller's number nor lets them use the token. A token is spent on first use, whether or not
 * that use succeeds (get, then delete-if-unchanged: of two machines taking it, one wins), and is
 * good only for the tenant it was issued for. When the store cannot be reached, tokens go to this
 * machine's memory instead (the stream then works when it reaches this machine).
 */
export class StreamTokens {
  /** Where tokens go while the store is unreachable. */
  private readonly fallback = new MemorySessionStore();

  constructor(
    private readonly deps: { store: SessionStore; machine: string; log: Logger; ttlMs?: number },
  ) {}

  /** A fresh token for these claims, good for `ttlMs` (default 30 s). */
  async issue(claims: StreamClaims, ttlMs = this.deps.ttlMs ?? DEFAULT_TTL_MS): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const value = JSON.stringify({
      kind: claims.kind,
      machine: this.deps.machine,
      sealed: seal(token, JSON.stringify(claims)),
    });
    try {
      await this.deps.store.set(keyOf(token), value, ttlMs);
    } catch (error) {
      this.deps.log.warn("session store unreachable: stream token kept on this machine", {
        error: error instanceof Error ? error.message : String(error),
      });
      await this.fallback.set(keyOf(token), value, ttlMs);
    }
    return token;
  }

  /** Who issued the token and for what kind of call, without spending it; null if unknown. */
  async owner(token: string): Promise<TokenOwner | null> {
    const found = await this.read(token);
    return found && { kind: found.entry.kind, machine: found.entry.machine };
  }

  /** The claims of a token issued for this tenant, spending it; null if unknown, spent or expired. */
  async take(tenantId: string, token: string): Promise<StreamClaims | null> {
    const found = await this.read(token);
    if (!found) return null;
    const spent = await found.store.compareAndDelete(keyOf(token), found.raw).catch(() => false);
    if (!spent) return null;
    const claims = unseal(token, found.entry.sealed);
    return claims && claims.tenantId === tenantId ? claims : null;
  }

  private async read(token: string) {
    for (const store of [this.deps.store, this.fallback]) {
      const raw = await store.get(keyOf(token)).catch(() => null);
      const entry = raw === null ? null : parseEntry(raw);
      if (raw !== null && entry) return { store, raw, entry };
    }
    return null;
  }
}

interface Entry extends TokenOwner {
  sealed: string;
}

function parseEntry(raw: string): Entry | null {
  try {
    const entry = JSON.parse(raw) as Partial<Entry>;
    if (
      (entry.kind === "inbound" || entry.kind === "outbound") &&
      typeof entry.machine === "string" &&
      typeof entry.sealed === "string"
    )
      return entry as Entry;
  } catch {
    // Not one of ours.
  }
  return null;
}

const keyFor = (token: string) =>
  Buffer.from(hkdfSync("sha256", token, "", "astra twilio stream claims", 32));

function seal(token: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(token), iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

function unseal(token: string, sealed: string): StreamClaims | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", keyFor(token), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
    return JSON.parse(text.toString("utf8")) as StreamClaims;
  } catch {
    return null;
  }
}
