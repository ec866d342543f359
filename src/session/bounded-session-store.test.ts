import { afterAll, describe, expect, test } from "bun:test";
import { startSilentServer } from "../../test/silent-server";
import { SessionStoreTimeout } from "./bounded-session-store";
import { openSessionStore, type SessionStoreSettings } from "./open-session-store";
import type { SessionStore } from "./session-store";

const silent = startSilentServer();
const opened: SessionStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
  silent.close();
});

const backends: Array<[string, SessionStoreSettings]> = [
  [
    "Redis protocol",
    {
      backend: "redis",
      url: `redis://127.0.0.1:${silent.port}`,
      namespace: "astra:",
      timeoutMs: 150,
    },
  ],
  [
    "Upstash REST",
    {
      backend: "upstash-rest",
      url: `http://127.0.0.1:${silent.port}`,
      token: "AX-token",
      namespace: "astra:",
      timeoutMs: 150,
    },
  ],
];

describe.each(backends)(
  "a store over %s that accepts connections but never answers",
  (_, settings) => {
    test("gives up on every operation with a timeout callers treat as unreachable", async () => {
      const store = openSessionStore(settings);
      opened.push(store);
      const operations: Array<Promise<unknown>> = [
        store.get("lease:call:call_1"),
        store.set("k", "v", 60_000),
        store.setIfAbsent("receipt:t:c:connect:1", "1", 60_000),
        store.compareAndSet("lease:call:call_1", "a", "a", 60_000),
        store.compareAndDelete("lease:call:call_1", "a"),
        store.spendInWindow("rate:principal:key_1", 10, 60_000),
        store.acquireSlot("slots:tenant:t", "call_1", 3, 30_000),
        store.releaseSlot("slots:tenant:t", "call_1"),
        store.slotsTaken("slots:tenant:t"),
        store.delete("k"),
        store.keys("lease:call:"),
      ];
      const settled = await Promise.allSettled(operations);
      for (const outcome of settled) {
        expect(outcome.status).toBe("rejected");
        const reason = (outcome as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(SessionStoreTimeout);
        expect((reason as Error).message).toContain("within 150 ms");
      }
      // It was reached: the client connected and then heard nothing.
      expect(silent.accepted).toBeGreaterThan(0);
    });
  },
);
