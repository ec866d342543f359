// Call ownership's cost: what the owner check adds to a webhook (the line's tenant, then the
// call's lease) and what a call pays at its start (taking its two leases), while it lasts
// (renewing them) and at its end (giving them back), on each session-store backend: memory and
// a redis-server on loopback. Rewrites "## Call ownership".
// Run: `bun bench/ownership.bench.ts` (or `npm run bench` for every benchmark).

import { readFileSync, writeFileSync } from "node:fs";
import { CallRegistry } from "../src/calls/call-registry";
import type { LineEvent, WebhookRoute, WhatsAppChannel } from "../src/calls/whatsapp/line-events";
import { Logger } from "../src/log/logger";
import { CallLeases, callLeaseKey, providerLeaseKey } from "../src/ownership/call-leases";
import { CallOwners } from "../src/ownership/call-owners";
import { BunRedisCommands } from "../src/session/bun-redis-commands";
import { MemorySessionStore } from "../src/session/memory-session-store";
import { RedisSessionStore } from "../src/session/redis-session-store";
import type { SessionStore } from "../src/session/session-store";
import { startTestApi } from "../test/api-harness";
import { redisServerInstalled, startRedisServer } from "../test/redis-test-server";
import { thisMachine } from "./harness/machine";
import { withSection } from "./harness/markdown-sections";

const BENCHMARKS_MD = new URL("../BENCHMARKS.md", import.meta.url).pathname;
const SAMPLES = 2_000;
const WARMUP = 200;
const TTL_MS = 60_000;
const PHONE_NUMBER_ID = "106540352242922";

const api = await startTestApi({ logLevel: "error" });
const { tenantId, key } = await api.tenantWithKey();
const agentId = (await api.call("POST", "/v1/agents", { key, body: { name: "Desk" } })).body.id;
await api.call("PUT", `/v1/tenants/${tenantId}/credentials/whatsapp_cloud`, {
  key,
  body: { kind: "whatsapp_cloud", accessToken: "bench-token" },
});
const bound = await api.call("POST", "/v1/bindings", {
  key,
  body: { agentId, channel: "whatsapp_cloud", address: PHONE_NUMBER_ID },
});
if (bound.status !== 201) throw new Error(`binding refused: ${JSON.stringify(bound.body)}`);

const log = new Logger("error");
const platform = { kind: "platform" } as const;
const terminate = (callId: string): LineEvent => ({
  type: "call_terminated",
  address: PHONE_NUMBER_ID,
  callId,
});
const tenantOfLine = async (route: WebhookRoute, channel: WhatsAppChannel, address: string) =>
  (await api.stores.bindings.resolveForRoute(route, channel, address))?.tenantId ?? null;

interface Figures {
  p50Us: number;
  p99Us: number;
}
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function time(run: (i: number) => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = Bun.nanoseconds();
    await run(WARMUP + i);
    samples.push(Bun.nanoseconds() - started);
  }
  const sorted = samples.toSorted((a, b) => a - b);
  return { p50Us: percentile(sorted, 0.5) / 1e3, p99Us: percentile(sorted, 0.99) / 1e3 };
}

type Step = { name: string; run: (store: SessionStore) => Promise<Figures> };

/** The owner check as the webhook route runs it, for a delivery about one call. */
function owners(store: SessionStore, machine: string) {
  const leases = new CallLeases({
    store,
    machine: { id: machine, region: null, onFly: true },
    ttlMs: TTL_MS,
    log,
  });
  leases.stop();
  const check = new CallOwners({
    registry: new CallRegistry(),
    leases,
    machine: { id: machine, region: null, onFly: true },
    tenantOfLine,
    log,
  });
  return { leases, check };
}

