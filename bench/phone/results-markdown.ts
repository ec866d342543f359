// The phone-call benchmark's section of BENCHMARKS.md: phone and WebRTC calls side by side
// (capacity, latency), and the WASM conversions' share of a phone call's CPU.

import type { ScenarioResult } from "../calls/scenario";
import type { Machine } from "../harness/machine";

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

/** ms of one kind of conversion per second per call in the steady window. */
function conversionMs(r: ScenarioResult, kind: string): number {
  return (r.counters[kind] ?? 0) / r.load.wallSeconds / Math.max(1, r.dialled.length);
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

export function phoneSection(run: PhoneRun): string {
  const phone = run.runs.filter((r) => r.channel === "phone").map((r) => r.result);
  const most = phone.length ? Math.max(...phone.map(conversionTotal)) : 0;
  const mostShare = phone.length
    ? Math.max(...phone.map((r) => conversionTotal(r) / cpuPerCallMs(r))) * 100
    : 0;
  return [
    "## Phone calls (Twilio Media Streams)",
    "",
    `Command: \`${run.command}\` (\`npm run bench\` runs it with its defaults: 10, 25 and 50 calls). Machine: ${run.cores} cores (\`nproc\`), ${run.cpuModel}, Bun ${run.bunVersion}, ${run.date}. **Taken on a busy machine**: other work ran beside it (1-minute load average ${fixed(run.loadAverage)} when it began; the last column of the first table is the whole machine's busy cores in each window), so compare the two channels within one call count, not these figures with other days'. To be rerun on a quiet machine with the command above.`,
    "",
    `Set-up as under "Concurrent calls" (a fresh \`bun src/main.ts\` per scenario, \`LOG_LEVEL=warn\`, libSQL file, recording on; the model simulator at real time, 60 ms chunks, first audio 150 ms after \`response.create\`; ${run.network}; 2 warm-up calls, 5 s idle, then N calls 120 ms apart per caller process, ${run.steadySeconds} s steady-state window after every call is connected and 6 s more). At each call count the WebRTC scenario and the phone scenario run one after the other with the same callers' script: the greeting, then \`en-hours.wav\` (3.4 s) 4 s after media connects and again after every 7 s pause. **Phone callers** (one process per 25 calls, \`nice 10\`) play Twilio's side: the voice webhook signed with \`X-Twilio-Signature\`, the \`<Connect><Stream>\` socket it names, \`connected\` and \`start\`, one 160-byte µ-law \`media\` chunk every 20 ms (the recording resampled to 8 kHz, µ-law silence between utterances), the gateway's audio played back at real time with each \`mark\` echoed once the audio before it has played (and at once on \`clear\`), and \`stop\` with the socket closed to hang up. WebRTC callers are the call benchmark's (real wrtc peers, two processes).`,
    "",
    "**Answer** is offer → answer for WebRTC (`POST /v1/calls/web`) and voice webhook → TwiML for phone. **Greeting**, **reply**, **inbound** and **outbound** are the calls' stored metrics, as under Latency: greeting is media connected (phone: the stream's `start`) → first agent audio handed to the leg, including the simulator's 150 ms; for phone the caller hears it after Twilio's own network path and jitter buffer, which cannot be measured here. The event-loop wait is the gateway's (the call benchmark's probe).",
    "",
    ...capacityTable(run.runs),
    "",
    ...latencyTable(run.runs),
    "",
    "### Converting µ-law in the WASM core, or giving the model `audio/pcmu`",
    "",
    "Every sample-rate conversion (`Resampler.process`, copies into and out of WASM memory included) and every µ-law kernel call on the gateway's JavaScript thread was timed in the same runs (`bench/phone/conversion-meter.ts`, preloaded into the gateway of both channels; two clock reads per call, included in the CPU figures above). Milliseconds per second of call:",
    "",
    ...conversionTable(run.runs),
    "",
    `A phone call's audio meets all six: the leg decodes Twilio's µ-law and resamples 8 → 48 kHz (the engine's frames), the session resamples 48 → 24 kHz for the model, and back: 24 → 48 kHz for playout, 48 → 8 kHz and µ-law for Twilio. Giving the model \`audio/pcmu\` directly could at most save all of it: ${fixed(most, 3)} ms per call-second here, ${fixed(mostShare)} % of a phone call's gateway CPU at most.`,
  ].join("\n");
}
