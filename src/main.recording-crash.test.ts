import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { activeSpans } from "../test/audio-activity";
import { callerRecording } from "../test/caller-audio";
import { CallerPeer } from "../test/caller-peer";
import { eventually, until } from "../test/eventually";
import { GatewayProcess } from "../test/gateway-process";
import { decodeOggOpusChannels } from "./audio/ogg-opus";
import { intactPages } from "./audio/ogg-pages";

// A machine killed (SIGKILL) in the middle of a recorded call, then started again on the same
// database and blob folder: the recording must play, with everything written before the kill.
const ADMIN_KEY = "av_admin_recording-crash-key-0123456789";
const workDir = mkdtempSync(join(tmpdir(), "astra-rec-crash-"));
const callers: CallerPeer[] = [];

afterAll(async () => {
  for (const caller of callers) caller.close();
  await gateway.kill();
  rmSync(workDir, { recursive: true, force: true });
});

const gateway = new GatewayProcess({ workDir, adminKey: ADMIN_KEY });
const { base } = gateway;
const startGateway = () => gateway.start();
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  gateway.api(method, path, body, headers);

test("after a kill during a recorded call, the next start leaves a playable recording with every page and message", async () => {
  await startGateway();
  const tenant = (await api("POST", "/v1/tenants", { name: "Crash Dental" })).body;
  const agent = (await api("POST", "/v1/agents", { tenantId: tenant.id, name: "Front desk" })).body;
  expect((await api("POST", `/v1/agents/${agent.id}/publish`)).status).toBe(201);

  const caller = new CallerPeer();
  callers.push(caller);
  const web = await api("POST", "/v1/calls/web", { agentId: agent.id, sdp: await caller.offer() });
  expect(web.status).toBe(201);
  const callId: string = web.body.callId;
  await caller.answer(web.body.sdp);
  await eventually("the greeting to be heard", () => caller.audibleMs() > 500, 15_000);
  caller.play(callerRecording("en-hours.wav"));
  await until(
    "the caller's line to be stored",
    async () => (await api("GET", `/v1/conversations/${callId}`)).body.messages.length >= 2,
    20_000,
  );
  const partsDir = join(workDir, "data/blobs/recordings", tenant.id, callId);
  const parts = () =>
    readdirSync(partsDir)
      .filter((name) => name.startsWith("part-"))
      .sort();
  await until("three parts on disk", async () => parts().length >= 3, 20_000);
  const messagesBefore = (await api("GET", `/v1/conversations/${callId}`)).body.messages;
  await gateway.kill();
  // Every byte written before the kill.
  const written = parts().map((name) => new Uint8Array(readFileSync(join(partsDir, name))));
  const writtenPages = written.flatMap((bytes) =>
    intactPages(bytes).map((page) => bytes.slice(page.offset, page.offset + page.length)),
  );
  expect(writtenPages.length).toBeGreaterThan(10);

  await startGateway();
  await until(
    "the interrupted recording to be closed",
    async () =>
      (await api("GET", `/v1/conversations/${callId}`)).body.recording?.status === "ready",
    20_000,
  );
  const record = (await api("GET", `/v1/conversations/${callId}`)).body;
  expect(record.endReason).toBe("gateway_restarted");
  // Every message spoken before the kill is still there.
  expect(record.messages.map((m: { text: string }) => m.text)).toEqual(
    expect.arrayContaining(messagesBefore.map((m: { text: string }) => m.text)),
  );
  const res = await fetch(`${base}/v1/conversations/${callId}/recording`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  expect(res.status).toBe(200);
  const file = new Uint8Array(await res.arrayBuffer());
  expect(file.length).toBe(record.recording.sizeBytes);
  // The file is the pages written before the kill, the last one flagged end-of-stream.
  const pages = intactPages(file);
  expect(pages).toHaveLength(writtenPages.length);
  for (let i = 0; i < pages.length - 1; i++) {
    const page = pages[i] as { offset: number; length: number };
    const kept = Buffer.from(file.slice(page.offset, page.offset + page.length));
    expect(kept.equals(writtenPages[i] as Uint8Array)).toBe(true);
  }
  expect(pages.at(-1)?.eos).toBe(true);
  expect(pages.filter((p) => p.eos)).toHaveLength(1);
  // It plays: stereo, as long as it says, with the caller's speech on the left.
  const [left, right] = await decodeOggOpusChannels(file, 48000);
  expect(right).toBeDefined();
  expect(Math.abs((left?.length ?? 0) / 48 - record.recording.durationMs)).toBeLessThan(2);
  expect(record.recording.durationMs).toBeGreaterThan(3000);
  expect(activeSpans(left as Float32Array).length).toBeGreaterThan(0);
  expect(readdirSync(partsDir).filter((name) => name.startsWith("part-"))).toEqual([]);

  // The call then gets the after-call work of any ended call: its transcript is made final and
  // it is analysed, each reported as an event.
  await until(
    "the interrupted call's analysis",
    async () => (await api("GET", `/v1/conversations/${callId}`)).body.analysis !== null,
    20_000,
  );
  const db = createClient({ url: `file:${join(workDir, "data", "astra.db")}` });
  const events = await db.execute({
    sql: "SELECT type FROM event_outbox WHERE call_id = ? ORDER BY seq",
    args: [callId],
  });
  db.close();
  expect(events.rows.map((row) => row.type)).toEqual(
    expect.arrayContaining([
      "call.ended",
      "call.transcript.ready",
      "call.recording.ready",
      "call.analysis.ready",
    ]),
  );
}, 120_000);
