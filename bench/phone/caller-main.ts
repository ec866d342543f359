// Child process: a group of phone callers, each playing Twilio's side of a call to the tenant's
// number: the signed voice webhook, then the media stream the TwiML answer names, with the
// caller talking now and then, until told to hang up. One 20 ms clock paces every call.

import { randomBytes } from "node:crypto";
import { muLawEncode } from "../../src/audio/g711";
import { Resampler } from "../../src/audio/resampler";
import { twilioSignature } from "../../src/telephony/twilio-signature";
import { readWav48kMono } from "../../test/wav";
import type {
  CallLine,
  DialledCall,
  DialOrder,
  FromCaller,
  HeardCall,
  ToCaller,
} from "../calls/caller-protocol";
import { restOk } from "../harness/rest";
import { CHUNK_BYTES, TwilioCall } from "./twilio-call";

type PhoneLine = Extract<CallLine, { kind: "phone" }>;

interface LiveCall {
  twilio: TwilioCall;
  callId: string;
  utterances: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const TICK_MS = 20;
/** After a stall, at most this many ticks are caught up at once (Twilio would not burst more). */
const MAX_CATCH_UP = 5;
const live: LiveCall[] = [];

function send(message: FromCaller): void {
  process.send?.(message);
}

/** The recording as Twilio carries it: 8 kHz µ-law in 20 ms chunks. */
function speechChunks(wavPath: string): Uint8Array[] {
  const down = new Resampler(48000, 8000);
  const codes = muLawEncode(down.process(readWav48kMono(wavPath)).slice());
  down.dispose();
  const chunks: Uint8Array[] = [];
  for (let at = 0; at + CHUNK_BYTES <= codes.length; at += CHUNK_BYTES)
    chunks.push(codes.slice(at, at + CHUNK_BYTES));
  return chunks;
}

/** Ticks every live call every 20 ms of wall time, catching up a little after a late timer. */
function startClock(): void {
  const started = performance.now();
  let done = 0;
  setInterval(() => {
    const due = Math.floor((performance.now() - started) / TICK_MS);
    if (due - done > MAX_CATCH_UP) done = due - MAX_CATCH_UP;
    for (; done < due; done++) for (const call of live) call.twilio.tick();
  }, TICK_MS / 2);
}

function sid(prefix: string): string {
  return prefix + randomBytes(16).toString("hex");
}

/** Says the recording, then again after each pause, up to the order's limit. */
function talk(call: LiveCall, speech: Uint8Array[], delayMs: number, dial: DialOrder): void {
  call.timer = setTimeout(() => {
    call.timer = null;
    if (call.utterances >= dial.maxUtterances) return;
    call.twilio.say(speech);
    call.utterances++;
    talk(call, speech, speech.length * TICK_MS + dial.pauseMs, dial);
  }, delayMs);
}

async function dialOne(
  dial: DialOrder,
  line: PhoneLine,
  index: number,
  speech: Uint8Array[],
): Promise<{ call: LiveCall; answerMs: number; connectMs: number }> {
  await Bun.sleep(index * dial.staggerMs);
  const ids = { accountSid: line.accountSid, callSid: sid("CA"), streamSid: sid("MZ") };
  const form: Array<[string, string]> = [
    ["AccountSid", ids.accountSid],
    ["CallSid", ids.callSid],
    ["CallStatus", "ringing"],
    ["Direction", "inbound"],
    ["From", `+1555${String(2000000 + index + process.pid * 1000).slice(-7)}`],
    ["To", line.number],
  ];
  const url = `${dial.baseUrl}/webhooks/twilio/${line.tenantId}/voice`;
  const postedAt = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(line.authToken, url, form),
    },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const twiml = await res.text();
  const answeredAt = performance.now();
  const streamUrl = /<Stream url="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, "&");
  if (!res.ok || !streamUrl) throw new Error(`voice webhook: HTTP ${res.status} ${twiml}`);
  const twilio = await TwilioCall.connect(streamUrl, ids);
  const connectedAt = performance.now();
  twilio.begin();
  const call: LiveCall = { twilio, callId: "", utterances: 0, timer: null };
  live.push(call);
  // Callers do not all talk in step: spread the first utterance over a second.
  talk(call, speech, dial.firstTalkMs + (index % 10) * 100, dial);
  return {
    call,
    answerMs: Math.round(answeredAt - postedAt),
    connectMs: Math.round(connectedAt - answeredAt),
  };
}

/** The gateway's call ids, found by the CallSids Twilio gave (its providerCallId). */
async function findCallIds(dial: DialOrder, line: PhoneLine, calls: LiveCall[]): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (calls.some((c) => c.callId === "")) {
    const page = await restOk<{ data: Array<{ id: string; providerCallId: string | null }> }>(
      dial.baseUrl,
      line.key,
      "GET",
      "/v1/conversations?channel=phone&limit=200",
    );
    const bySid = new Map(page.data.map((c) => [c.providerCallId, c.id]));
    for (const call of calls) call.callId ||= bySid.get(call.twilio.ids.callSid) ?? "";
    if (performance.now() > deadline) throw new Error("phone calls not found by their CallSid");
    await Bun.sleep(200);
  }
}

async function dialAll(dial: DialOrder): Promise<void> {
  const line = dial.line;
  if (line.kind !== "phone") throw new Error(`phone callers cannot dial a ${line.kind} line`);
  const speech = speechChunks(dial.wavPath);
  const results = await Promise.allSettled(
    Array.from({ length: dial.calls }, (_, i) => dialOne(dial, line, i, speech)),
  );
  const dialled = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  await findCallIds(dial, line, live);
  send({
    type: "dialled",
    calls: dialled.map(
      (c): DialledCall => ({
        callId: c.call.callId,
        answerMs: c.answerMs,
        connectMs: c.connectMs,
        pair: null,
      }),
    ),
    failures: results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : [])),
  });
}

function hangUp(): void {
  const heard: HeardCall[] = live.map((call) => {
    if (call.timer) clearTimeout(call.timer);
    call.twilio.hangUp();
    return { callId: call.callId, utterances: call.utterances, audibleMs: call.twilio.audibleMs };
  });
  send({ type: "hungUp", calls: heard });
  // Let the IPC message and the sockets' last frames go out before leaving.
  setTimeout(() => process.exit(0), 200);
}

process.on("message", (message: ToCaller) => {
  if (message.type === "dial") void dialAll(message).catch((error) => send(failed(error)));
  else if (message.type === "hangUp") hangUp();
});
startClock();
send({ type: "ready" });

function failed(error: unknown): FromCaller {
  return { type: "dialled", calls: [], failures: [String(error)] };
}
