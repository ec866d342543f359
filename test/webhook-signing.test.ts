import { expect, test } from "bun:test";
import { fixtureJson, fixtureText, hubSignature } from "./webhook-signing";

test("signs with HMAC-SHA256 as in RFC 4231 test case 2", () => {
  const signature = hubSignature("what do ya want for nothing?", "Jefe");
  expect(signature).toBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("fixtures load as the exact stored text and as JSON", () => {
  const raw = fixtureText("whatsapp/connect-inbound.json");
  expect(raw.startsWith("{")).toBe(true);
  expect(fixtureJson("wati/terminate-call.json")).toEqual({ callId: "wati-call-0001" });
});
