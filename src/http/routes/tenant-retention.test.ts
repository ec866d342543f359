import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_KEY, startTestApi, type TestApi } from "../../../test/api-harness";
import { newId } from "../../domain/ids";

let api: TestApi;
let acme: { tenantId: string; key: string };
let other: { tenantId: string; key: string };

beforeEach(async () => {
  api = await startTestApi();
  acme = await api.tenantWithKey("Acme Dental");
  other = await api.tenantWithKey("Other Clinic");
});
afterEach(() => api.close());

const DAY_MS = 86_400_000;
const retentionOf = (tenantId: string) => `/v1/tenants/${tenantId}/retention`;

/** A call of the tenant's that ended `daysAgo` days ago (never, when null), with one line. */
async function callEnded(tenant: { tenantId: string; key: string }, daysAgo: number | null) {
  const agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "D" } }))
    .body.id;
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: tenant.tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "m1",
  });
  await api.stores.calls.appendMessage(id, {
    seq: 1,
    role: "user",
    text: "Please call me back about the crown.",
    itemId: "i1",
    offsetMs: 500,
  });
  if (daysAgo !== null) {
    await api.stores.calls.end(id, { reason: "caller_hung_up", usage: { x: 1 }, metrics: {} });
    await api.stores.db.execute({
      sql: "UPDATE calls SET ended_at = ? WHERE id = ?",
      args: [new Date(Date.now() - daysAgo * DAY_MS).toISOString(), id],
    });
  }
  return id;
}

const transcriptOf = async (id: string) =>
  (await api.call("GET", `/v1/conversations/${id}`, { key: ADMIN_KEY })).body;

describe("retention settings", () => {
  test("start as keep-forever; the tenant's key and the operator set them; another tenant cannot", async () => {
    const initial = await api.call("GET", retentionOf(acme.tenantId), { key: acme.key });
    expect(initial.body).toEqual({ recordingDays: null, transcriptDays: null, updatedAt: null });

    const own = await api.call("PUT", retentionOf(acme.tenantId), {
      key: acme.key,
      body: { recordingDays: 30, transcriptDays: 365 },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ recordingDays: 30, transcriptDays: 365 });

    const byOperator = await api.call("PUT", retentionOf(acme.tenantId), {
      key: ADMIN_KEY,
      body: { recordingDays: null, transcriptDays: 90 },
    });
    expect(byOperator.body).toMatchObject({ recordingDays: null, transcriptDays: 90 });

    for (const method of ["GET", "PUT"]) {
      const foreign = await api.call(method, retentionOf(acme.tenantId), {
        key: other.key,
        body: { recordingDays: 1, transcriptDays: 1 },
      });
      expect([method, foreign.status]).toEqual([method, 404]);
    }
    expect((await api.call("GET", retentionOf(acme.tenantId), { key: acme.key })).body).toEqual(
      byOperator.body,
    );
  });

  test("a bad value is a 400 naming the field and changes nothing", async () => {
    await api.call("PUT", retentionOf(acme.tenantId), {
      key: acme.key,
      body: { recordingDays: 7, transcriptDays: 7 },
    });
    for (const [body, field] of [
      [{ recordingDays: 0, transcriptDays: 7 }, "recordingDays"],
      [{ recordingDays: 7, transcriptDays: 1.5 }, "transcriptDays"],
      [{ recordingDays: "30", transcriptDays: 7 }, "recordingDays"],
      [{ recordingDays: 7 }, "transcriptDays"],
      [{ recordingDays: 7, transcriptDays: 7, forever: true }, "forever"],
      [{ recordingDays: 40_000, transcriptDays: 7 }, "recordingDays"],
    ] as const) {
      const res = await api.call("PUT", retentionOf(acme.tenantId), { key: acme.key, body });
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.error.message).toContain(field);
    }
    const kept = await api.call("GET", retentionOf(acme.tenantId), { key: acme.key });
    expect(kept.body).toMatchObject({ recordingDays: 7, transcriptDays: 7 });
  });
});

describe("the retention sweep", () => {
  test("erases only transcripts past each tenant's own period, once", async () => {
    await api.call("PUT", retentionOf(acme.tenantId), {
      key: acme.key,
      body: { recordingDays: null, transcriptDays: 30 },
    });
    const acmeOld = await callEnded(acme, 45);
    const acmeRecent = await callEnded(acme, 10);
    const acmeLive = await callEnded(acme, null);
    // No setting: kept forever, however old.
    const otherOld = await callEnded(other, 400);

    expect(await api.retention.sweep()).toEqual({ transcript: 1, recording: 0 });

    const erased = await transcriptOf(acmeOld);
    expect(erased.messages).toEqual([]);
    expect(erased.transcriptErasedAt).not.toBeNull();
    // Erased by retention, not deleted on request; the rest of the record stays.
    expect(erased.deletedAt).toBeNull();
    expect(erased).toMatchObject({ status: "ended", usage: { x: 1 } });
    for (const id of [acmeRecent, acmeLive, otherOld]) {
      const kept = await transcriptOf(id);
      expect([id, kept.messages.length, kept.transcriptErasedAt]).toEqual([id, 1, null]);
    }
    const found = await api.call("GET", "/v1/conversations?q=crown", { key: acme.key });
    expect(found.body.data.map((c: { id: string }) => c.id)).toEqual([acmeLive, acmeRecent]);

    // A second pass finds nothing left to erase.
    expect(await api.retention.sweep()).toEqual({ transcript: 0, recording: 0 });
    // Twenty-one days later, the recent call is past the period too.
    expect(await api.retention.sweep(new Date(Date.now() + 21 * DAY_MS))).toEqual({
      transcript: 1,
      recording: 0,
    });
    expect((await transcriptOf(acmeRecent)).messages).toEqual([]);
    expect((await transcriptOf(otherOld)).messages).toHaveLength(1);
  });
});
