// Turns a run's figures into console lines and into the "## WhatsApp calls" section of
// BENCHMARKS.md (replaced in place; every other section is left as it was).

import type { Machine } from "../harness/machine";
import { withSection } from "../harness/markdown-sections";
import { SIMULATOR_PACING } from "../harness/simulator-process";
import type { AnswerTiming } from "./answer-timing";
import type { BatchResult } from "./call-batch";
import { type CallFigures, SLOW_ANSWER_MS } from "./call-figures";
import type { Spread } from "./spread";

const TARGET_PRE_ACCEPT_P50_MS = 50;

export interface WhatsAppRun {
  command: string;
  machine: Machine;
  network: string;
  answers: AnswerTiming;
  results: Array<{ batch: BatchResult; figures: CallFigures }>;
}

const ms = (value: number | null) => (value === null ? "–" : String(Math.round(value)));
const ms1 = (value: number | null) => (value === null ? "–" : value.toFixed(1));
const p50p99 = (s: Spread, format = ms) => `${format(s.p50)} / ${format(s.p99)}`;

export function consoleLines(batch: BatchResult, f: CallFigures): string[] {
  return [
    `  ${batch.timings.length} calls heard the agent, ${batch.silentCalls} silent, ${batch.failures.length} failed, in ${batch.wallSeconds.toFixed(1)} s, bench loop lag p99 ${ms1(batch.benchLoopLagP99Ms)} ms`,
    `  webhook ack ${p50p99(f.ackMs, ms1)} | pre_accept ${p50p99(f.preAcceptMs, ms1)} | accept ${p50p99(f.acceptMs, ms1)} ms (p50 / p99)`,
    `  caller connected ${p50p99(f.callerConnectedMs, ms1)} | first audio out ${p50p99(f.firstAudioOutMs)} | heard ${p50p99(f.firstHeardMs, ms1)} ms`,
    `  record created ${p50p99(f.recordCreatedMs)} | received→media ${p50p99(f.receivedToMediaConnectedMs)} | received→first audio ${p50p99(f.receivedToFirstAudioMs)} | media→first audio ${p50p99(f.mediaConnectedToFirstAudioMs)} ms`,
    `  pre_accept over ${SLOW_ANSWER_MS} ms in ${f.slowPreAccepts}/${batch.timings.length} calls`,
  ];
}

export function answerLines(a: AnswerTiming): string[] {
  return [
    `  answerWebRtcOffer ${p50p99(a.answerMs, ms1)} ms (over ${SLOW_ANSWER_MS} ms in ${a.slowAnswers}/${a.runs})`,
    `  bare: describe ${p50p99(a.describeMs, ms1)}, UDP candidates ${p50p99(a.udpCandidatesMs, ms1)}, complete ${p50p99(a.gatheringMs, ms1)}, complete with no peer ${p50p99(a.gatheringNoPeerMs, ms1)} ms`,
  ];
}

/** BENCHMARKS.md with its WhatsApp section replaced (or added at the end). */
export function writeWhatsAppSection(markdown: string, run: WhatsAppRun): string {
  return withSection(markdown, renderSection(run));
}

