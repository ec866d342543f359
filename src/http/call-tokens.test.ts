import { describe, expect, test } from "bun:test";
import { CallTokens } from "./call-tokens";

const key = new Uint8Array(32).fill(3);

describe("call tokens", () => {
  test("a minted token checks out with its claims until it expires", () => {
    const tokens = new CallTokens(key);
    const token = tokens.mint({ tenantId: "ten_a", agentId: "agt_a", exp: 2_000 });
    expect(tokens.check(token, 1_000)).toEqual({
      ok: true,
      claims: { tenantId: "ten_a", agentId: "agt_a", exp: 2_000 },
    });
    expect(tokens.check(token, 2_000)).toEqual({ ok: false, reason: "expired" });
  });

  test("a changed payload, another key or garbage is refused", () => {
    const tokens = new CallTokens(key);
    const token = tokens.mint({ tenantId: "ten_a", agentId: "agt_a", exp: Date.now() + 60_000 });
    const [payload, signature] = token.slice(4).split(".");
    const forged = Buffer.from(
      JSON.stringify({ tenantId: "ten_a", agentId: "agt_b", exp: Date.now() + 60_000 }),
    ).toString("base64url");
    expect(tokens.check(`avt_${forged}.${signature}`).ok).toBe(false);
    expect(new CallTokens(new Uint8Array(32).fill(4)).check(token)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(tokens.check("avt_nonsense")).toEqual({ ok: false, reason: "malformed" });
    expect(tokens.check(`avt_${payload}.short`).ok).toBe(false);
  });
});
