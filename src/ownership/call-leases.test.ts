import { expect, test } from "bun:test";
import { Logger } from "../log/logger";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";
import { CallLeases, callLeaseKey, providerLeaseKey } from "./call-leases";

const TTL_MS = 90;
const call = {
  callId: "call_1",
  tenantId: "ten_1",
  agentId: "agt_1",
  channel: "whatsapp_cloud" as const,
  providerCallId: "wacid.1",
};

function leasesOn(store: SessionStore, machine = "machine-a") {
  const lines: string[] = [];
  const log = new Logger("info", {}, (line) => lines.push(line));
  const leases = new CallLeases({
    store,
    machine: { id: machine, region: "ams", onFly: true },
    ttlMs: TTL_MS,
    log,
  });
  return { leases, lines };
}

function endable() {
  let end = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  return { ended, end };
}

test("a live call's leases name its machine for as long as it lasts, then are given back", async () => {
  const store = new MemorySessionStore();
  const { leases } = leasesOn(store);
  const { ended, end } = endable();
  await leases.hold(call, ended);
  const owner = { machine: "machine-a", region: "ams", tenantId: "ten_1", agentId: "agt_1" };
  expect(await leases.ownerOfCall("call_1")).toEqual(owner);
  expect(await leases.ownerOfProviderCall("ten_1", "whatsapp_cloud", "wacid.1")).toEqual(owner);
  // Several lease periods later, renewed all along.
  await Bun.sleep(TTL_MS * 4);
  expect(await leases.ownerOfCall("call_1")).toEqual(owner);
  end();
  await Bun.sleep(10);
  expect(await store.get(callLeaseKey("call_1"))).toBeNull();
  expect(await store.get(providerLeaseKey("ten_1", "whatsapp_cloud", "wacid.1"))).toBeNull();
  leases.stop();
});

test("a machine that stops renewing loses its leases after one period", async () => {
  const store = new MemorySessionStore();
  const { leases } = leasesOn(store);
  await leases.hold(call, new Promise(() => {}));
  leases.stop();
  await Bun.sleep(TTL_MS * 1.5);
  expect(await leases.ownerOfCall("call_1")).toBeNull();
});

test("a lease found gone is taken back; one held by another machine is left to it and logged", async () => {
  const store = new MemorySessionStore();
  const { leases, lines } = leasesOn(store);
  await leases.hold(call, new Promise(() => {}));
  await store.delete(callLeaseKey("call_1"));
  await store.set(providerLeaseKey("ten_1", "whatsapp_cloud", "wacid.1"), "other", 60_000);
  await Bun.sleep(TTL_MS);
  expect((await leases.ownerOfCall("call_1"))?.machine).toBe("machine-a");
  expect(await store.get(providerLeaseKey("ten_1", "whatsapp_cloud", "wacid.1"))).toBe("other");
  expect(lines.some((l) => l.includes("call lease had expired; taken back"))).toBe(true);
  expect(lines.some((l) => l.includes("call lease held by another machine"))).toBe(true);
  leases.stop();
});

test("an unreachable store is logged and the call goes on holding nothing", async () => {
  const store = new MemorySessionStore();
  const failing: SessionStore = Object.assign(Object.create(store), {
    setIfAbsent: () => Promise.reject(new Error("connection refused")),
    compareAndSet: () => Promise.reject(new Error("connection refused")),
  });
  const { leases, lines } = leasesOn(failing);
  await leases.hold(call, new Promise(() => {}));
  await Bun.sleep(TTL_MS);
  expect(lines.some((l) => l.includes("session store unreachable"))).toBe(true);
  expect(leases.size).toBe(1);
  leases.stop();
});