function renderSection(run: WhatsAppRun): string {
  const { machine: m, answers: a } = run;
  const first = run.results[0]?.figures;
  const verdicts = run.results.map(({ batch, figures }) => {
    const p50 = figures.preAcceptMs.p50;
    const met = p50 !== null && p50 < TARGET_PRE_ACCEPT_P50_MS;
    const n = batch.plan.concurrency;
    return `${met ? "**met**" : "**missed**"} with ${n} call${n > 1 ? "s" : ""} at a time (p50 ${ms1(p50)} ms, p99 ${ms1(figures.preAcceptMs.p99)} ms)`;
  });
  const pacing = SIMULATOR_PACING;
  return `## WhatsApp calls

Command: \`${run.command}\` (also run by \`npm run bench\`). Machine: ${m.cores} cores (\`nproc\`), ${m.cpuModel}, Bun ${m.bunVersion}, ${m.date}. Shared machine: other work ran at the same time.

Set-up: the gateway (\`bun src/main.ts\`, \`LOG_LEVEL=warn\`, libSQL file, no STUN/TURN server) and the model simulator (${pacing.chunkMs} ms chunks at ${pacing.playbackSpeed}x, first audio ${pacing.firstAudioDelayMs} ms after \`response.create\`) each in a child process; the fake Graph API (\`test/fake-graph-api.ts\`) and the callers in the benchmark's process; all on loopback (${run.network}). One tenant with a published agent, a \`whatsapp_cloud\` credential and a binding, made through the REST API. Each call: a real wrtc caller makes a WhatsApp-style offer (\`a=ice-lite\`, WhatsApp's Opus fmtp; \`test/caller-peer.ts\`), the connect webhook is POSTed signed with the platform app secret, the caller applies the answer as soon as \`pre_accept\` brings it (as WhatsApp does), stays on 1 s after first hearing the agent, and a signed terminate webhook ends the call.

Times from the moment the webhook is sent, on the benchmark's clock: **ack** (its 200 answer), **pre_accept** / **accept** (the request fully received by the fake Graph API), **caller connected** (the caller's peer connection \`connected\`), **heard** (the first decoded 10 ms frame above -40 dBFS at the caller). **Audio out** is the gateway's own \`first_agent_audio_at\` (first agent frame handed to WebRTC) against the same send time, both wall clocks of this machine, millisecond timestamps; **received → audio out** uses only the gateway's timestamps. Percentiles are nearest-rank, so with 20 or 40 calls p99 is the slowest call. The benchmark's event loop ran late by at most the "bench loop lag" at p99, which bounds what its own clock adds. A call counts as silent when its media connected but the agent was never heard.

Target (issue 4): webhook received → \`pre_accept\` sent under ${TARGET_PRE_ACCEPT_P50_MS} ms at p50. This run: ${verdicts.join("; ")}.

| calls at a time | calls heard / silent / failed | ack p50 / p99 | pre_accept p50 / p99 | accept p50 / p99 | caller connected p50 / p99 | audio out p50 / p99 | heard p50 / p99 | received → audio out p50 / p99 | bench loop lag p99 |
|---|---|---|---|---|---|---|---|---|---|
${run.results.map(({ batch, figures: f }) => `| ${batch.plan.concurrency} | ${batch.timings.length} / ${batch.silentCalls} / ${batch.failures.length} | ${p50p99(f.ackMs, ms1)} | ${p50p99(f.preAcceptMs, ms1)} | ${p50p99(f.acceptMs, ms1)} | ${p50p99(f.callerConnectedMs)} | ${p50p99(f.firstAudioOutMs)} | ${p50p99(f.firstHeardMs)} | ${p50p99(f.receivedToFirstAudioMs)} | ${ms1(batch.benchLoopLagP99Ms)} |`).join("\n")}

### Where the time to \`pre_accept\` goes

Before \`pre_accept\` the gateway checks the signature, acknowledges, looks up binding, credential and agent, answers the offer with wrtc and POSTs; the call's \`received_at\` is written after that (webhook → \`received_at\` p50 ${ms(first?.recordCreatedMs.p50 ?? null)} ms in the first row), so it is not the time the webhook arrived. The answer is timed here alone in the benchmark's process (${a.runs} answers, each to a fresh live caller, nothing else running), and its steps on a bare peer connection:

| step | p50 / p99 (ms) |
|---|---|
| \`answerWebRtcOffer\` as the gateway calls it (over ${SLOW_ANSWER_MS} ms in ${a.slowAnswers} of ${a.runs}) | ${p50p99(a.answerMs, ms1)} |
| setRemoteDescription + createAnswer + setLocalDescription | ${p50p99(a.describeMs, ms1)} |
| setLocalDescription → last UDP host candidate | ${p50p99(a.udpCandidatesMs, ms1)} |
| setLocalDescription → libwebrtc's gathering "complete" | ${p50p99(a.gatheringMs, ms1)} |
| the same, nobody answering ICE checks (the fixture's offer) | ${p50p99(a.gatheringNoPeerMs, ms1)} |

Without a STUN or TURN server the gateway sends its answer a few milliseconds after the last UDP host candidate, the only kind a WhatsApp answer here can use, instead of waiting for libwebrtc's "complete" (commit d8ca27d). "Complete" comes only after later allocation steps 50 ms apart (the TCP candidates come last): at once or one step later when the caller has already answered an ICE check, about 100 ms when nobody answers, as when checks take a real network's round trip. Before that change webhook → \`pre_accept\` was either about 7 or about 57 ms per call and its p50 swung across the target from run to run. With a STUN or TURN server configured the gateway still waits for "complete" (at most its 3 s gathering timeout), so expect the 50–100 ms wait there. With several calls at a time the answers also queue behind each other's work.

${afterPreAccept(first)}
`;
}

function afterPreAccept(f: CallFigures | undefined): string {
  if (!f) return "";
  const hearing =
    f.firstHeardMs.p50 !== null && f.firstAudioOutMs.p50 !== null
      ? f.firstHeardMs.p50 - f.firstAudioOutMs.p50
      : null;
  return `After \`pre_accept\` (first row, p50): the caller's media connects ${ms(f.receivedToMediaConnectedMs.p50)} ms after \`received_at\` (p99 ${ms(f.receivedToMediaConnectedMs.p99)} ms). The greeting is asked of the model as soon as the model session is open, so its first audio leaves the gateway ${ms(f.receivedToFirstAudioMs.p50)} ms after \`received_at\`, most of it the simulator's ${SIMULATOR_PACING.firstAudioDelayMs} ms delay before its first audio (a live model's own delay takes its place); media connects well within that time. The caller hears it about ${ms(hearing)} ms after it leaves (p50 against p50), its wrtc receive path (jitter buffer, decoding) included.`;
}
