import { describe, expect, test } from "bun:test";
import { fixtureJson, fixtureText } from "../../test/webhook-signing";
import { webhookEventLogFields } from "./event-log-fields";
import {
  parseWhatsAppWebhook,
  parseWhatsAppWebhookBody,
  type WhatsAppEvent,
} from "./whatsapp-events";

const PHONE_NUMBER_ID = "106540352242922";
const WABA_ID = "102290129340398";

function events(body: unknown): WhatsAppEvent[] {
  const result = parseWhatsAppWebhook(body);
  if (!result.ok) throw new Error(result.error.message);
  return result.events;
}

function issuePaths(body: unknown): string[] {
  const result = parseWhatsAppWebhook(body);
  if (result.ok) throw new Error("expected the body to be refused");
  return result.error.issues.map((issue) => issue.path);
}

/** The connect fixture with its first call item changed. */
function connectWith(change: (call: any) => void): any {
  const body = fixtureJson("whatsapp/connect-inbound.json");
  change(body.entry[0].changes[0].value.calls[0]);
  return body;
}

describe("the fixtures", () => {
  test("an inbound connect is an inbound call with the caller's offer", () => {
    const [event, ...rest] = events(fixtureJson("whatsapp/connect-inbound.json"));
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: "inbound_call",
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      callId: "wacid.HBgLOTE5ODAwMDAwMDAxFQIAEhggQ0FMTElEMDAwMQA=",
      waId: "919800000001",
      contactName: "Rahul",
      timestampMs: 1_753_115_233_000,
    });
    if (event?.type !== "inbound_call") throw new Error("wrong type");
    expect(event.sdpOffer.startsWith("v=0\r\no=- 1753115233")).toBe(true);
    expect(event.sdpOffer).toContain("a=ice-lite\r\n");
    expect(event.sdpOffer.endsWith("cname:WhatsAppAudioStream1\r\n")).toBe(true);
  });

  test("the raw text parses the same as the JSON", () => {
    const raw = parseWhatsAppWebhookBody(fixtureText("whatsapp/connect-inbound.json"));
    expect(raw).toEqual(parseWhatsAppWebhook(fixtureJson("whatsapp/connect-inbound.json")));
  });

  test("terminate carries status, duration, start and end", () => {
    expect(events(fixtureJson("whatsapp/terminate.json"))).toEqual([
      {
        type: "call_terminated",
        phoneNumberId: PHONE_NUMBER_ID,
        wabaId: WABA_ID,
        callId: "wacid.HBgLOTE5ODAwMDAwMDAxFQIAEhggQ0FMTElEMDAwMQA=",
        timestampMs: 1_753_115_301_000,
        waId: "919800000001",
        direction: "inbound",
        status: "COMPLETED",
        durationSeconds: 66,
        startedAtMs: 1_753_115_235_000,
        endedAtMs: 1_753_115_301_000,
        errors: [],
      },
    ]);
  });

  test("a call status is read from statuses[] of type call", () => {
    expect(events(fixtureJson("whatsapp/status-ringing.json"))).toEqual([
      {
        type: "call_status",
        phoneNumberId: PHONE_NUMBER_ID,
        wabaId: WABA_ID,
        callId: "wacid.HBgLOTE5ODAwMDAwMDAyFQIAEhggQ0FMTElEMDAwMgA=",
        timestampMs: 1_753_116_000_000,
        waId: "919800000002",
        status: "RINGING",
        callbackData: "conv_123",
      },
    ]);
  });

  test("a permission reply is read from the messages field", () => {
    expect(events(fixtureJson("whatsapp/permission-reply.json"))).toEqual([
      {
        type: "permission_reply",
        phoneNumberId: PHONE_NUMBER_ID,
        wabaId: WABA_ID,
        timestampMs: 1_753_115_900_000,
        waId: "919800000002",
        contactName: "Asha",
        messageId: "wamid.HBgLOTE5ODAwMDAwMDAyFQIAEhgUM0VCMDAwMDAwMDAwMDAwMDAwMDAA",
        granted: true,
        permanent: false,
        expiresAtMs: 1_753_720_700_000,
        responseSource: "user_action",
      },
    ]);
  });

  test("an ordinary text message is ignored, with its routing", () => {
    expect(events(fixtureJson("whatsapp/message-text.json"))).toEqual([
      {
        type: "ignored",
        phoneNumberId: PHONE_NUMBER_ID,
        field: "messages",
        reason: 'message of type "text"',
      },
    ]);
  });
});