const never = new Promise<void>(() => {});
const STEPS: Step[] = [
  {
    name: "the line's tenant alone (libSQL, platform route)",
    run: () => time(() => tenantOfLine(platform, "whatsapp_cloud", PHONE_NUMBER_ID)),
  },
  {
    name: "webhook owner check: call unknown (acted on here, as before)",
    run: (store) => {
      const { check } = owners(store, "machine-b");
      return time((i) => check.ofDelivery("whatsapp_cloud", platform, [terminate(`wacid.x${i}`)]));
    },
  },
  {
    name: "webhook owner check: call on another machine (replayed)",
    run: async (store) => {
      const a = owners(store, "machine-a");
      for (let i = 0; i < 64; i++)
        await a.leases.hold(
          {
            callId: `call_${i}`,
            tenantId,
            agentId,
            channel: "whatsapp_cloud",
            providerCallId: `wacid.held${i}`,
          },
          never,
        );
      const { check } = owners(store, "machine-b");
      return time(async (i) => {
        const owner = await check.ofDelivery("whatsapp_cloud", platform, [
          terminate(`wacid.held${i % 64}`),
        ]);
        if (owner !== "machine-a") throw new Error("the lease was not found");
      });
    },
  },
  {
    name: "request owner check (hang-up, SSE): call on another machine",
    run: async (store) => {
      const { check } = owners(store, "machine-b");
      return time((i) => check.ofCall(`call_${i % 64}`));
    },
  },
  {
    name: "call start: take both leases",
    run: (store) => {
      const { leases } = owners(store, "machine-c");
      return time((i) =>
        leases.hold(
          {
            callId: `call_start${i}`,
            tenantId,
            agentId,
            channel: "whatsapp_cloud",
            providerCallId: `wacid.start${i}`,
          },
          never,
        ),
      );
    },
  },
  {
    name: "renewal of one call's two leases (every third of a lease)",
    run: (store) =>
      time((i) => {
        const value = "machine-c";
        return Promise.all([
          store.compareAndSet(callLeaseKey(`call_start${i}`), value, value, TTL_MS),
          store.compareAndSet(
            providerLeaseKey(tenantId, "whatsapp_cloud", `wacid.start${i}`),
            value,
            value,
            TTL_MS,
          ),
        ]);
      }),
  },
  {
    name: "call end: give both leases back",
    run: (store) =>
      time((i) =>
        Promise.all([
          store.compareAndDelete(callLeaseKey(`call_end${i}`), "machine-c"),
          store.compareAndDelete(
            providerLeaseKey(tenantId, "whatsapp_cloud", `wacid.end${i}`),
            "machine-c",
          ),
        ]),
      ),
  },
];

const us = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const columns: string[] = [];
const results = new Map<string, Figures[]>();

async function measure(label: string, store: SessionStore) {
  columns.push(label);
  for (const step of STEPS) {
    const figure = await step.run(store);
    results.set(step.name, [...(results.get(step.name) ?? []), figure]);
    console.log(label, step.name, us(figure.p50Us), us(figure.p99Us));
  }
  await store.close();
}

await measure("memory", new MemorySessionStore());
if (redisServerInstalled) {
  const redis = await startRedisServer();
  try {
    await measure(
      "Redis (loopback)",
      new RedisSessionStore("redis", new BunRedisCommands(redis.url), "astra:"),
    );
  } finally {
    await redis.close();
  }
} else {
  console.warn("redis-server is not installed: only the memory backend was measured");
}
await api.close();

const machine = thisMachine();
const header = `| step | ${columns.map((c) => `${c} p50 / p99 µs`).join(" | ")} |`;
const rule = `| --- | ${columns.map(() => "---:").join(" | ")} |`;
const rows = STEPS.map(
  (step) =>
    `| ${step.name} | ${(results.get(step.name) ?? [])
      .map((f) => `${us(f.p50Us)} / ${us(f.p99Us)}`)
      .join(" | ")} |`,
);
const section = `## Call ownership

Command: \`bun bench/ownership.bench.ts\` (also run by \`npm run bench\`). Machine:
${machine.cores} cores (\`nproc\`), ${machine.cpuModel}, Bun ${machine.bunVersion}, ${machine.date}.
Shared machine: other work ran at the same time, so compare rows and backends within one run.

What call ownership adds, each step run ${SAMPLES} times one after another (after ${WARMUP}
warm-up runs), timed from the call to its answer. A WhatsApp webhook about a call not live on
this machine now finds the call's tenant (the line's binding in libSQL; on a tenant's own route
the URL names it and this lookup is skipped) and reads the call's lease (one \`GET\`); a call
live here skips the lease. A request about a call (hang-up, SSE, state) reads the lease only
when the call is not live here. A call takes two leases at its start (call id and provider call
id, two \`SET NX PX\` sent together), renews both every third of \`CALL_LEASE_SECONDS\` (two
compare-and-set scripts) and gives them back at its end (two compare-and-delete scripts); none
of these is on the audio path, and the start's leases are taken without holding up the call.
Loopback hides the network: against a real Redis or Upstash add one round trip to each row
(well under a millisecond in the same Fly region).

${header}
${rule}
${rows.join("\n")}

On a webhook, most of the added time is the line's tenant (a libSQL read, first row): the lease
itself is one session-store read. The libSQL p99 column carries the shared machine's stalls.
`;
writeFileSync(BENCHMARKS_MD, withSection(readFileSync(BENCHMARKS_MD, "utf8"), section));
console.log("results written to BENCHMARKS.md");
