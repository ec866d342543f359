import { describe, expect, test } from "bun:test";
import { readEnv } from "./env";

describe("media network settings", () => {
  test("RTC_PORT_RANGE is min-max within 1024-65535; unset by default", () => {
    expect(readEnv({}).RTC_PORT_RANGE).toBeUndefined();
    expect(readEnv({ RTC_PORT_RANGE: "40000-40100" }).RTC_PORT_RANGE).toEqual({
      min: 40000,
      max: 40100,
    });
    expect(readEnv({ RTC_PORT_RANGE: "5000-5000" }).RTC_PORT_RANGE).toEqual({
      min: 5000,
      max: 5000,
    });
    expect(() => readEnv({ RTC_PORT_RANGE: "40100-40000" })).toThrow(
      "RTC_PORT_RANGE: the first port (40100) is above the last (40000)",
    );
    expect(() => readEnv({ RTC_PORT_RANGE: "80-8080" })).toThrow(
      "RTC_PORT_RANGE: ports must lie within 1024-65535",
    );
    expect(() => readEnv({ RTC_PORT_RANGE: "60000-70000" })).toThrow(
      "RTC_PORT_RANGE: ports must lie within 1024-65535",
    );
    for (const bad of ["40000", "40000:40100", "a-b", "40000-"]) {
      expect(() => readEnv({ RTC_PORT_RANGE: bad })).toThrow(
        "RTC_PORT_RANGE: must be two ports joined by a dash, such as 40000-40100",
      );
    }
  });

  test("RTC_PUBLIC_IP is a literal IPv4 or IPv6 address", () => {
    expect(readEnv({ RTC_PUBLIC_IP: "203.0.113.7" }).RTC_PUBLIC_IP).toBe("203.0.113.7");
    expect(readEnv({ RTC_PUBLIC_IP: "2001:db8::7" }).RTC_PUBLIC_IP).toBe("2001:db8::7");
    for (const bad of ["203.0.113", "203.0.113.256", "gateway.example.com", "[2001:db8::7]"]) {
      expect(() => readEnv({ RTC_PUBLIC_IP: bad })).toThrow(
        "RTC_PUBLIC_IP: must be a literal IPv4 or IPv6 address, such as 203.0.113.7",
      );
    }
    expect(() => readEnv({ RTC_PUBLIC_IP: "0.0.0.0" })).toThrow(
      "RTC_PUBLIC_IP: must not be the unspecified address",
    );
  });

  test("TURN_SECRET and TURN_URLS come together; the URLs must be turn: or turns:", () => {
    const env = readEnv({
      TURN_SECRET: "shared",
      TURN_URLS: "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349",
    });
    expect(env.TURN_URLS).toEqual([
      "turn:turn.example.org:3478?transport=udp",
      "turns:turn.example.org:5349",
    ]);
    expect(env.TURN_TTL_SECONDS).toBe(86_400);
    expect(() => readEnv({ TURN_SECRET: "shared" })).toThrow(
      "TURN_URLS: must be set with TURN_SECRET",
    );
    expect(() => readEnv({ TURN_URLS: "turn:turn.example.org" })).toThrow(
      "TURN_SECRET: must be set with TURN_URLS",
    );
    expect(() =>
      readEnv({ TURN_SECRET: "s", TURN_URLS: "turn:ok.example.org,stun:stun.example.org" }),
    ).toThrow(
      "TURN_URLS: must be turn: or turns: URLs, comma-separated; not: stun:stun.example.org",
    );
    expect(() =>
      readEnv({ TURN_SECRET: "s", TURN_URLS: "turn:a", TURN_TTL_SECONDS: "60" }),
    ).toThrow(/TURN_TTL_SECONDS/);
  });
});
