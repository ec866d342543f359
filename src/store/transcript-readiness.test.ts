import { describe, expect, test } from "bun:test";
import { defaultAgentConfig } from "../domain/agent-config";
import { PendingRetranscriptions } from "../transcripts/pending-retranscriptions";
import { TranscriptStep } from "../transcripts/transcript-step";
import { type Db, openDb } from "./db";
import { createStores } from "./stores";
import { TranscriptReadiness } from "./transcript-readiness";

async function callWithLines(): Promise<{ db: Db; tenantId: string; callId: string }> {
  const db = await openDb({ url: ":memory:" });
  const stores = await createStores(db, new Uint8Array(32));
  const tenant = await stores.tenants.create({ name: "Acme" });
  const agent = await stores.agents.create(tenant.id, {
    name: "Desk",
    description: "",
    draft: defaultAgentConfig(),
  });
  const callId = "call_readiness";
  await stores.calls.create({
    id: callId,
    tenantId: tenant.id,
    agentId: agent.id,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "web",
    machineId: "m",
  });
  const line = (seq: number, role: "user" | "assistant", itemId: string) => ({
    seq,
    role,
    text: `line ${seq}`,
    itemId,
    offsetMs: seq * 1000,
  });
  await stores.calls.appendMessage(callId, { ...line(1, "assistant", "a1") });
  await stores.calls.appendMessage(callId, {
    ...line(2, "user", "u1"),
    line: { confidence: 0.4, retranscription: pendingRetranscription() },
  });
  await stores.calls.appendMessage(callId, {
    ...line(3, "user", "u2"),
    line: { confidence: 0.5, retranscription: pendingRetranscription() },
  });
  await stores.calls.updateLine(callId, "u2", {
    retranscription: {
      status: "done",
      text: "Line three.",
      model: "gpt-4o-transcribe",
      confidence: 0.9,
    },
  });
  return { db, tenantId: tenant.id, callId };
}

function pendingRetranscription() {
  return { status: "pending" as const, text: null, model: null, confidence: null };
}

describe("the final transcript", () => {
  test("is marked once, with one call.transcript.ready event, however often the step runs", async () => {
    const { db, tenantId, callId } = await callWithLines();
    const pending = new PendingRetranscriptions();
    let release = () => {};
    pending.add(callId, new Promise<void>((resolve) => (release = resolve)));
    const step = new TranscriptStep(pending, new TranscriptReadiness(db));
    const call = { id: callId, tenantId } as Parameters<TranscriptStep["run"]>[0];
    const first = step.run(call);
    await Bun.sleep(20);
    const early = await db.execute(
      "SELECT COUNT(*) AS n FROM event_outbox WHERE type = 'call.transcript.ready'",
    );
    expect(Number(early.rows[0]?.n)).toBe(0); // waits for the running re-transcription
    release();
    await first;
    await step.run(call);

    const events = await db.execute(
      "SELECT type, body FROM event_outbox WHERE type = 'call.transcript.ready'",
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]?.type).toBe("call.transcript.ready");
    expect(JSON.parse(String(events.rows[0]?.body)).data).toEqual({
      callId,
      lines: 3,
      lowConfidenceLines: 2,
      retranscribedLines: 1,
    });
    const ready = await db.execute("SELECT transcript_ready_at FROM calls");
    expect(ready.rows[0]?.transcript_ready_at).not.toBeNull();
    // A re-reading left pending (its process stopped) is closed as unavailable, not left hanging.
    const statuses = await db.execute(
      "SELECT retranscript_status FROM call_messages WHERE role = 'user' ORDER BY seq",
    );
    expect(statuses.rows.map((r) => r.retranscript_status)).toEqual(["unavailable", "done"]);
  });
});