describe("other well-formed bodies", () => {
  test("a connect with an SDP answer is the answer to our outbound call", () => {
    const body = connectWith((call) => {
      call.direction = "BUSINESS_INITIATED";
      call.from = "15550001111";
      call.to = "919800000002";
      call.session = { sdp_type: "answer", sdp: "v=0\r\ns=-\r\n" };
      call.biz_opaque_callback_data = "conv_9";
    });
    expect(events(body)).toMatchObject([
      {
        type: "call_answer",
        waId: "919800000002",
        sdpAnswer: "v=0\r\ns=-\r\n",
        callbackData: "conv_9",
      },
    ]);
  });

  test("an SDP with escaped \\r\\n sequences arrives with real CRLF", () => {
    const body = connectWith((call) => {
      call.session.sdp = call.session.sdp.replaceAll("\r\n", "\\r\\n");
    });
    const [event] = events(body);
    if (event?.type !== "inbound_call") throw new Error("wrong type");
    expect(event.sdpOffer).not.toContain("\\r\\n");
    expect(event.sdpOffer).toBe(
      (events(fixtureJson("whatsapp/connect-inbound.json"))[0] as { sdpOffer: string }).sdpOffer,
    );
  });

  test("a failed terminate keeps Meta's errors and the callee of an outbound call", () => {
    const body = fixtureJson("whatsapp/terminate.json");
    const value = body.entry[0].changes[0].value;
    Object.assign(value.calls[0], { status: "FAILED", direction: "BUSINESS_INITIATED" });
    value.errors = [{ code: 138021, message: "Call not answered", href: "x", error_data: {} }];
    expect(events(body)).toMatchObject([
      {
        type: "call_terminated",
        status: "FAILED",
        direction: "outbound",
        waId: "15550001111",
        errors: [{ code: 138021, message: "Call not answered" }],
      },
    ]);
  });

  test("a permission rejection is a reply with granted false", () => {
    const body = fixtureJson("whatsapp/permission-reply.json");
    body.entry[0].changes[0].value.messages[0].interactive.call_permission_reply.response =
      "reject";
    expect(events(body)).toMatchObject([{ type: "permission_reply", granted: false }]);
  });

  test("several changes and items in one body each become an event", () => {
    const body = fixtureJson("whatsapp/connect-inbound.json");
    const terminate = fixtureJson("whatsapp/terminate.json").entry[0].changes[0];
    const text = fixtureJson("whatsapp/message-text.json").entry[0].changes[0];
    body.entry[0].changes.push(terminate, text);
    expect(events(body).map((e) => e.type)).toEqual(["inbound_call", "call_terminated", "ignored"]);
  });

  test("unknown fields, call events and statuses are ignored, not refused", () => {
    const account = {
      object: "whatsapp_business_account",
      entry: [{ id: WABA_ID, changes: [{ field: "account_update", value: { event: "X" } }] }],
    };
    expect(events(account)).toEqual([
      {
        type: "ignored",
        field: "account_update",
        reason: 'field "account_update" is not about calls',
      },
    ]);
    const ringing = connectWith((call) => {
      call.event = "ringing";
    });
    expect(events(ringing)).toMatchObject([{ type: "ignored", reason: 'call event "ringing"' }]);
    const status = fixtureJson("whatsapp/status-ringing.json");
    status.entry[0].changes[0].value.statuses[0].status = "COMPLETED";
    expect(events(status)).toMatchObject([{ type: "ignored", reason: 'call status "COMPLETED"' }]);
    status.entry[0].changes[0].value.statuses[0] = { id: "wamid.1", status: "delivered" };
    expect(events(status)).toMatchObject([{ type: "ignored", reason: "a message status" }]);
  });
});

describe("malformed bodies are refused with every failing path", () => {
  test("missing and wrongly typed call fields", () => {
    const body = connectWith((call) => {
      delete call.id;
      call.from = 919800000001;
      call.timestamp = "yesterday";
      call.session.sdp_type = "pranswer";
    });
    const prefix = "entry[0].changes[0].value.calls[0]";
    expect(issuePaths(body).sort()).toEqual(
      [
        `${prefix}.from`,
        `${prefix}.id`,
        `${prefix}.session.sdp_type`,
        `${prefix}.timestamp`,
      ].sort(),
    );
  });

  test("messages say what is wrong without quoting the value", () => {
    const result = parseWhatsAppWebhook(
      connectWith((call) => {
        call.from = 919800000001;
      }),
    );
    if (result.ok) throw new Error("expected a refusal");
    expect(result.error.message).toContain("calls[0].from: must be string (got number)");
    expect(result.error.message).not.toContain("919800000001");
  });

  test("an SDP that is not one, or no session at all", () => {
    expect(issuePaths(connectWith((call) => (call.session.sdp = "hello")))).toEqual([
      "entry[0].changes[0].value.calls[0].session.sdp",
    ]);
    expect(issuePaths(connectWith((call) => delete call.session))).toEqual([
      "entry[0].changes[0].value.calls[0].session",
    ]);
  });

  test("a call item without an event name", () => {
    expect(issuePaths(connectWith((call) => delete call.event))).toEqual([
      "entry[0].changes[0].value.calls[0].event",
    ]);
  });

  test("a calls change without routing metadata", () => {
    const body = fixtureJson("whatsapp/terminate.json");
    delete body.entry[0].changes[0].value.metadata;
    expect(issuePaths(body)).toEqual(["entry[0].changes[0].value.metadata"]);
  });

  test("one bad item refuses the whole body, so nothing is half-handled", () => {
    const body = fixtureJson("whatsapp/connect-inbound.json");
    const bad = fixtureJson("whatsapp/terminate.json").entry[0].changes[0];
    bad.value.calls[0].duration = "long";
    body.entry[0].changes.push(bad);
    expect(issuePaths(body)).toEqual(["entry[0].changes[1].value.calls[0].duration"]);
  });

  test("envelopes that are not Meta's, and text that is not JSON", () => {
    expect(issuePaths({ object: "page", entry: [] })).toEqual(["object"]);
    expect(issuePaths({ object: "whatsapp_business_account" })).toEqual(["entry"]);
    expect(issuePaths([1, 2])).toEqual(["object", "entry"]);
    expect(issuePaths(null)).toEqual(["(body)"]);
    const text = parseWhatsAppWebhookBody("{not json");
    expect(text).toMatchObject({ ok: false, error: { issues: [{ path: "(body)" }] } });
  });
});

test("log fields name the call and the event but no person and no SDP", () => {
  for (const name of [
    "whatsapp/connect-inbound.json",
    "whatsapp/terminate.json",
    "whatsapp/status-ringing.json",
    "whatsapp/permission-reply.json",
  ] as const) {
    for (const event of events(fixtureJson(name))) {
      const logged = JSON.stringify(webhookEventLogFields(event));
      expect(logged).not.toMatch(/9198000000\d\d|Rahul|Asha|v=0/);
      expect(logged).toContain(event.type);
    }
  }
});
