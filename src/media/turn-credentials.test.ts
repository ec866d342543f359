import { describe, expect, test } from "bun:test";
import { expectedTurnCredential as expectedCredential } from "../../test/turn-hmac";
import { IceServerSource, TurnCredentials } from "./turn-credentials";

describe("TURN credentials from a shared secret", () => {
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);
  const turn = new TurnCredentials({
    secret: "north-wind",
    urls: ["turn:turn.example.org:3478"],
    ttlSeconds: 3600,
    now: () => now,
  });

  test("the username is expiry:label and the credential its HMAC-SHA1 under the secret", async () => {
    const minted = turn.mint("ten_123");
    expect(minted.urls).toEqual(["turn:turn.example.org:3478"]);
    expect(minted.username).toBe(`${now / 1000 + 3600}:ten_123`);
    expect(minted.credential).toBe(await expectedCredential("north-wind", minted.username));
    expect(minted.credential).not.toBe(await expectedCredential("other-secret", minted.username));
  });

  test("they expire ttlSeconds after minting, and later mints expire later", () => {
    let clock = now;
    const ticking = new TurnCredentials({
      secret: "s",
      urls: ["turn:t.example.org"],
      ttlSeconds: 600,
      now: () => clock,
    });
    const expiry = (username: string) => Number(username.split(":")[0]);
    const first = expiry(ticking.mint("a").username);
    clock += 90_000;
    expect(first).toBe(now / 1000 + 600);
    expect(expiry(ticking.mint("a").username)).toBe(first + 90);
  });

  test("a label cannot add a field to the username", () => {
    expect(turn.mint("a:b").username).toBe(`${now / 1000 + 3600}:a_b`);
  });

  test("the ICE servers are the static ones, then a minted TURN entry when configured", () => {
    const stun = { urls: "stun:stun.example.org:3478" };
    expect(new IceServerSource([stun]).forPeer("x")).toEqual([stun]);
    const both = new IceServerSource([stun], turn).forPeer("x");
    expect(both[0]).toEqual(stun);
    expect(both[1]).toMatchObject({ urls: ["turn:turn.example.org:3478"] });
  });
});
