// The phone-call benchmark's section of BENCHMARKS.md: phone and WebRTC calls side by side
// (capacity, latency), and the WASM conversions' share of a phone call's CPU.

import { THREAD_ROLES } from "../calls/results-markdown";
import type { ScenarioResult } from "../calls/scenario";
import type { Machine } from "../harness/machine";
import { conversionMs } from "./conversion-cost";

export interface ChannelRun {
  channel: string;
  result: ScenarioResult;
}

export interface PhoneRun extends Machine {
  runs: ChannelRun[];
  command: string;
  /** 1-minute load average when the run began. */
  loadAverage: number;
  steadySeconds: number;
  network: string;
}

/** Conversions by kind, in the order a phone call's audio meets them. */
const CONVERSIONS = ["µ-law decode", "8k→48k", "48k→24k", "24k→48k", "48k→8k", "µ-law encode"];

const ms = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v}`);
const fixed = (v: number, digits = 1) => v.toFixed(digits);

/** Gateway CPU per call, in ms per second of call. */
function cpuPerCallMs(r: ScenarioResult): number {
  return (r.load.cores / Math.max(1, r.dialled.length)) * 1000;
}

function conversionTotal(r: ScenarioResult): number {
  return CONVERSIONS.reduce((sum, kind) => sum + conversionMs(r, kind), 0);
}

function capacityTable(runs: ChannelRun[]): string[] {
  return [
    "| calls | channel | connected | gateway CPU (cores) | CPU ms per call-second | calls per core | MB per added call | underruns (calls with any) | turns / barge-ins | agent heard per call (s) | callers CPU (cores) | machine busy (cores) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...runs.map(({ channel, result: r }) => {
      const heard = r.heard.reduce((sum, h) => sum + h.audibleMs, 0) / Math.max(1, r.heard.length);
      return `| ${[
        r.calls,
        channel,
        r.dialled.length,
        fixed(r.load.cores, 2),
        fixed(cpuPerCallMs(r)),
        fixed(r.callsPerCore),
        fixed(r.mbPerCall, 2),
        `${r.figures.underruns} (${r.figures.callsWithUnderruns})`,
        `${r.figures.turns} / ${r.figures.bargeIns}`,
        fixed(heard / 1000),
        fixed(r.load.others.callers ?? 0, 2),
        fixed(r.load.machineBusyCores, 2),
      ].join(" | ")} |`;
    }),
  ];
}

/** A sentence when phone calls had more playout underruns than WebRTC calls at a count. */
function underrunNote(runs: ChannelRun[]): string {
  const worse = runs.filter(({ channel, result }) => {
    const web = runs.find((r) => r.channel !== channel && r.result.calls === result.calls);
    return channel === "phone" && web && result.figures.underruns > web.result.figures.underruns;
  });
  if (worse.length === 0) return "";
  return `Phone calls had more playout underruns than WebRTC calls at ${worse.map((r) => r.result.calls).join(" and ")} calls (the calls' whole length, greeting included). Not explained yet; one difference: a phone call's media is up before its model session, so its greeting plays from the model's first chunk with only the 20 ms headroom, while a WebRTC greeting's first chunks wait in the queue while ICE and DTLS connect. With one phone call at a time and the simulator in the test's process, no underruns were seen in five runs.`;
}

function latencyTable(runs: ChannelRun[]): string[] {
  return [
    "| calls | channel | answer p50 | greeting p50 / p99 / max | reply p50 | inbound handler p50 / p99 worst call | outbound p50 / p99 worst call | event-loop wait p50 / p99 / max |",
    "|---|---|---|---|---|---|---|---|",
    ...runs.map(({ channel, result: r }) => {
      const f = r.figures;
      return `| ${[
        r.calls,
        channel,
        ms(r.answerMsP50),
        `${ms(f.greetingP50Ms)} / ${ms(f.greetingP99Ms)} / ${ms(f.greetingMaxMs)}`,
        ms(f.responseLatencyP50Ms),
        `${ms(f.inbound.p50Ms)} / ${ms(f.inbound.worstP99Ms)}`,
        `${ms(f.outbound.p50Ms)} / ${ms(f.outbound.worstP99Ms)}`,
        `${ms(r.loadLag.p50Ms)} / ${ms(r.loadLag.p99Ms)} / ${ms(r.loadLag.maxMs)}`,
      ].join(" | ")} |`;
    }),
  ];
}

