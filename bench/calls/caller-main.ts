// Child process: a group of browser callers, each a real WebRTC peer (test/caller-peer.ts)
// dialling the gateway over loopback, talking now and then, until told to hang up.

import { CallerPeer } from "../../test/caller-peer";
import { readWav48kMono } from "../../test/wav";
import { restCall } from "../harness/rest";
import type { DialledCall, DialOrder, FromCaller, HeardCall, ToCaller } from "./caller-protocol";
import { loopbackCandidatesOnly, selectedPair } from "./loopback-sdp";

const CONNECT_TIMEOUT_MS = 15_000;

interface LiveCall {
  callId: string;
  peer: CallerPeer;
  utterances: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const calls: LiveCall[] = [];
let order: DialOrder | null = null;

function send(message: FromCaller): void {
  process.send?.(message);
}

function connected(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === "connected") return resolve();
    const timer = setTimeout(() => reject(new Error("media did not connect")), CONNECT_TIMEOUT_MS);
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "connected") {
        clearTimeout(timer);
        resolve();
      } else if (pc.connectionState === "failed") {
        clearTimeout(timer);
        reject(new Error("media connection failed"));
      }
    });
  });
}

/** Plays the recording, then again after each pause, up to the order's limit. */
function talk(call: LiveCall, pcm: Int16Array, delayMs: number, dial: DialOrder): void {
  call.timer = setTimeout(() => {
    call.timer = null;
    if (call.utterances >= dial.maxUtterances) return;
    call.peer.play(pcm);
    call.utterances++;
    talk(call, pcm, pcm.length / 48 + dial.pauseMs, dial);
  }, delayMs);
}

async function dialOne(dial: DialOrder, index: number, pcm: Int16Array): Promise<DialledCall> {
  const line = dial.line;
  if (line.kind !== "web") throw new Error(`browser callers cannot dial a ${line.kind} line`);
  await Bun.sleep(index * dial.staggerMs);
  const peer = new CallerPeer();
  let reply: { status: number; body: { callId: string; sdp: string } };
  let postedAt = 0;
  try {
    const sdp = loopbackCandidatesOnly(await peer.offer());
    postedAt = performance.now();
    reply = await restCall(dial.baseUrl, line.key, "POST", "/v1/calls/web", {
      agentId: line.agentId,
      sdp,
    });
  } catch (error) {
    peer.close();
    throw error;
  }
  const answeredAt = performance.now();
  if (reply.status !== 201) {
    peer.close();
    throw new Error(`POST /v1/calls/web: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  const call: LiveCall = { callId: reply.body.callId, peer, utterances: 0, timer: null };
  calls.push(call);
  await peer.answer(loopbackCandidatesOnly(reply.body.sdp));
  await connected(peer.pc);
  const connectedAt = performance.now();
  // Callers do not all talk in step: spread the first utterance over a second.
  talk(call, pcm, dial.firstTalkMs + (index % 10) * 100, dial);
  return {
    callId: call.callId,
    answerMs: Math.round(answeredAt - postedAt),
    connectMs: Math.round(connectedAt - answeredAt),
    pair: await selectedPair(peer.pc),
  };
}

async function dialAll(dial: DialOrder): Promise<void> {
  order = dial;
  const pcm = readWav48kMono(dial.wavPath);
  const results = await Promise.allSettled(
    Array.from({ length: dial.calls }, (_, i) => dialOne(dial, i, pcm)),
  );
  send({
    type: "dialled",
    calls: results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
    failures: results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : [])),
  });
}

async function hangUp(): Promise<void> {
  const heard: HeardCall[] = [];
  await Promise.allSettled(
    calls.map(async (call) => {
      if (call.timer) clearTimeout(call.timer);
      if (order)
        await restCall(order.baseUrl, order.line.key, "DELETE", `/v1/calls/${call.callId}`);
    }),
  );
  for (const call of calls) {
    heard.push({
      callId: call.callId,
      utterances: call.utterances,
      audibleMs: call.peer.audibleMs(),
    });
    call.peer.close();
  }
  send({ type: "hungUp", calls: heard });
  // Let the IPC message go out before leaving.
  setTimeout(() => process.exit(0), 200);
}

process.on("message", (message: ToCaller) => {
  if (message.type === "dial") void dialAll(message);
  else if (message.type === "hangUp") void hangUp();
});
send({ type: "ready" });
