import { expect, test } from "bun:test";
import { fixtureText, hubSignature } from "../../test/webhook-signing";
import { readSignedWhatsAppWebhook, readWatiWebhook } from "./signed-webhook";

const secret = "app-secret-for-tests";

test("a signed Meta body is read into events", () => {
  const raw = fixtureText("whatsapp/connect-inbound.json");
  const read = readSignedWhatsAppWebhook(raw, hubSignature(raw, secret), secret);
  expect(read).toMatchObject({ outcome: "accepted", events: [{ type: "inbound_call" }] });
});

test("an unsigned, wrongly signed or unconfigured Meta body is refused before it is read", () => {
  const garbage = "{not json at all";
  expect(readSignedWhatsAppWebhook(garbage, undefined, secret)).toEqual({
    outcome: "unauthorized",
    reason: "missing",
  });
  expect(readSignedWhatsAppWebhook(garbage, hubSignature(garbage, "other"), secret)).toEqual({
    outcome: "unauthorized",
    reason: "mismatch",
  });
  expect(readSignedWhatsAppWebhook(garbage, hubSignature(garbage, secret), undefined)).toEqual({
    outcome: "unauthorized",
    reason: "no_secret",
  });
});

test("a signed but unreadable Meta body is invalid, with its failing paths", () => {
  const raw = JSON.stringify({ object: "whatsapp_business_account" });
  expect(readSignedWhatsAppWebhook(raw, hubSignature(raw, secret), secret)).toMatchObject({
    outcome: "invalid",
    error: { issues: [{ path: "entry", message: "is missing" }] },
  });
});

test("Wati bodies are checked when the tenant set a secret, and read as they come otherwise", () => {
  const raw = fixtureText("wati/new-call.json");
  expect(readWatiWebhook("new_call", raw, undefined, secret)).toEqual({
    outcome: "unauthorized",
    reason: "missing",
  });
  expect(readWatiWebhook("new_call", raw, hubSignature(raw, secret), secret, 1)).toMatchObject({
    outcome: "accepted",
    events: [{ type: "inbound_call", callId: "wati-call-0001", receivedAtMs: 1 }],
  });
  expect(readWatiWebhook("new_call", raw, undefined, undefined)).toMatchObject({
    outcome: "accepted",
  });
  expect(readWatiWebhook("terminate", "[]", undefined, undefined)).toMatchObject({
    outcome: "invalid",
  });
});