/** ms of CPU per call-second of one gateway thread (by name). */
function threadMs(r: ScenarioResult, name: string): number {
  const thread = r.load.threads.find((t) => t.name === name);
  return thread
    ? (thread.cpuSeconds / r.load.wallSeconds / Math.max(1, r.dialled.length)) * 1000
    : 0;
}

function threadTable(runs: ChannelRun[]): string[] {
  const names = [
    ...new Set(runs.flatMap(({ result }) => result.load.threads.slice(0, 6).map((t) => t.name))),
  ];
  return [
    `| thread | ${runs.map(({ channel, result }) => `${result.calls} ${channel}`).join(" | ")} | what it is |`,
    `|---|${runs.map(() => "---|").join("")}---|`,
    ...names.map(
      (name) =>
        `| ${name} | ${runs.map(({ result }) => fixed(threadMs(result, name))).join(" | ")} | ${THREAD_ROLES[name] ?? ""} |`,
    ),
    `| all threads | ${runs.map(({ result }) => fixed(cpuPerCallMs(result))).join(" | ")} | |`,
  ];
}

function conversionTable(runs: ChannelRun[]): string[] {
  return [
    `| calls | channel | ${CONVERSIONS.join(" | ")} | all conversions | share of the call's gateway CPU |`,
    `|---|---|${CONVERSIONS.map(() => "---|").join("")}---|---|`,
    ...runs.map(({ channel, result: r }) => {
      const total = conversionTotal(r);
      return `| ${[
        r.calls,
        channel,
        ...CONVERSIONS.map((kind) => fixed(conversionMs(r, kind), 3)),
        fixed(total, 3),
        `${fixed((total / cpuPerCallMs(r)) * 100)} %`,
      ].join(" | ")} |`;
    }),
  ];
}

/** What a pcmu path would still convert with recordings on, and what it could spare. */
const SPARED = ["48k→24k", "48k→8k", "µ-law encode"];

function decision(phone: ScenarioResult | undefined): string {
  if (!phone) return "";
  const all = conversionTotal(phone);
  const spared = SPARED.reduce((sum, kind) => sum + conversionMs(phone, kind), 0);
  const cpu = cpuPerCallMs(phone);
  const worker = threadMs(phone, "Worker");
  const pct = (part: number, whole: number) => `${fixed((part / whole) * 100)} %`;
  return [
    `A phone call's audio meets all six: the leg decodes Twilio's µ-law and resamples 8 → 48 kHz (the engine's frames), the session resamples 48 → 24 kHz for the model, and back: 24 → 48 kHz for playout, 48 → 8 kHz and µ-law for Twilio. At ${phone.calls} phone calls they took ${fixed(all, 2)} ms per call-second, ${pct(all, cpu)} of the call's ${fixed(cpu)} ms: the most that giving the model \`audio/pcmu\` could save in conversions. It could not save all of it: recordings (on by default) and the working cue need 48 kHz PCM, so the caller's µ-law would still be decoded and resampled 8 → 48 kHz, and the agent's 8 kHz audio resampled to 48 kHz for the recording in place of 24 → 48 kHz. What it would spare is the 48 → 24, 48 → 8 and µ-law encode columns, ${fixed(spared, 2)} ms (${pct(spared, cpu)}), plus what the model wire's smaller messages save (measured under "Model audio on the wire"). Without recordings, whose encoder thread is ${fixed(worker)} ms of the ${fixed(cpu)}, the conversions are ${pct(all, cpu - worker)} of what is left.`,
    "",
    `**Decision: the WASM core keeps converting; the model leg stays on 24 kHz PCM for every channel.** Taking those ${pct(spared, cpu)} and the wire's share would need a second audio path through the call engine for one channel: raw µ-law beside the 48 kHz frames from the leg to the model, µ-law replies queued, paced and cut on barge-in beside the PCM playout (agent-line timing and heard milliseconds at 8 kHz), the working cue encoded to µ-law, the recording fed from decoded µ-law, and a model leg that speaks both formats. The conversions are cheap because the WASM core is (see Resampler); the simulator speaks \`audio/pcmu\` and \`audio/pcma\` both ways (\`src/models/simulator/audio-formats.ts\`, tested), so such a path could be built and measured offline should phone calls without recordings come to dominate.`,
  ].join("\n");
}

