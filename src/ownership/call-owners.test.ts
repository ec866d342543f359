import { expect, test } from "bun:test";
import { Logger } from "../log/logger";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";
import { CallLeases } from "./call-leases";
import { CallOwners } from "./call-owners";

const log = new Logger("error");
const never = new Promise<void>(() => {});
const lines = new Map([["15550001111", "ten_a"]]);

function onMachine(id: string, store: SessionStore, liveHere: string[] = []) {
  const machine = { id, region: null, onFly: true };
  const leases = new CallLeases({ store, machine, ttlMs: 60_000, log });
  leases.stop();
  const owners = new CallOwners({
    registry: {
      get: () => undefined,
      byProviderCallId: (_scope, providerCallId) =>
        liveHere.includes(providerCallId) ? ({} as never) : undefined,
    },
    leases,
    machine,
    tenantOfLine: async (_route, _channel, address) => lines.get(address) ?? null,
    log,
  });
  return { leases, owners };
}

test("a delivery naming a call leased elsewhere goes to that machine, whole", async () => {
  const store = new MemorySessionStore();
  const a = onMachine("machine-a", store);
  await a.leases.hold(
    {
      callId: "call_1",
      tenantId: "ten_a",
      agentId: "agt_1",
      channel: "wati",
      providerCallId: "w1",
    },
    never,
  );
  const { owners } = onMachine("machine-b", store);
  const tenantRoute = { kind: "tenant", tenantId: "ten_a" } as const;
  // Wati's terminate names no line: the route's tenant scopes it.
  const status = { type: "call_status", callId: "other", status: "RINGING" } as const;
  const terminate = { type: "call_terminated", callId: "w1" } as const;
  expect(await owners.ofDelivery("wati", tenantRoute, [status, terminate])).toBe("machine-a");
  // Another tenant's route never reaches this tenant's call.
  expect(
    await owners.ofDelivery("wati", { kind: "tenant", tenantId: "ten_b" }, [terminate]),
  ).toBeNull();
  // The owner itself acts on it; so does anyone once nothing holds it.
  expect(await a.owners.ofDelivery("wati", tenantRoute, [terminate])).toBeNull();
  expect(await owners.ofCall("call_1")).toMatchObject({ machine: "machine-a", tenantId: "ten_a" });
  expect(await owners.ofCall("call_2")).toBeNull();
});

test("on the platform route the line names the tenant; a call live here stays here", async () => {
  const store = new MemorySessionStore();
  const a = onMachine("machine-a", store);
  await a.leases.hold(
    {
      callId: "call_1",
      tenantId: "ten_a",
      agentId: "agt_1",
      channel: "whatsapp_cloud",
      providerCallId: "wacid.1",
    },
    never,
  );
  const event = { type: "call_terminated", address: "15550001111", callId: "wacid.1" } as const;
  const platform = { kind: "platform" } as const;
  expect(
    await onMachine("machine-b", store).owners.ofDelivery("whatsapp_cloud", platform, [event]),
  ).toBe("machine-a");
  // A machine that has the call in its registry (a stale lease elsewhere notwithstanding).
  expect(
    await onMachine("machine-c", store, ["wacid.1"]).owners.ofDelivery("whatsapp_cloud", platform, [
      event,
    ]),
  ).toBeNull();
  const unknownLine = { ...event, address: "15559999999" };
  expect(
    await onMachine("machine-b", store).owners.ofDelivery("whatsapp_cloud", platform, [
      unknownLine,
    ]),
  ).toBeNull();
});

test("a store that cannot be read leaves the request to this machine", async () => {
  const store = new MemorySessionStore();
  const failing: SessionStore = Object.assign(Object.create(store), {
    get: () => Promise.reject(new Error("connection refused")),
  });
  const { owners } = onMachine("machine-b", failing);
  expect(await owners.ofCall("call_1")).toBeNull();
  expect(
    await owners.ofDelivery("wati", { kind: "tenant", tenantId: "ten_a" }, [
      { type: "call_terminated", callId: "w1" },
    ]),
  ).toBeNull();
});
