// Session-store latency: each operation's p50/p99, one call at a time, on every backend: memory,
// a redis-server on loopback (Bun's client) and a local Upstash REST server on loopback
// (@upstash/redis over HTTP, the server translating to that same redis-server). Also what a
// burst of concurrent lease attempts costs per operation. Rewrites "## Session store".
// Run: `bun bench/session-store.bench.ts` (or `npm run bench` for every benchmark).

import { readFileSync, writeFileSync } from "node:fs";
import { BunRedisCommands } from "../src/session/bun-redis-commands";
import { MemorySessionStore } from "../src/session/memory-session-store";
import { RedisSessionStore } from "../src/session/redis-session-store";
import type { SessionStore } from "../src/session/session-store";
import { UpstashRestCommands } from "../src/session/upstash-rest-commands";
import { redisServerInstalled, startRedisServer } from "../test/redis-test-server";
import { startUpstashRestServer } from "../test/upstash-rest-server";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const SAMPLES = 2_000;
const WARMUP = 200;
const BURST = 50;
const BURSTS = 40;
const TTL_MS = 60_000;

type Operation = { name: string; run: (store: SessionStore, i: number) => Promise<unknown> };

// Keys rotate over a small set so reads and compares hit real values, as a lease renewal would.
const key = (name: string, i: number) => `bench:${name}:${i % 64}`;
const OPERATIONS: Operation[] = [
  { name: "get", run: (s, i) => s.get(key("value", i)) },
  { name: "set", run: (s, i) => s.set(key("value", i), "machine-a", TTL_MS) },
  {
    name: "setIfAbsent (new key)",
    run: (s, i) => s.setIfAbsent(`bench:receipt:${i}:${Math.random()}`, "1", TTL_MS),
  },
  {
    name: "compareAndSet (lease renewal)",
    run: (s, i) => s.compareAndSet(key("value", i), "machine-a", "machine-a", TTL_MS),
  },
  {
    name: "compareAndDelete (wrong owner)",
    run: (s, i) => s.compareAndDelete(key("value", i), "b"),
  },
  {
    name: "spend in window (rate limit)",
    run: (s, i) => s.spendInWindow(key("window", i), 1_000_000, TTL_MS),
  },
  {
    name: "acquireSlot (renewal, limit 100)",
    run: (s, i) => s.acquireSlot("bench:slots", `call-${i % 64}`, 100, TTL_MS),
  },
  { name: "slotsTaken", run: (s) => s.slotsTaken("bench:slots") },
];

interface Figures {
  p50Us: number;
  p99Us: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

function figures(samplesNs: number[]): Figures {
  const sorted = samplesNs.toSorted((a, b) => a - b);
  return { p50Us: percentile(sorted, 0.5) / 1e3, p99Us: percentile(sorted, 0.99) / 1e3 };
}

async function sequential(store: SessionStore, operation: Operation): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await operation.run(store, i);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = Bun.nanoseconds();
    await operation.run(store, i);
    samples.push(Bun.nanoseconds() - started);
  }
  return figures(samples);
}

/** BURST lease attempts at once (a webhook storm): the wall time of each burst, per operation. */
async function burst(store: SessionStore): Promise<number> {
  const perOperation: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const lease = `bench:burst:${b}:${Math.random()}`;
    const started = Bun.nanoseconds();
    await Promise.all(
      Array.from({ length: BURST }, (_, i) => store.setIfAbsent(lease, `m-${i}`, TTL_MS)),
    );
    perOperation.push((Bun.nanoseconds() - started) / BURST);
  }
  return (perOperation.toSorted((a, b) => a - b)[Math.floor(BURSTS / 2)] ?? 0) / 1e3;
}

const us = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

const columns: string[] = [];
const results = new Map<string, Figures[]>();
const bursts: string[] = [];

async function measure(label: string, store: SessionStore) {
  columns.push(label);
  for (const operation of OPERATIONS) {
    const figure = await sequential(store, operation);
    results.set(operation.name, [...(results.get(operation.name) ?? []), figure]);
    console.log(label, operation.name, us(figure.p50Us), us(figure.p99Us));
  }
  bursts.push(us(await burst(store)));
  await store.close();
}

await measure("memory", new MemorySessionStore());
if (redisServerInstalled) {
  const redis = await startRedisServer();
  const rest = await startUpstashRestServer(redis.url);
  try {
    await measure(
      "Redis (loopback)",
      new RedisSessionStore("redis", new BunRedisCommands(redis.url), "astra:"),
    );
    await measure(
      "Upstash REST (local server, loopback)",
      new RedisSessionStore(
        "upstash-rest",
        new UpstashRestCommands(rest.url, rest.token),
        "astra:",
      ),
    );
  } finally {
    await rest.close();
    await redis.close();
  }
} else {
  console.warn("redis-server is not installed: only the memory backend was measured");
}

const machine = thisMachine();
const header = `| operation | ${columns.map((c) => `${c} p50 / p99 µs`).join(" | ")} |`;
const rule = `| --- | ${columns.map(() => "---:").join(" | ")} |`;
const rows = OPERATIONS.map(
  (operation) =>
    `| ${operation.name} | ${(results.get(operation.name) ?? [])
      .map((f) => `${us(f.p50Us)} / ${us(f.p99Us)}`)
      .join(" | ")} |`,
);
const section = `## Session store

Command: \`bun bench/session-store.bench.ts\` (also run by \`npm run bench\`). Machine:
${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, Bun ${machine.bunVersion}, ${machine.date}.
Shared machine: other work ran at the same time, so compare backends within one run.

Each operation ran ${SAMPLES} times one after another (after ${WARMUP} warm-up calls), timed from
the call to its answer; keys rotate over 64 values so reads, compares and renewals meet real
entries. **Redis** is a local \`redis-server\` over loopback TCP through Bun's built-in client;
**Upstash REST** is \`@upstash/redis\` posting JSON over loopback HTTP to the test suite's
Upstash-protocol server (test/upstash-rest-server.ts, in the same process), which hands each
command to that same redis-server. Loopback hides the network: against a real Redis or Upstash
add one round trip per operation (well under a millisecond in the same Fly region, tens of
milliseconds across regions), which is why a call should read its lease once and renew it in
the background rather than consult the store on every request. Every operation except get, set
and setIfAbsent (single commands) is one Lua script. The REST column's p99 also carries the test
server's own work and garbage collection, on the same thread as the client being timed.

${header}
${rule}
${rows.join("\n")}

Bursts of ${BURST} concurrent \`setIfAbsent\` calls on one lease (a webhook delivered to many
machines at once; one wins), median wall time of a burst divided by ${BURST}, µs per operation:
${columns.map((c, i) => `${c} ${bursts[i]}`).join("; ")}. Concurrent calls share the connection
(Bun's client pipelines them; \`@upstash/redis\` batches them into \`/pipeline\` requests).
`;
writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
console.log("results written to BENCHMARKS.md");
