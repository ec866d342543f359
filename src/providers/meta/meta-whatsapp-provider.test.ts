import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { FakeGraphApi } from "../../../test/fake-graph-api";
import { memoryLogger } from "../../log/logger";
import { ProviderError } from "../provider-error";
import { MetaWhatsAppProvider } from "./meta-whatsapp-provider";

const PHONE_NUMBER_ID = "106540352242922";
const USER = "919800000002";
const ANSWER = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\n";
const OFFER = "v=0\r\no=- 3 2 IN IP4 127.0.0.1\r\ns=-\r\n";

let graph = new FakeGraphApi();
const log = memoryLogger();

function provider(overrides: Partial<ConstructorParameters<typeof MetaWhatsAppProvider>[0]> = {}) {
  return new MetaWhatsAppProvider({
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: graph.accessToken,
    graphUrl: graph.url,
    http: { timeoutMs: 2000, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } },
    logger: log.logger,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

beforeEach(() => {
  graph.stop();
  graph = new FakeGraphApi();
  log.lines.length = 0;
});
afterAll(() => graph.stop());

describe("requests as documented", () => {
  test("pre_accept and accept post the answer under the phone number id with the token", async () => {
    const whatsapp = provider();
    await whatsapp.preAccept("wacid.A", ANSWER);
    await whatsapp.accept("wacid.A", ANSWER, { callbackData: "conv_1" });
    expect(graph.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", `/${PHONE_NUMBER_ID}/calls`],
      ["POST", `/${PHONE_NUMBER_ID}/calls`],
    ]);
    const [pre, accept] = graph.requests;
    expect(pre?.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
    expect(pre?.headers["content-type"]).toBe("application/json");
    expect(pre?.body).toEqual({
      messaging_product: "whatsapp",
      call_id: "wacid.A",
      action: "pre_accept",
      session: { sdp_type: "answer", sdp: ANSWER },
    });
    expect(accept?.body).toEqual({
      messaging_product: "whatsapp",
      call_id: "wacid.A",
      action: "accept",
      session: { sdp_type: "answer", sdp: ANSWER },
      biz_opaque_callback_data: "conv_1",
    });
  });

  test("reject and terminate carry only the call id and the action", async () => {
    await provider().reject("wacid.B", "agent unpublished");
    await provider().terminate("wacid.B");
    expect(graph.callActions().map((r) => r.body)).toEqual([
      { messaging_product: "whatsapp", call_id: "wacid.B", action: "reject" },
      { messaging_product: "whatsapp", call_id: "wacid.B", action: "terminate" },
    ]);
  });

  test("connect sends the offer to the user and returns Meta's call id", async () => {
    graph.setPermission(USER, {
      status: "temporary",
      canStartCall: true,
      canRequestPermission: false,
    });
    const result = await provider().connect(`+${USER}`, OFFER, { callbackData: "conv_2" });
    expect(result).toEqual({ callId: "wacid.fake1" });
    expect(graph.callActions("connect")[0]?.body).toEqual({
      messaging_product: "whatsapp",
      to: USER,
      action: "connect",
      session: { sdp_type: "offer", sdp: OFFER },
      biz_opaque_callback_data: "conv_2",
    });
  });

  test("the permission state is read from call_permissions", async () => {
    graph.setPermission(USER, {
      status: "temporary",
      canStartCall: true,
      canRequestPermission: false,
      expiresAtMs: 1_753_720_700_000,
    });
    const permission = await provider().getCallPermission(USER);
    expect(graph.requests[0]).toMatchObject({
      method: "GET",
      path: `/${PHONE_NUMBER_ID}/call_permissions`,
      query: { user_wa_id: USER },
    });
    expect(permission).toMatchObject({
      status: "temporary",
      expiresAtMs: 1_753_720_700_000,
      canStartCall: true,
      canRequestPermission: false,
    });
    expect(permission.limits.startCall).toEqual([
      { timePeriod: "PT24H", maxAllowed: 100, currentUsage: 0 },
    ]);
    expect(await provider().getCallPermission("919800000009")).toMatchObject({
      status: "no_permission",
      canStartCall: false,
      canRequestPermission: true,
    });
  });

  test("a permission request is an interactive message with our text", async () => {
    const sent = await provider().requestCallPermission(USER, "May we call you about your order?");
    expect(sent).toEqual({ messageId: "wamid.fake1" });
    expect(graph.requests[0]?.path).toBe(`/${PHONE_NUMBER_ID}/messages`);
    expect(graph.requests[0]?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: USER,
      type: "interactive",
      interactive: {
        type: "call_permission_request",
        action: { name: "call_permission_request" },
        body: { text: "May we call you about your order?" },
      },
    });
  });

  test("a follow-up text is a text message to the user, sent once even when it fails", async () => {
    const sent = await provider().sendText(USER, "Your booking is on Friday at ten.");
    expect(sent).toEqual({ messageId: "wamid.fake1" });
    expect(graph.requests[0]?.path).toBe(`/${PHONE_NUMBER_ID}/messages`);
    expect(graph.textMessages).toEqual([{ to: USER, text: "Your booking is on Friday at ten." }]);
    graph.fail({ path: "/messages" }, { status: 500, error: { message: "down", code: 2 } });
    const error = await failure(provider().sendText(USER, "Again?"));
    expect(error.category).toBe("server");
    expect(graph.requests).toHaveLength(2);
  });

  test("a recipient that is not a phone number is refused before any request", async () => {
    const error = await failure(provider().connect("not-a-number", OFFER));
    expect(error.category).toBe("invalid_request");
    expect(graph.requests).toEqual([]);
  });
});

describe("failures", () => {
  test("connect without permission is the typed no_permission error (138006)", async () => {
    const error = await failure(provider().connect(USER, OFFER));
    expect(error).toMatchObject({
      provider: "whatsapp_cloud",
      action: "connect",
      category: "no_permission",
      status: 400,
      code: 138006,
      retryable: false,
      traceId: "AfakeTrace",
    });
  });

  test("a wrong access token is an auth error, not retried", async () => {
    const error = await failure(provider({ accessToken: "stale" }).accept("wacid.C", ANSWER));
    expect(error).toMatchObject({ category: "auth", status: 401, code: 190, attempts: 1 });
    expect(graph.requests).toHaveLength(1);
  });

  test("an accept that meets 5xx twice is retried and succeeds", async () => {
    graph.fail(
      { action: "accept" },
      { status: 503, error: { message: "busy", code: 2 }, times: 2 },
    );
    await provider().accept("wacid.D", ANSWER);
    expect(graph.callActions("accept")).toHaveLength(3);
    expect(log.lines.filter((line) => line.includes('"willRetry":true'))).toHaveLength(2);
  });

  test("retries are bounded: a lasting 500 gives up after the set attempts", async () => {
    graph.fail(
      { action: "terminate" },
      { status: 500, error: { message: "down", code: 1 }, times: 10 },
    );
    const error = await failure(provider().terminate("wacid.E"));
    expect(error).toMatchObject({ category: "server", status: 500, attempts: 3, retryable: true });
    expect(graph.callActions("terminate")).toHaveLength(3);
  });

  test("connect is never retried, even after a 5xx", async () => {
    graph.setPermission(USER, {
      status: "permanent",
      canStartCall: true,
      canRequestPermission: false,
    });
    graph.fail(
      { action: "connect" },
      { status: 500, error: { message: "down", code: 1 }, times: 10 },
    );
    const error = await failure(provider().connect(USER, OFFER));
    expect(error).toMatchObject({ category: "server", attempts: 1, retryable: true });
    expect(graph.callActions("connect")).toHaveLength(1);
  });

  test("a permission request is never retried", async () => {
    graph.fail(
      { path: "/messages" },
      { status: 502, error: { message: "bad gateway", code: 1 }, times: 10 },
    );
    await failure(provider().requestCallPermission(USER, "May we call?"));
    expect(graph.requests).toHaveLength(1);
  });

  test("a slow answer times out, and an idempotent action tries again", async () => {
    graph.delay({ action: "terminate" }, 1000);
    const fast = provider({ http: { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 5 } } });
    await fast.terminate("wacid.F");
    expect(graph.callActions("terminate")).toHaveLength(2);

    graph.delay({ action: "connect" }, 1000);
    graph.setPermission(USER, {
      status: "permanent",
      canStartCall: true,
      canRequestPermission: false,
    });
    const error = await failure(fast.connect(USER, OFFER));
    expect(error).toMatchObject({ category: "timeout", status: 0, attempts: 1, retryable: true });
  });

  test("a closed port is a network error, retried for idempotent actions", async () => {
    const closed = new FakeGraphApi();
    const url = closed.url;
    closed.stop();
    const error = await failure(provider({ graphUrl: url }).getCallPermission(USER));
    expect(error).toMatchObject({ category: "network", status: 0, attempts: 3 });
  });

  test("the caller's signal cancels the request and any retry", async () => {
    graph.delay({ action: "accept" }, 1000);
    const controller = new AbortController();
    const pending = failure(provider().accept("wacid.G", ANSWER, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ category: "aborted", attempts: 1, retryable: false });
  });

  test("rate limits and bad requests are typed and not retried", async () => {
    graph.fail(
      { action: "accept" },
      { status: 400, error: { message: "Too many calls", code: 130429 } },
    );
    expect(await failure(provider().accept("wacid.H", ANSWER))).toMatchObject({
      category: "rate_limited",
      retryable: true,
      attempts: 1,
    });
    const error = await failure(provider().accept("wacid.H", ""));
    expect(error).toMatchObject({ category: "invalid_request", status: 400, code: 100 });
  });

  test("a 2xx that is not shaped as documented is a bad_response", async () => {
    graph.setPermission(USER, {
      status: "permanent",
      canStartCall: true,
      canRequestPermission: false,
    });
    graph.fail({ action: "connect" }, { body: { messaging_product: "whatsapp", calls: [] } });
    expect(await failure(provider().connect(USER, OFFER))).toMatchObject({
      category: "bad_response",
      status: 200,
    });
    graph.fail({ action: "accept" }, { body: { success: false } });
    expect(await failure(provider().accept("wacid.J", ANSWER))).toMatchObject({
      category: "bad_response",
      attempts: 1,
    });
  });

  test("a Graph error body is a failure even under a 200 status", async () => {
    graph.fail({ action: "terminate" }, { body: { error: { message: "odd", code: 131000 } } });
    expect(await failure(provider().terminate("wacid.K"))).toMatchObject({
      category: "invalid_request",
      code: 131000,
    });
  });

  test("nothing logged names the user, the token or the SDP", async () => {
    graph.fail({ action: "accept" }, { status: 503, error: { message: "busy", code: 2 } });
    await provider().accept("wacid.I", ANSWER);
    await failure(provider().connect(USER, OFFER));
    const logged = log.lines.join("\n");
    expect(log.lines.length).toBeGreaterThan(0);
    expect(logged).not.toContain(USER);
    expect(logged).not.toContain(graph.accessToken);
    expect(logged).not.toContain("v=0");
  });
});
