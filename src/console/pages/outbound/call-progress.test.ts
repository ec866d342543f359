import { describe, expect, test } from "bun:test";
import { permissionState, stepsFor } from "./call-progress";

const event = (kind: string, detail: Record<string, unknown> = {}) => ({
  at: "2026-03-01T10:00:00.000Z",
  kind,
  detail,
});

const whatsapp = {
  channel: "whatsapp_cloud" as const,
  status: "waiting_permission" as const,
  endReason: null,
  events: [event("permission_requested")],
};

describe("a placed call's permission state", () => {
  test("requested, then granted or refused by the user's reply", () => {
    expect(permissionState(whatsapp)).toBe("requested");
    const granted = [...whatsapp.events, event("permission_reply", { granted: true })];
    expect(permissionState({ ...whatsapp, status: "dialing", events: granted })).toBe("granted");
    const refused = [...whatsapp.events, event("permission_reply", { granted: false })];
    expect(
      permissionState({
        ...whatsapp,
        status: "ended",
        endReason: "permission_rejected",
        events: refused,
      }),
    ).toBe("refused");
  });

  test("expired, not allowed, already allowed, and none for a phone call", () => {
    const ended = { ...whatsapp, status: "ended" as const };
    expect(permissionState({ ...ended, endReason: "permission_expired" })).toBe("expired");
    expect(permissionState({ ...ended, endReason: "no_permission", events: [] })).toBe(
      "not_allowed",
    );
    const dialled = { ...whatsapp, status: "ringing" as const, events: [event("dialled")] };
    expect(permissionState(dialled)).toBe("already_allowed");
    expect(stepsFor(dialled).map((s) => s.status)).not.toContain("waiting_permission");
    expect(stepsFor(whatsapp).map((s) => s.status)).toContain("waiting_permission");
    expect(permissionState({ ...dialled, channel: "phone" })).toBe("not_applicable");
  });

  test("a call refused before it rang shows the steps it never reached as skipped", () => {
    const refused = {
      ...whatsapp,
      status: "ended" as const,
      endReason: "permission_rejected",
      events: [...whatsapp.events, event("permission_reply", { granted: false })],
    };
    expect(stepsFor(refused).map((s) => [s.status, s.state])).toEqual([
      ["waiting_permission", "done"],
      ["dialing", "skipped"],
      ["ringing", "skipped"],
      ["connecting", "skipped"],
      ["active", "skipped"],
      ["ended", "now"],
    ]);
    const ringing = { ...whatsapp, status: "ringing" as const, events: [event("dialled")] };
    expect(stepsFor(ringing).map((s) => s.state)).toEqual([
      "done",
      "now",
      "later",
      "later",
      "later",
    ]);
  });
});