export function phoneSection(run: PhoneRun): string {
  const phone = run.runs.filter((r) => r.channel === "phone").at(-1)?.result;
  return [
    "## Phone calls (Twilio Media Streams)",
    "",
    `Command: \`${run.command}\` (\`npm run bench\` runs it with its defaults: 10, 25 and 50 calls). Machine: ${run.cores} cores (\`nproc\`), ${run.cpuModel}, Bun ${run.bunVersion}, ${run.date}. **Taken on a busy machine**: other work ran beside it (1-minute load average ${fixed(run.loadAverage)} when it began; the last column of the first table is the whole machine's busy cores in each window), so compare the two channels within one call count, not these figures with other days'. To be rerun on a quiet machine with the command above.`,
    "",
    `Set-up as under "Concurrent calls" (a fresh \`bun src/main.ts\` per scenario, \`LOG_LEVEL=warn\`, libSQL file, recording on; the model simulator at real time, 60 ms chunks, first audio 150 ms after \`response.create\`; ${run.network}; 2 warm-up calls, 5 s idle, then N calls 120 ms apart per caller process, ${run.steadySeconds} s steady-state window after every call is connected and 6 s more). At each call count the WebRTC scenario and the phone scenario run one after the other with the same callers' script: the greeting, then \`en-hours.wav\` (3.4 s) 4 s after media connects and again after every 7 s pause. **Phone callers** (one process per 25 calls, \`nice 10\`) play Twilio's side: the voice webhook signed with \`X-Twilio-Signature\`, the \`<Connect><Stream>\` socket it names, \`connected\` and \`start\`, one 160-byte µ-law \`media\` chunk every 20 ms (the recording resampled to 8 kHz, µ-law silence between utterances), the gateway's audio played back at real time with each \`mark\` echoed once the audio before it has played (and at once on \`clear\`), and \`stop\` with the socket closed to hang up. WebRTC callers are the call benchmark's (real wrtc peers, two processes).`,
    "",
    ...capacityTable(run.runs),
    "",
    underrunNote(run.runs),
    "",
    "**Answer** is offer → answer for WebRTC (`POST /v1/calls/web`) and voice webhook → TwiML for phone. **Greeting**, **reply**, **inbound** and **outbound** are the calls' stored metrics, as under Latency: greeting is media connected → first agent audio handed to the leg, including the simulator's 150 ms. A phone call's media counts as connected at the stream's `start`, which is also when its call session starts and opens the model session, so the model's connect time is inside the phone figure; a WebRTC call's model session opens while ICE and DTLS connect. **Reply** is the caller's turn ending (the model's `speech_stopped`) → first agent audio out, also with the 150 ms. For phone, the caller hears it after Twilio's own network path and jitter buffer, which cannot be measured here. The event-loop wait is the gateway's (the call benchmark's probe). All in ms.",
    "",
    ...latencyTable(run.runs),
    "",
    "Where each call's CPU goes, ms per second per call by gateway thread (from `/proc/<pid>/task/*/stat`): a phone call has no libwebrtc threads (Opus encoding and decoding, RTP, SRTP, pacing), so it costs about half a WebRTC call; its largest share is the recording encoder, then the JavaScript thread.",
    "",
    ...threadTable(run.runs),
    "",
    "### Converting µ-law in the WASM core, or giving the model `audio/pcmu`",
    "",
    "Every sample-rate conversion (`Resampler.process`, copies into and out of WASM memory included) and every µ-law kernel call on the gateway's JavaScript thread was timed in the same runs (`bench/phone/conversion-meter.ts`, preloaded into the gateway of both channels; two clock reads per call, included in the CPU figures above). The slowest 1% of each kind are counted at its 99th percentile: on a shared machine a timed call now and then holds another process's whole time slice. Milliseconds per second of call:",
    "",
    ...conversionTable(run.runs),
    "",
    decision(phone),
  ].join("\n");
}
