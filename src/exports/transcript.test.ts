import { describe, expect, test } from "bun:test";
import type { CallMessage, CallRecord } from "../domain/call";
import { formatOffset, LOW_CONFIDENCE, lineWords, toTranscript } from "./transcript";
import { transcriptText } from "./transcript-text";

const call: CallRecord = {
  id: "call_0000000000000000000000001",
  tenantId: "ten_1",
  agentId: "agt_1",
  agentVersion: 0,
  draftRevision: 3,
  channel: "web",
  direction: "outbound",
  status: "ended",
  providerCallId: null,
  providerStatus: null,
  remoteParty: "browser",
  receivedAt: "2026-05-01T09:00:00.000Z",
  answeredAt: null,
  mediaConnectedAt: null,
  firstAgentAudioAt: null,
  endedAt: "2026-05-01T09:03:05.000Z",
  endReason: "agent_ended",
  durationMs: 185_000,
  usage: {},
  metrics: {},
  deletedAt: null,
  transcriptErasedAt: null,
  recordingErasedAt: null,
  outcome: null,
};

const message = (seq: number, extra: Partial<CallMessage> = {}): CallMessage => ({
  seq,
  confidence: null,
  startMs: null,
  endMs: null,
  fullText: null,
  retranscription: null,
  role: "user" as const,
  text: "是的",
  itemId: null,
  offsetMs: seq * 1000,
  interrupted: false,
  tool: null,
  createdAt: call.receivedAt,
  ...extra,
});

describe("transcript lines", () => {
  test("a caller line below the confidence threshold is marked, with its confidence", () => {
    const transcript = toTranscript(
      call,
      [message(1, { confidence: 0.42 }), message(2, { confidence: 0.91 }), message(3)],
      null,
    );
    expect(LOW_CONFIDENCE).toBe(0.75);
    expect(transcript.lines.map((l) => [l.confidence, l.lowConfidence])).toEqual([
      [0.42, true],
      [0.91, false],
      [null, false],
    ]);
    expect(lineWords(transcript.lines[0] as never).marks).toEqual(["low confidence 0.42"]);
    expect(transcriptText(transcript)).toContain("[0:01.0] Caller: 是的 [low confidence 0.42]\n");
  });

  test("an unsure line read again shows both readings; a reading still pending shows none", () => {
    const read = (status: "done" | "pending", text: string | null) => ({
      status,
      text,
      model: "gpt-4o-transcribe",
      confidence: null,
    });
    const transcript = toTranscript(
      call,
      [
        message(1, {
          text: "a table for for",
          confidence: 0.4,
          retranscription: read("done", "a table for four"),
        }),
        message(2, { confidence: 0.5, retranscription: read("pending", null) }),
      ],
      null,
    );
    expect(transcript.lines.map((l) => l.retranscription)).toEqual(["a table for four", null]);
    expect(transcriptText(transcript)).toContain(
      "Caller: a table for for [low confidence 0.40] [read again: a table for four]\n",
    );
  });

  test("the header names a draft answer, a deleted agent by id and the call's length", () => {
    const text = transcriptText(toTranscript(call, [], null));
    expect(text).toContain("Agent: agt_1 (draft)\n");
    expect(text).toContain("Channel: web, outbound\n");
    expect(text).toContain("When: 2026-05-01 09:00:00 UTC\n");
    expect(text).toContain("Duration: 3 min 05 s\n");
    expect(text).toContain("Ended: agent_ended\n");
  });

  test("offsets read as minutes and seconds, hours past an hour", () => {
    expect(formatOffset(0)).toBe("0:00.0");
    expect(formatOffset(65_432)).toBe("1:05.4");
    expect(formatOffset(3_725_000)).toBe("1:02:05");
  });
});
