import { describe, expect, test } from "bun:test";
import { type FixtureName, fixtureJson, fixtureText } from "../../test/webhook-signing";
import { webhookEventLogFields } from "./event-log-fields";
import {
  inferWatiWebhookKind,
  parseWatiWebhook,
  parseWatiWebhookBody,
  type WatiEvent,
  type WatiWebhookKind,
} from "./wati-events";

const AT = 1_753_115_233_000;

function event(kind: WatiWebhookKind | "auto", body: unknown): WatiEvent {
  const result = parseWatiWebhook(kind, body, AT);
  if (!result.ok) throw new Error(result.error.message);
  return result.event;
}

function issuePaths(kind: WatiWebhookKind | "auto", body: unknown): string[] {
  const result = parseWatiWebhook(kind, body, AT);
  if (result.ok) throw new Error("expected the body to be refused");
  return result.error.issues.map((issue) => issue.path);
}

const FIXTURE_KINDS: Array<[FixtureName, WatiWebhookKind]> = [
  ["wati/new-call.json", "new_call"],
  ["wati/terminate-call.json", "terminate"],
  ["wati/outbound-sdp-answer.json", "sdp_answer"],
  ["wati/outbound-call-status.json", "call_status"],
  ["wati/outbound-permission.json", "permission"],
];

describe("the fixtures", () => {
  test("a new call is an inbound call with the caller's offer and contact", () => {
    const parsed = parseWatiWebhookBody("new_call", fixtureText("wati/new-call.json"), AT);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.event).toMatchObject({
      type: "inbound_call",
      callId: "wati-call-0001",
      businessNumber: "15550001111",
      watiTenantId: "1001",
      waId: "919800000001",
      contactName: "Rahul",
      voiceLanguage: "en",
      receivedAtMs: AT,
    });
    if (parsed.event.type !== "inbound_call") throw new Error("wrong type");
    expect(parsed.event.sdpOffer.startsWith("v=0\r\n")).toBe(true);
    expect(parsed.event.sdpOffer).toContain("a=setup:actpass\r\n");
  });

  test("terminate, SDP answer, call status and permission callbacks", () => {
    expect(event("terminate", fixtureJson("wati/terminate-call.json"))).toEqual({
      type: "call_terminated",
      callId: "wati-call-0001",
      receivedAtMs: AT,
    });
    expect(event("sdp_answer", fixtureJson("wati/outbound-sdp-answer.json"))).toEqual({
      type: "call_answer",
      callId: "wati-call-0002",
      sdpAnswer: "v=0\r\n...\r\n",
      receivedAtMs: AT,
    });
    expect(event("call_status", fixtureJson("wati/outbound-call-status.json"))).toEqual({
      type: "call_status",
      callId: "wati-call-0002",
      status: "ACCEPTED",
      receivedAtMs: AT,
    });
    expect(event("permission", fixtureJson("wati/outbound-permission.json"))).toEqual({
      type: "permission_reply",
      waId: "919800000002",
      businessNumber: "15550001111",
      granted: true,
      status: "granted",
      watiTenantId: "1001",
      receivedAtMs: AT,
    });
  });

  test("each fixture's kind is inferred from its fields", () => {
    for (const [name, kind] of FIXTURE_KINDS) {
      expect([name, inferWatiWebhookKind(fixtureJson(name))]).toEqual([name, kind]);
      expect(event("auto", fixtureJson(name))).toEqual(event(kind, fixtureJson(name)));
    }
  });
});

describe("variants Wati and the original service used", () => {
  test("sdp as {type, sdp}, escaped line ends, numbers with + and numeric ids", () => {
    const body = fixtureJson("wati/new-call.json");
    body.sdp = { type: "offer", sdp: body.sdp.replaceAll("\r\n", "\\r\\n") };
    body.businessNumber = "+1 555 000 1111";
    body.tenantId = 1001;
    const parsed = event("new_call", body);
    expect(parsed).toMatchObject({ businessNumber: "15550001111", watiTenantId: "1001" });
    if (parsed.type !== "inbound_call") throw new Error("wrong type");
    expect(parsed.sdpOffer).toBe(
      (event("new_call", fixtureJson("wati/new-call.json")) as any).sdpOffer,
    );
  });

  test("a new call without contact or language still routes", () => {
    const { callId, sdp, businessNumber } = fixtureJson("wati/new-call.json");
    const parsed = event("new_call", { callId, sdp, businessNumber });
    expect(parsed).toMatchObject({ type: "inbound_call", callId, businessNumber });
    expect("waId" in parsed).toBe(false);
  });

  test("statuses in lower case are read; unknown ones are ignored", () => {
    expect(event("call_status", { callId: "c", status: "rejected" })).toMatchObject({
      status: "REJECTED",
    });
    expect(event("call_status", { callId: "c", status: "BUSY" })).toEqual({
      type: "ignored",
      reason: 'call status "BUSY"',
      receivedAtMs: AT,
    });
  });

  test("a refused permission is granted false", () => {
    const body = {
      ...fixtureJson("wati/outbound-permission.json"),
      hasPermission: false,
      status: "rejected",
    };
    expect(event("permission", body)).toMatchObject({ granted: false, status: "rejected" });
  });
});

describe("malformed bodies are refused with every failing path", () => {
  test("missing and wrongly typed fields of a new call", () => {
    expect(issuePaths("new_call", { sdp: 5, businessNumber: "abc" }).sort()).toEqual([
      "businessNumber",
      "callId",
      "sdp",
    ]);
  });

  test("an SDP that is not one", () => {
    const body = { ...fixtureJson("wati/outbound-sdp-answer.json"), sdp: "answer please" };
    expect(issuePaths("sdp_answer", body)).toEqual(["sdp"]);
  });

  test("a permission callback with a string for a boolean", () => {
    const body = { ...fixtureJson("wati/outbound-permission.json"), hasPermission: "yes" };
    expect(issuePaths("permission", body)).toEqual(["hasPermission"]);
  });

  test("a body the route does not expect, and bodies of no kind at all", () => {
    expect(issuePaths("new_call", fixtureJson("wati/terminate-call.json")).sort()).toEqual([
      "businessNumber",
      "sdp",
    ]);
    expect(issuePaths("auto", { hello: "world" })).toEqual(["(body)"]);
    expect(issuePaths("auto", "text")).toEqual(["(body)"]);
    expect(parseWatiWebhookBody("terminate", "{oops", AT)).toMatchObject({ ok: false });
  });
});

test("log fields name the call but never the caller or the SDP", () => {
  for (const [name, kind] of FIXTURE_KINDS) {
    const logged = JSON.stringify(webhookEventLogFields(event(kind, fixtureJson(name))));
    expect(logged).not.toMatch(/9198000000\d\d|15550001111|Rahul|v=0/);
  }
});

describe("abusive bodies", () => {
  test("a body nested far too deep is refused before it is parsed, naming where", () => {
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const parsed = parseWatiWebhookBody("auto", deep);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(/a\.a\.a.*deeper than/);
  });
});
