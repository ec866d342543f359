import { describe, expect, test } from "bun:test";
import { fixtureText, hubSignature } from "../../test/webhook-signing";
import { verifyHubSignature } from "./signature";

const secret = "app-secret-for-tests";
const body = fixtureText("whatsapp/connect-inbound.json");

describe("verifyHubSignature", () => {
  test("accepts the signature Meta would send, over text or bytes", () => {
    const header = hubSignature(body, secret);
    expect(verifyHubSignature(body, header, secret)).toEqual({ ok: true });
    expect(verifyHubSignature(new TextEncoder().encode(body), header, secret)).toEqual({
      ok: true,
    });
  });

  test("accepts upper-case hex", () => {
    const header = `sha256=${hubSignature(body, secret).slice(7).toUpperCase()}`;
    expect(verifyHubSignature(body, header, secret)).toEqual({ ok: true });
  });

  test("refuses a missing or empty header", () => {
    expect(verifyHubSignature(body, undefined, secret)).toEqual({ ok: false, reason: "missing" });
    expect(verifyHubSignature(body, null, secret)).toEqual({ ok: false, reason: "missing" });
    expect(verifyHubSignature(body, " ", secret)).toEqual({ ok: false, reason: "missing" });
  });

  test("refuses headers of the wrong shape", () => {
    const hex = hubSignature(body, secret).slice(7);
    for (const header of [
      hex,
      `sha1=${hex}`,
      `sha256=${hex.slice(1)}`,
      `sha256=${hex}00`,
      `sha256=${"z".repeat(64)}`,
    ]) {
      expect(verifyHubSignature(body, header, secret)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  test("refuses a signature made with another secret", () => {
    const header = hubSignature(body, "someone-else");
    expect(verifyHubSignature(body, header, secret)).toEqual({ ok: false, reason: "mismatch" });
  });

  test("refuses a body altered by one byte after signing", () => {
    const header = hubSignature(body, secret);
    const altered = body.replace("Rahul", "Rahum");
    expect(altered).not.toBe(body);
    expect(verifyHubSignature(altered, header, secret)).toEqual({ ok: false, reason: "mismatch" });
  });

  test("refuses re-serialised JSON: the signature covers the raw bytes", () => {
    const header = hubSignature(body, secret);
    const reformatted = JSON.stringify(JSON.parse(body));
    expect(verifyHubSignature(reformatted, header, secret)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  test("refuses everything when no secret is configured", () => {
    const header = hubSignature(body, "");
    expect(verifyHubSignature(body, header, "")).toEqual({ ok: false, reason: "no_secret" });
  });
});
