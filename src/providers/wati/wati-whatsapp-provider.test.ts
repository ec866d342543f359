import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { FakeWatiApi } from "../../../test/fake-wati-api";
import { memoryLogger } from "../../log/logger";
import { operatorFetch } from "../../net/guarded-fetch";
import { ProviderError } from "../provider-error";
import { WatiWhatsAppProvider } from "./wati-whatsapp-provider";

const BUSINESS = "15550001111";
const USER = "919800000002";
const ANSWER = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\n";
const OFFER = "v=0\r\no=- 3 2 IN IP4 127.0.0.1\r\ns=-\r\n";

let wati = new FakeWatiApi();
const log = memoryLogger();

function provider(overrides: Partial<ConstructorParameters<typeof WatiWhatsAppProvider>[0]> = {}) {
  return new WatiWhatsAppProvider({
    // The fake stands in for the operator's WATI_BASE_URL, which is trusted.
    baseUrl: wati.url,
    fetch: operatorFetch,
    watiTenantId: wati.tenantId,
    token: wati.token,
    businessNumber: BUSINESS,
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
  wati.stop();
  wati = new FakeWatiApi();
  log.lines.length = 0;
});
afterAll(() => wati.stop());

describe("requests as documented", () => {
  test("pre-accept sends nothing; accept posts the answer under the tenant's calls path", async () => {
    const whatsapp = provider();
    expect(whatsapp.capabilities.preAccept).toBe(false);
    await whatsapp.preAccept("wati-call-0001", ANSWER);
    expect(wati.requests).toEqual([]);
    await whatsapp.accept("wati-call-0001", ANSWER);
    expect(wati.requests).toHaveLength(1);
    expect(wati.requests[0]).toMatchObject({
      method: "POST",
      path: "/1001/api/v1/openapi/whatsapp/calls/wati-call-0001/accept",
      body: { sdp: ANSWER },
    });
    expect(wati.requests[0]?.headers.authorization).toBe(`Bearer ${wati.token}`);
  });

  test("terminate, and reject by terminate since Wati has no reject", async () => {
    const whatsapp = provider();
    expect(whatsapp.capabilities.nativeReject).toBe(false);
    await whatsapp.terminate("wati-call-0001");
    await whatsapp.reject("wati-call-0002", "no binding");
    expect(wati.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ["POST", `${wati.callsPath}/wati-call-0001/terminate`, null],
      ["POST", `${wati.callsPath}/wati-call-0002/terminate`, null],
    ]);
  });

  test("an outbound call posts the offer as Sdp and returns Wati's call id", async () => {
    wati.setPermission(USER, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    expect(await provider().connect(`+${USER}`, OFFER)).toEqual({ callId: "wati-out-1" });
    expect(wati.requests[0]).toMatchObject({
      method: "POST",
      path: `${wati.callsPath}/outbound-call/${USER}`,
      body: { Sdp: OFFER },
    });
  });

  test("the permission state names the business number as channelPhoneNumber", async () => {
    wati.setPermission(USER, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    const permission = await provider().getCallPermission(USER);
    expect(wati.requests[0]).toMatchObject({
      method: "GET",
      path: `${wati.callsPath}/permissions/${USER}`,
      query: { channelPhoneNumber: BUSINESS },
    });
    expect(permission).toMatchObject({
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
  });

  test("a permission request is a bare POST: Wati words it", async () => {
    expect(await provider().requestCallPermission(USER, "ignored text")).toEqual({});
    expect(wati.requests[0]).toMatchObject({
      method: "POST",
      path: `${wati.callsPath}/call-permission-request/${USER}`,
      body: null,
    });
  });
});

describe("session messages", () => {
  test("a follow-up text goes to sendSessionMessage with the text in the query", async () => {
    expect(await provider().sendText(USER, "Booked: Friday at 10 & see you!")).toEqual({});
    expect(wati.requests[0]).toMatchObject({
      method: "POST",
      path: `/1001/api/v1/sendSessionMessage/${USER}`,
    });
    expect(wati.sessionMessages).toEqual([{ waId: USER, text: "Booked: Friday at 10 & see you!" }]);
  });

  test("outside the session window Wati says result false: a refusal, sent once", async () => {
    wati.fail({
      path: `/sendSessionMessage/${USER}`,
      body: { result: false, info: "Ticket expired" },
    });
    const error = await failure(provider().sendText(USER, "Hello"));
    expect(error.category).toBe("invalid_request");
    expect(error.message).toContain("Ticket expired");
    expect(wati.requests).toHaveLength(1);
  });
});

describe("failures", () => {
  test("an outbound call without permission is refused and not retried", async () => {
    const error = await failure(provider().connect(USER, OFFER));
    expect(error).toMatchObject({
      provider: "wati",
      category: "invalid_request",
      status: 400,
      attempts: 1,
    });
    expect(error.message).toContain("No call permission");
  });

  test("a wrong token is an auth error", async () => {
    const error = await failure(provider({ token: "old" }).terminate("wati-call-0001"));
    expect(error).toMatchObject({ category: "auth", status: 401, attempts: 1, retryable: false });
  });

  test("a 200 with result false is a refusal, not a success", async () => {
    wati.fail({ path: "/accept", body: { result: false, info: "Call not found" } });
    const error = await failure(provider().accept("wati-call-9", ANSWER));
    expect(error).toMatchObject({ category: "invalid_request", status: 200 });
    expect(error.message).toContain("Call not found");
  });

  test("accept after two 5xx is retried and succeeds; outbound after one 5xx is not", async () => {
    wati.fail({ path: "/accept", status: 502, times: 2 });
    await provider().accept("wati-call-0001", ANSWER);
    expect(wati.requests.filter((r) => r.path.endsWith("/accept"))).toHaveLength(3);

    wati.setPermission(USER, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    wati.fail({ path: `/outbound-call/${USER}`, status: 500, times: 5 });
    expect(await failure(provider().connect(USER, OFFER))).toMatchObject({
      category: "server",
      attempts: 1,
    });
    expect(wati.requests.filter((r) => r.path.includes("/outbound-call/"))).toHaveLength(1);
  });

  test("a slow terminate times out and is tried again", async () => {
    wati.fail({ path: "/terminate", delayMs: 1000 });
    const fast = provider({ http: { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 5 } } });
    await fast.terminate("wati-call-0001");
    expect(wati.requests).toHaveLength(2);
  });

  test("an outbound answer without a call id is a bad_response", async () => {
    wati.setPermission(USER, {
      status: "granted",
      canStartCall: true,
      canRequestPermission: false,
    });
    wati.fail({ path: `/outbound-call/${USER}`, body: { result: {} } });
    expect(await failure(provider().connect(USER, OFFER))).toMatchObject({
      category: "bad_response",
    });
  });

  test("nothing logged names the user, the token or the SDP", async () => {
    wati.fail({ path: "/accept", status: 503 });
    await provider().accept("wati-call-0001", ANSWER);
    await failure(provider().connect(USER, OFFER));
    const logged = log.lines.join("\n");
    expect(log.lines.length).toBeGreaterThan(0);
    expect(logged).not.toContain(USER);
    expect(logged).not.toContain(wati.token);
    expect(logged).not.toContain("v=0");
  });
});
