import { afterAll, describe, expect, test } from "bun:test";
import { eventually } from "../../test/eventually";
import type { SessionStore } from "./session-store";

/** Short enough to wait out in a test, long enough to outlast the calls that check it first. */
const SHORT_TTL_MS = 150;
const LONG_TTL_MS = 60_000;
const HOUR_MS = 3_600_000;
const PARALLEL = 25;

/** Polls an async check until it holds (expiry is "eventually", never at an exact time). */
export async function eventuallyAsync(what: string, check: () => Promise<boolean>): Promise<void> {
  let done = false;
  const poll = async () => {
    while (!done) {
      if (await check()) {
        done = true;
        return;
      }
      await Bun.sleep(20);
    }
  };
  const polling = poll();
  try {
    await eventually(what, () => done, 5_000);
  } finally {
    done = true;
    await polling;
  }
}

/** What every session store backend must do; each backend's test file runs it. */
export function describeSessionStore(name: string, open: () => Promise<SessionStore>): void {
  describe(`${name} session store`, () => {
    const opened: SessionStore[] = [];
    // Each test writes under keys of its own, so backends shared between tests do not meet.
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return { store, key: (name: string) => `test:${crypto.randomUUID()}:${name}` };
    };
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    test("a value reads back until it is deleted; absent keys read as null", async () => {
      const { store, key } = await fresh();
      const k = key("value");
      expect(await store.get(k)).toBeNull();
      await store.set(k, "caller said: ünïcode ✓", LONG_TTL_MS);
      expect(await store.get(k)).toBe("caller said: ünïcode ✓");
      await store.set(k, "42", LONG_TTL_MS);
      // A number-looking value stays the string it was written as.
      expect(await store.get(k)).toBe("42");
      expect(await store.delete(k)).toBe(true);
      expect(await store.delete(k)).toBe(false);
      expect(await store.get(k)).toBeNull();
    });

    test("a value expires after its TTL", async () => {
      const { store, key } = await fresh();
      const k = key("expiring");
      await store.set(k, "soon gone", SHORT_TTL_MS);
      await store.set(key("kept"), "kept", LONG_TTL_MS);
      await eventuallyAsync("the value to expire", async () => (await store.get(k)) === null);
      // Once expired the key is free again.
      expect(await store.setIfAbsent(k, "again", LONG_TTL_MS)).toBe(true);
    });

    test("of many concurrent set-if-absent calls exactly one wins, and the value is its", async () => {
      const { store, key } = await fresh();
      const k = key("lease");
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          store.setIfAbsent(k, `machine-${i}`, LONG_TTL_MS),
        ),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(await store.get(k)).toBe(`machine-${winners[0]}`);
      expect(await store.setIfAbsent(k, "late", LONG_TTL_MS)).toBe(false);
    });

    test("compare-and-set renews only the owner's lease", async () => {
      const { store, key } = await fresh();
      const k = key("lease");
      expect(await store.compareAndSet(k, "machine-a", "machine-a", LONG_TTL_MS)).toBe(false);
      expect(await store.get(k)).toBeNull();
      await store.setIfAbsent(k, "machine-a", SHORT_TTL_MS);
      expect(await store.compareAndSet(k, "machine-b", "machine-b", LONG_TTL_MS)).toBe(false);
      expect(await store.get(k)).toBe("machine-a");
      // The owner's renewal replaces the short TTL: the lease outlives it.
      expect(await store.compareAndSet(k, "machine-a", "machine-a", LONG_TTL_MS)).toBe(true);
      const probe = key("probe");
      await store.set(probe, "x", SHORT_TTL_MS);
      await eventuallyAsync("a short-lived probe to expire", async () => !(await store.get(probe)));
      expect(await store.get(k)).toBe("machine-a");
    });

    test("compare-and-delete by a wrong owner does nothing; by the owner it releases", async () => {
      const { store, key } = await fresh();
      const k = key("lease");
      await store.set(k, "machine-a", LONG_TTL_MS);
      expect(await store.compareAndDelete(k, "machine-b")).toBe(false);
      expect(await store.get(k)).toBe("machine-a");
      expect(await store.compareAndDelete(k, "machine-a")).toBe(true);
      expect(await store.get(k)).toBeNull();
      expect(await store.compareAndDelete(k, "machine-a")).toBe(false);
    });

    test("concurrent spends from a window never exceed its limit, and refusals are not counted", async () => {
      const { store, key } = await fresh();
      const k = key("window");
      // An hour's slices: the test does not cross from one to the next.
      const spends = await Promise.all(
        Array.from({ length: PARALLEL }, () => store.spendInWindow(k, 5, HOUR_MS)),
      );
      expect(spends.filter((s) => s.spent)).toHaveLength(5);
      const counted = spends.filter((s) => s.spent).map((s) => s.current);
      expect(counted.toSorted((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      for (const refused of spends.filter((s) => !s.spent)) expect(refused.current).toBe(5);
      // A limit of 0 reads without spending.
      expect(await store.spendInWindow(k, 0, HOUR_MS)).toMatchObject({ spent: false, current: 5 });
      expect(await store.spendInWindow(k, 6, HOUR_MS)).toMatchObject({ spent: true, current: 6 });
    });

    test("a window's counts expire once no later slice reads them", async () => {
      const { store, key } = await fresh();
      const k = key("window");
      const first = await store.spendInWindow(k, 10, SHORT_TTL_MS);
      expect(first).toMatchObject({ spent: true, current: 1, windowMs: SHORT_TTL_MS });
      expect(first.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(first.elapsedMs).toBeLessThan(SHORT_TTL_MS);
      expect(await store.keys(k)).toHaveLength(1);
      await eventuallyAsync("the counts to expire", async () => (await store.keys(k)).length === 0);
    });

    test("concurrent slot acquisition never exceeds the limit", async () => {
      const { store, key } = await fresh();
      const k = key("calls");
      const limit = 3;
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          store.acquireSlot(k, `call-${i}`, limit, LONG_TTL_MS),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(limit);
      expect(await store.slotsTaken(k)).toBe(limit);
      const holder = `call-${results.indexOf(true)}`;
      // A holder acquiring again keeps its slot (a renewal) without taking another.
      expect(await store.acquireSlot(k, holder, limit, LONG_TTL_MS)).toBe(true);
      expect(await store.acquireSlot(k, "call-new", limit, LONG_TTL_MS)).toBe(false);
      expect(await store.releaseSlot(k, "call-new")).toBe(false);
      expect(await store.releaseSlot(k, holder)).toBe(true);
      expect(await store.slotsTaken(k)).toBe(limit - 1);
      expect(await store.acquireSlot(k, "call-new", limit, LONG_TTL_MS)).toBe(true);
      expect(await store.acquireSlot(key("none"), "call-x", 0, LONG_TTL_MS)).toBe(false);
    });

    test("a slot its holder stops renewing frees itself", async () => {
      const { store, key } = await fresh();
      const k = key("calls");
      expect(await store.acquireSlot(k, "dead-machine-call", 1, SHORT_TTL_MS)).toBe(true);
      expect(await store.acquireSlot(k, "other-call", 1, LONG_TTL_MS)).toBe(false);
      await eventuallyAsync("the abandoned slot to free", () =>
        store.acquireSlot(k, "other-call", 1, LONG_TTL_MS),
      );
      expect(await store.slotsTaken(k)).toBe(1);
    });

    test("keys lists by prefix, sorted, including slot sets, without expired ones", async () => {
      const { store, key } = await fresh();
      const base = key("owners:");
      await store.set(`${base}b`, "1", LONG_TTL_MS);
      await store.set(`${base}a`, "1", LONG_TTL_MS);
      await store.acquireSlot(`${base}c`, "call", 1, LONG_TTL_MS);
      await store.set(`${base}gone`, "1", SHORT_TTL_MS);
      // A glob character in the prefix matches only itself.
      await store.set(`${base}*star`, "1", LONG_TTL_MS);
      await store.set(`${key("other")}`, "1", LONG_TTL_MS);
      await eventuallyAsync("the short key to leave the listing", async () =>
        (await store.keys(base)).every((k) => !k.endsWith("gone")),
      );
      expect(await store.keys(base)).toEqual([`${base}*star`, `${base}a`, `${base}b`, `${base}c`]);
      expect(await store.keys(`${base}*`)).toEqual([`${base}*star`]);
    });

    test("bad arguments are refused before anything is stored", async () => {
      const { store, key } = await fresh();
      const k = key("bad");
      await expect(store.set(k, "x", 0)).rejects.toThrow(RangeError);
      await expect(store.setIfAbsent(k, "x", 1.5)).rejects.toThrow(RangeError);
      await expect(store.acquireSlot(k, "h", -1, 1000)).rejects.toThrow(RangeError);
      await expect(store.get("")).rejects.toThrow(TypeError);
      expect(await store.get(k)).toBeNull();
      await store.ping();
    });
  });
}
