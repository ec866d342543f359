import { describe, expect, test } from "bun:test";
import { memoryLogger } from "./logger";
import { redactText } from "./redact";

describe("log redaction", () => {
  test("secrets, SDP credentials and phone numbers are scrubbed from text", () => {
    const text =
      "auth Bearer sk-abcdefghijklmnop key av_key_abcdefghijkl_0123 caller +91 98000 00000 a=ice-pwd:Xy12 a=fingerprint:sha-256 AB:CD";
    const out = redactText(text);
    for (const leaked of ["sk-abcdefghijklmnop", "av_key_abcdefghijkl", "98000", "Xy12", "AB:CD"]) {
      expect(out).not.toContain(leaked);
    }
  });

  test("request ids whose groups are all digits survive", () => {
    const id = "0fa4b2e1-4312-8865-9012-3f9c2a1b7d6e";
    expect(redactText(`request ${id} failed`)).toBe(`request ${id} failed`);
    expect(redactText("call +1-555-000-1111 now")).not.toContain("555");
  });

  test("ids and ordinary numbers survive", () => {
    expect(redactText("agent agt_01k89dc4ol0001afrh528xz took 250 ms")).toBe(
      "agent agt_01k89dc4ol0001afrh528xz took 250 ms",
    );
  });

  test("fields named like secrets are replaced whatever they hold", () => {
    const { logger, lines } = memoryLogger();
    logger.info("webhook", {
      from: "919800000000",
      sdp: "v=0...",
      accessToken: "EAAG",
      nested: { phone: "1" },
      callId: "wacid.x",
    });
    const record = JSON.parse(lines[0] ?? "{}");
    expect(record).toMatchObject({
      from: "[redacted]",
      sdp: "[redacted]",
      accessToken: "[redacted]",
      callId: "wacid.x",
    });
    expect(record.nested.phone).toBe("[redacted]");
  });

  test("usage counts survive; anything named like a token does not", () => {
    const { logger, lines } = memoryLogger();
    logger.info("call ended", {
      totalTokens: 1200,
      inputTokens: 800,
      accessToken: "EAAG",
      token: "t",
      auth_token: "x",
    });
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      totalTokens: 1200,
      inputTokens: 800,
      accessToken: "[redacted]",
      token: "[redacted]",
      auth_token: "[redacted]",
    });
  });

  test("levels below the threshold are not written", () => {
    const { logger, lines } = memoryLogger("warn");
    logger.info("quiet");
    logger.warn("loud");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["loud"]);
  });
});

test("call tokens and webhook URL tokens are scrubbed from free text", () => {
  const text = redactText(
    "GET /demo?token=avt_abc.DEF-123 then /webhooks/wati/ten_x/avw_Secret-123",
  );
  expect(text).not.toContain("avt_abc");
  expect(text).not.toContain("avw_Secret");
});
