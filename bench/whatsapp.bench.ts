// WhatsApp call benchmark (issue 4, "Benchmark additions"): the real gateway and the model
// simulator (real-time pacing) as child processes, the fake Graph API and real wrtc callers in
// this process, all on loopback. Each inbound call is timed from the signed connect webhook to
// `pre_accept` and `accept` arriving at the Graph API and to the caller first hearing the
// agent; the gateway's stored call times are read back. Results go into BENCHMARKS.md.
//
//   bun bench/whatsapp.bench.ts                        both batches, into BENCHMARKS.md
//   bun bench/whatsapp.bench.ts --calls 10 --concurrency 2 [--answer-on accept]
//                                                      one batch, BENCHMARKS.md untouched

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { APP_SECRET } from "../test/whatsapp-line";
import { Children } from "./harness/children";
import { startGateway } from "./harness/gateway-process";
import { networkMode, rerunInLoopbackNamespace } from "./harness/loopback-namespace";
import { thisMachine } from "./harness/machine";
import { startSimulator } from "./harness/simulator-process";
import { timeAnswers } from "./whatsapp/answer-timing";
import { type BatchPlan, type BatchResult, runBatch } from "./whatsapp/call-batch";
import { type CallFigures, callFigures } from "./whatsapp/call-figures";
import { GatewayRest } from "./whatsapp/gateway-rest";
import { answerLines, consoleLines, writeWhatsAppSection } from "./whatsapp/results-markdown";
import { TimedGraphApi } from "./whatsapp/timed-graph-api";

const COMMAND = "bun bench/whatsapp.bench.ts";
const ADMIN_KEY = "av_admin_whatsapp-bench-0123456789abcdef";
const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const ANSWER_RUNS = 40;
/** More failed calls than this share fails the run (and leaves BENCHMARKS.md alone). */
const MAX_FAILED_SHARE = 0.05;

const exitCode = rerunInLoopbackNamespace();
if (exitCode !== null) process.exit(exitCode);
const network = networkMode();
if (network === "the host network")
  console.warn("unshare -rn is not available: on the host network");

const { values: args } = parseArgs({
  options: {
    calls: { type: "string" },
    concurrency: { type: "string", default: "4" },
    "hold-ms": { type: "string", default: "1000" },
    "answer-on": { type: "string", default: "pre_accept" },
  },
});
const holdMs = Number(args["hold-ms"]);
const common = { holdMs, timeoutMs: 10_000 };
// The caller sets media up from pre_accept's answer, as WhatsApp does (--answer-on accept to not).
const answerOn = args["answer-on"] === "accept" ? "accept" : "pre_accept";
const plans: BatchPlan[] = args.calls
  ? [
      {
        label: "custom",
        calls: Number(args.calls),
        concurrency: Number(args.concurrency),
        answerOn,
        warmUpCalls: 1,
        ...common,
      },
    ]
  : [
      { label: "one at a time", calls: 20, concurrency: 1, answerOn, warmUpCalls: 2, ...common },
      { label: "four at a time", calls: 40, concurrency: 4, answerOn, warmUpCalls: 0, ...common },
    ];
const writeResults =
  args.calls === undefined && args["hold-ms"] === "1000" && answerOn === "pre_accept";
const log = (line: string) => console.log(line);

const children = new Children();
const graph = new TimedGraphApi();
const dir = mkdtempSync(join(tmpdir(), "astra-whatsapp-bench-"));
const onSignal = () => void children.stopAll(2000).finally(() => process.exit(130));
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

let failed = false;
try {
  log(`answering ${ANSWER_RUNS} WhatsApp offers in this process (no other load)`);
  const answers = await timeAnswers(ANSWER_RUNS);
  for (const line of answerLines(answers)) log(line);
  const simulator = await startSimulator(children, join(dir, "simulator.log"));
  const gateway = await startGateway(children, {
    dir,
    adminKey: ADMIN_KEY,
    simulatorUrl: simulator.url,
    env: { WHATSAPP_GRAPH_URL: graph.url, WHATSAPP_APP_SECRET: APP_SECRET },
  });
  const rest = new GatewayRest(gateway.baseUrl, ADMIN_KEY);
  const tenantKey = await rest.metaLine(graph.fake.accessToken);
  const results: Array<{ batch: BatchResult; figures: CallFigures }> = [];
  for (const plan of plans) {
    log(`${plan.label}: ${plan.calls} calls, ${plan.concurrency} at a time`);
    const result = await runBatch({ rest, graph, tenantKey, appSecret: APP_SECRET, log }, plan);
    const figures = callFigures(result);
    results.push({ batch: result, figures });
    for (const line of consoleLines(result, figures)) log(line);
    for (const failure of result.failures.slice(0, 5)) log(`  failed: ${failure}`);
    const broken = result.failures.length + result.silentCalls;
    if (broken > plan.calls * MAX_FAILED_SHARE)
      throw new Error(`${broken} of ${plan.calls} calls failed:\n${gateway.logTail()}`);
  }
  if (writeResults) {
    const markdown = readFileSync(BENCHMARKS_MD, "utf8");
    const run = { command: COMMAND, machine: thisMachine(), network, answers, results };
    writeFileSync(BENCHMARKS_MD, writeWhatsAppSection(markdown, run));
    log(`results written to ${BENCHMARKS_MD}`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await children.stopAll();
  graph.stop();
  if (failed) console.error(`logs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
