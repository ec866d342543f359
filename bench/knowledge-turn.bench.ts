// What searching the knowledge base on every caller turn adds to a turn: the same call, the same
// caller recording, against the model simulator, with the model replying by itself (no knowledge)
// and with the gateway searching the shipped corpus (libSQL, offline embeddings, hybrid search)
// before it asks for the reply. Timed from the caller's speech stopping (the model's event) to
// the reply's first audio reaching the gateway. Rewrites "## Knowledge on each turn".
// Run: `bun bench/knowledge-turn.bench.ts` (also run by `npm run bench`); about a minute.

import { readFileSync, writeFileSync } from "node:fs";
import { CallSession } from "../src/calls/call-session";
import { MonotonicFrameClock } from "../src/calls/frame-clock";
import { KnowledgeTurns } from "../src/calls/knowledge-turns";
import { modelSettingsFor } from "../src/calls/model-settings-for-agent";
import { defaultAgentConfig } from "../src/domain/agent-config";
import { Embedders } from "../src/knowledge/embedder";
import { LocalEmbedder } from "../src/knowledge/local-embedder";
import { memoryLogger } from "../src/log/logger";
import { createOpenAIModelLeg } from "../src/models/openai/create-openai-model-leg";
import { startModelSimulator } from "../src/models/simulator/server";
import { callerRecording } from "../test/caller-audio";
import { corpusKnowledgeBase } from "../test/corpus-knowledge-base";
import { eventually } from "../test/eventually";
import { MemoryMediaLeg } from "../test/memory-media-leg";
import { RecordedCall } from "../test/recorded-call";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const TURNS = 10;
const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const { logger } = memoryLogger("error");

async function corpusSearch() {
  const { base, tenantId } = await corpusKnowledgeBase(
    new Embedders(new LocalEmbedder(512)),
    logger,
  );
  return (query: string, signal: AbortSignal) =>
    base.search({ tenantId, collectionIds: [], query, limit: 4, signal });
}

/** Milliseconds from each caller turn's end to its reply's first audio at the gateway. */
async function turnTimes(
  simUrl: string,
  withKnowledge: boolean,
  search: Awaited<ReturnType<typeof corpusSearch>>,
) {
  const config = defaultAgentConfig();
  const model = createOpenAIModelLeg({ apiKey: "sk-bench", baseUrl: simUrl });
  const searches: number[] = [];
  const knowledgeTurns = withKnowledge
    ? new KnowledgeTurns({
        model,
        search,
        budgetMs: 300,
        transcriptWaitMs: 1500,
        searched: (o) => searches.push(o.searchMs),
      })
    : undefined;
  const settings = modelSettingsFor(config, {}, [], undefined, {
    respondsAfterRetrieval: withKnowledge,
  });
  const media = new MemoryMediaLeg();
  const records = new RecordedCall();
  const session = new CallSession({
    id: "call_bench",
    config,
    context: {},
    media,
    model,
    modelConnection: model.connect(settings),
    clock: new MonotonicFrameClock(),
    records,
    log: logger,
    ...(knowledgeTurns ? { knowledgeTurns } : {}),
  });
  let stoppedAt = 0;
  const times: number[] = [];
  model.on("speechStopped", () => {
    stoppedAt = performance.now();
  });
  model.on("audio", () => {
    if (stoppedAt) times.push(performance.now() - stoppedAt);
    stoppedAt = 0;
  });
  session.start();
  media.connect();
  const replies = () => records.messages.filter((m) => m.role === "assistant").length;
  await eventually("the greeting", () => replies() >= 1, 10_000);
  for (let turn = 1; turn <= TURNS; turn++) {
    media.play(callerRecording("en-hours.wav"));
    await eventually("the reply", () => replies() >= turn + 1, 20_000);
  }
  await session.hangUp("hung_up_by_api");
  return { times, searches };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (v: number) => v.toFixed(1);

const sim = await startModelSimulator({ pacing: { playbackSpeed: 4, firstAudioDelayMs: 150 } });
try {
  const search = await corpusSearch();
  const plain = await turnTimes(sim.url, false, search);
  const searched = await turnTimes(sim.url, true, search);
  const added = pct(searched.times, 50) - pct(plain.times, 50);
  console.log(`without: ${plain.times.map(ms).join(", ")}`);
  console.log(
    `with:    ${searched.times.map(ms).join(", ")} (searches ${searched.searches.join(", ")} ms)`,
  );
  const machine = thisMachine();
  const section = [
    "## Knowledge on each turn",
    "",
    `Command: \`bun bench/knowledge-turn.bench.ts\` (also run by \`npm run bench\`). Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, Bun ${machine.bunVersion}, ${machine.date}. Shared machine.`,
    "",
    `One call in this process against the model simulator (first audio 150 ms after \`response.create\`), ${TURNS} caller turns of the same recording. Without knowledge the model replies by itself when its turn detection ends the turn; with knowledge the gateway waits for the caller's final transcript, searches the shipped corpus (12 documents, libSQL \`:memory:\`, offline embeddings, hybrid search, 4 passages) within a 300 ms budget, adds the passages as a note, then asks for the reply. Timed from the model's \`speech_stopped\` to the reply's first audio at the gateway.`,
    "",
    "| | p50 (ms) | max (ms) |",
    "|---|---|---|",
    `| model replies by itself | ${ms(pct(plain.times, 50))} | ${ms(Math.max(...plain.times))} |`,
    `| gateway searches, then asks | ${ms(pct(searched.times, 50))} | ${ms(Math.max(...searched.times))} |`,
    `| the search alone | ${ms(pct(searched.searches, 50))} | ${ms(Math.max(...searched.searches))} |`,
    "",
    `Per-turn retrieval added ${ms(added)} ms at p50 here. The simulator transcribes at once; with OpenAI the wait for the final transcript (the transcription model's own latency after the turn ends) comes on top, and is bounded by the 1.5 s transcript wait.`,
    "",
  ].join("\n");
  writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
  console.log("results written to BENCHMARKS.md");
} finally {
  await sim.stop();
}
