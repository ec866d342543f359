import { afterEach, beforeEach, describe, expect, setSystemTime, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { type ReceivedWebhook, WebhookReceiver } from "../../test/webhook-receiver";
import { newId } from "../domain/ids";
import { maskPhone } from "../domain/phone";

let api: TestApi;
let receiver: WebhookReceiver;
let tenant: { tenantId: string; key: string };
let agentId: string;
/** The dispatcher's clock: the test moves it instead of waiting. */
let nowMs: number;

beforeEach(async () => {
  nowMs = Date.now();
  receiver = await WebhookReceiver.start();
  api = await startTestApi({
    allowPrivateEgress: ["127.0.0.0/8"],
    events: { now: () => nowMs, random: () => 0.5, attemptTimeoutMs: 1000 },
  });
  tenant = await api.tenantWithKey();
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
});
afterEach(async () => {
  setSystemTime();
  await api.close();
  await receiver.close();
});

async function addEndpoint(body: Record<string, unknown> = {}, key = tenant.key) {
  const res = await api.call("POST", "/v1/webhook-endpoints", {
    key,
    body: { url: receiver.url, ...body },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

/** The steps of one call as the call engine records them, each reporting its event. */
function callSteps(tenantId = tenant.tenantId, agent = agentId) {
  const id = newId("call");
  const calls = api.stores.calls;
  return {
    id,
    start: () =>
      calls.create({
        id,
        tenantId,
        agentId: agent,
        agentVersion: 1,
        channel: "wati",
        direction: "inbound",
        remoteParty: maskPhone("+1 555 123 4567"),
        machineId: "test-machine",
      }),
    answer: () => calls.mark(id, "answered_at"),
    failTool: () =>
      calls.appendMessage(id, {
        seq: 1,
        role: "tool",
        text: "book_table",
        itemId: null,
        offsetMs: 1200,
        tool: {
          name: "book_table",
          arguments: '{"phone":"+15551234567"}',
          status: "error",
          output: null,
          error: "booking service answered 500 for +1 555 123 4567",
          durationMs: 120.4,
        },
      }),
    end: () =>
      calls.end(id, {
        reason: "caller_hung_up",
        usage: { inputAudioTokens: 1200, outputAudioTokens: 800 },
        metrics: {},
      }),
  };
}

async function wholeCall(tenantId?: string, agent?: string): Promise<string> {
  const call = callSteps(tenantId, agent);
  await call.start();
  await call.answer();
  await call.failTool();
  await call.end();
  return call.id;
}

/** The Standard Webhooks verifier, with the system clock at the delivery's own timestamp. */
function verify(secret: string, hook: ReceivedWebhook): any {
  setSystemTime(new Date(Number(hook.timestamp) * 1000));
  try {
    return new Webhook(secret).verify(hook.body, {
      "webhook-id": hook.id,
      "webhook-timestamp": hook.timestamp,
      "webhook-signature": hook.signature,
    });
  } finally {
    setSystemTime();
  }
}

/** Moves the clock to the next due attempt and runs a pass; false when nothing is pending. */
async function nextRound(): Promise<boolean> {
  const due = await api.stores.webhookDeliveries.nextDueMs();
  if (due === null) return false;
  nowMs = Math.max(nowMs, due);
  await api.events.runOnce();
  return true;
}

const typeOf = (hook: ReceivedWebhook): string => JSON.parse(hook.body).type;
const callOf = (hook: ReceivedWebhook): string => JSON.parse(hook.body).data.callId;

describe("events out", () => {
  test("a call's events arrive signed, and the Standard Webhooks verifier accepts them", async () => {
    const { secret } = await addEndpoint();
    const callId = await wholeCall();
    expect(await api.events.runOnce()).toBe(4);
    expect(receiver.received.map(typeOf)).toEqual([
      "call.started",
      "call.answered",
      "tool.failed",
      "call.ended",
    ]);
    const outbox = await api.stores.db.execute("SELECT id, body FROM event_outbox ORDER BY seq");
    for (const [i, hook] of receiver.received.entries()) {
      expect(hook.contentType).toBe("application/json");
      expect(hook.id).toBe(String(outbox.rows[i]?.id));
      expect(hook.body).toBe(String(outbox.rows[i]?.body));
      expect(verify(secret, hook)).toEqual(JSON.parse(hook.body));
    }
    const [started, answered, failed, ended] = receiver.received.map((h) => JSON.parse(h.body));
    expect(started.data).toMatchObject({
      callId,
      agentId,
      agentVersion: 1,
      channel: "wati",
      direction: "inbound",
      remoteParty: "••••4567",
    });
    expect(answered.data).toMatchObject({ callId, channel: "wati" });
    expect(Date.parse(answered.data.answeredAt)).not.toBeNaN();
    expect(failed.data).toEqual({
      callId,
      tool: "book_table",
      status: "error",
      error: "booking service answered 500 for ••••4567",
      durationMs: 120,
    });
    expect(ended.data).toMatchObject({
      callId,
      agentId,
      endReason: "caller_hung_up",
      usage: { inputAudioTokens: 1200, outputAudioTokens: 800 },
    });
    expect(typeof ended.data.durationMs).toBe("number");
    const everything = receiver.received.map((h) => h.body).join("\n");
    expect(everything.replace(/\D/g, "")).not.toContain("5551234567");
    // Tampering is caught: the verifier refuses a changed body.
    const tampered = {
      ...receiver.received[0],
      body: receiver.received[0]?.body.replace("wati", "web"),
    };
    expect(() => verify(secret, tampered as ReceivedWebhook)).toThrow();
  });

  test("each endpoint gets only its tenant's events, of the types it asked for", async () => {
    await addEndpoint({ eventTypes: ["call.ended"] });
    const other = await api.tenantWithKey("Other");
    const otherAgent = (
      await api.call("POST", "/v1/agents", { key: other.key, body: { name: "Other desk" } })
    ).body.id;
    await wholeCall(other.tenantId, otherAgent);
    const mine = await wholeCall();
    await api.events.runOnce();
    expect(receiver.received.map((h) => [typeOf(h), callOf(h)])).toEqual([["call.ended", mine]]);
  });

  test("a disabled endpoint gets nothing; the deliveries list shows what was sent", async () => {
    const endpoint = await addEndpoint();
    await wholeCall();
    await api.events.runOnce();
    const list = await api.call("GET", `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=3`, {
      key: tenant.key,
    });
    expect(list.body.data).toHaveLength(3);
    expect(list.body.data[0]).toMatchObject({
      eventType: "call.ended",
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
    const rest = await api.call(
      "GET",
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=3&cursor=${list.body.nextCursor}`,
      { key: tenant.key },
    );
    expect(rest.body.data.map((d: { eventType: string }) => d.eventType)).toEqual(["call.started"]);
    await api.call("PATCH", `/v1/webhook-endpoints/${endpoint.id}`, {
      key: tenant.key,
      body: { enabled: false },
    });
    await wholeCall();
    await api.events.runOnce();
    expect(receiver.received).toHaveLength(4);
  });

  test("after a rotation both secrets sign during the overlap, and only the new one after it", async () => {
    const { id, secret: oldSecret } = await addEndpoint();
    const rotated = await api.call("POST", `/v1/webhook-endpoints/${id}/rotate-secret`, {
      key: tenant.key,
      body: { overlapSeconds: 3600 },
    });
    const newSecret: string = rotated.body.secret;
    await callSteps().start();
    await api.events.runOnce();
    const during = receiver.received[0] as ReceivedWebhook;
    expect(during.signature.split(" ")).toHaveLength(2);
    expect(verify(newSecret, during)).toMatchObject({ type: "call.started" });
    expect(verify(oldSecret, during)).toMatchObject({ type: "call.started" });

    nowMs += 2 * 3_600_000;
    await callSteps().start();
    await api.events.runOnce();
    const after = receiver.received[1] as ReceivedWebhook;
    expect(after.signature.split(" ")).toHaveLength(1);
    expect(verify(newSecret, after)).toMatchObject({ type: "call.started" });
    expect(() => verify(oldSecret, after)).toThrow();
  });

  test("the receiver is down for a while and comes back: every event arrives, in order per call, each id once", async () => {
    const endpoint = await addEndpoint();
    const { secret } = endpoint;
    // Two calls whose steps interleave.
    const a = callSteps();
    const b = callSteps();
    for (const step of ["start", "answer", "failTool", "end"] as const) {
      await a[step]();
      await b[step]();
    }
    receiver.answer = 503;
    await api.events.runOnce();
    for (let i = 0; i < 2; i++) await nextRound();
    await receiver.goDown();
    for (let i = 0; i < 2; i++) await nextRound();
    const whileDown = await api.call(
      "GET",
      `/v1/webhook-endpoints/${endpoint.id}/deliveries?status=pending`,
      { key: tenant.key },
    );
    expect(whileDown.body.data.length).toBe(8);
    const tried = whileDown.body.data.filter((d: { attempts: number }) => d.attempts > 0);
    expect(tried.map((d: { eventType: string }) => d.eventType)).toEqual([
      "call.started",
      "call.started",
    ]);
    expect(tried[0]).toMatchObject({ attempts: 5, lastStatusCode: null });
    expect(tried[0].lastError).toContain("failed");

    // Back up: it processes each id it has not seen, but fails its answer to the first
    // call.answered once after processing it, so that one comes again.
    const processed: ReceivedWebhook[] = [];
    let answeredOnceFailed = false;
    receiver.answer = (hook) => {
      if (!processed.some((p) => p.id === hook.id)) processed.push({ ...hook, answeredWith: 200 });
      if (typeOf(hook as ReceivedWebhook) === "call.answered" && !answeredOnceFailed) {
        answeredOnceFailed = true;
        return 500;
      }
      return 200;
    };
    receiver.comeBack();
    for (let round = 0; round < 50 && (await nextRound()); round++) {}

    expect(await api.stores.webhookDeliveries.pendingCount()).toBe(0);
    const outbox = await api.stores.db.execute("SELECT id FROM event_outbox ORDER BY seq");
    expect(processed.map((h) => h.id).sort()).toEqual(outbox.rows.map((r) => String(r.id)).sort());
    const arrivals = receiver.received.filter((h) => h.answeredWith !== 503);
    expect(arrivals.length).toBeGreaterThan(processed.length);
    for (const call of [a.id, b.id]) {
      expect(processed.filter((h) => callOf(h) === call).map(typeOf)).toEqual([
        "call.started",
        "call.answered",
        "tool.failed",
        "call.ended",
      ]);
    }
    for (const hook of processed) expect(verify(secret, hook)).toBeTruthy();
    expect(api.logLines.join("\n")).not.toContain("receiver says no");
  });

  test("a delivery is retried for more than a day, then failed; a retry re-queues it now", async () => {
    const { id } = await addEndpoint();
    receiver.answer = 503;
    await callSteps().start();
    await api.events.runOnce();
    for (let round = 0; round < 20 && (await nextRound()); round++) {}
    const seconds = receiver.received.map((h) => Number(h.timestamp));
    expect(seconds).toHaveLength(8);
    const spanSeconds = (seconds.at(-1) as number) - (seconds[0] as number);
    expect(spanSeconds).toBeGreaterThan(24 * 3600);
    const gaps = seconds.slice(1).map((s, i) => s - (seconds[i] as number));
    for (let i = 1; i < gaps.length - 1; i++)
      expect(gaps[i] as number).toBeGreaterThanOrEqual(gaps[i - 1] as number);
    const path = `/v1/webhook-endpoints/${id}/deliveries`;
    const failed = (await api.call("GET", path, { key: tenant.key })).body.data[0];
    expect(failed).toMatchObject({ status: "failed", attempts: 8, lastStatusCode: 503 });

    receiver.answer = 200;
    const retried = await api.call("POST", `${path}/${failed.id}/retry`, { key: tenant.key });
    expect(retried.body).toMatchObject({ status: "pending" });
    await api.events.runOnce();
    const after = (await api.call("GET", path, { key: tenant.key })).body.data[0];
    expect(after).toMatchObject({ status: "delivered", attempts: 9, lastStatusCode: 200 });
  });

  test("a delivered event is redelivered on request: the same id and body, signed afresh, counted", async () => {
    const { id, secret } = await addEndpoint({ eventTypes: ["call.started"] });
    await callSteps().start();
    await api.events.runOnce();
    const path = `/v1/webhook-endpoints/${id}/deliveries`;
    const delivered = (await api.call("GET", path, { key: tenant.key })).body.data[0];
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1 });

    // Another tenant cannot make it go again.
    const other = await api.tenantWithKey("Other Dental");
    const refused = await api.call("POST", `${path}/${delivered.id}/retry`, { key: other.key });
    expect(refused.status).toBe(404);
    await api.events.runOnce();
    expect(receiver.received).toHaveLength(1);

    nowMs += 2000;
    const queued = await api.call("POST", `${path}/${delivered.id}/retry`, { key: tenant.key });
    expect(queued.body).toMatchObject({ status: "pending", attempts: 1 });
    await api.events.runOnce();
    const [first, again] = receiver.received;
    expect([again?.id, again?.body]).toEqual([first?.id, first?.body]);
    expect(Number(again?.timestamp)).toBeGreaterThan(Number(first?.timestamp));
    expect(verify(secret, again as ReceivedWebhook)).toBeTruthy();
    const after = (await api.call("GET", path, { key: tenant.key })).body.data[0];
    expect(after).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
  });

  test("an attempt that gets no answer in time is cut off and retried", async () => {
    const { id } = await addEndpoint();
    receiver.answer = () => new Promise((resolve) => setTimeout(() => resolve(200), 3000));
    await callSteps().start();
    await api.events.runOnce();
    const delivery = (
      await api.call("GET", `/v1/webhook-endpoints/${id}/deliveries`, { key: tenant.key })
    ).body.data[0];
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastError: "timed out" });
  });
});
