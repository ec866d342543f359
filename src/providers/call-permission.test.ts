import { expect, test } from "bun:test";
import { readCallPermission } from "./call-permission";

const metaAnswer = {
  messaging_product: "whatsapp",
  permission: { status: "temporary", expiration_time: 1745343479 },
  actions: [
    {
      action_name: "send_call_permission_request",
      can_perform_action: true,
      limits: [
        { time_period: "PT24H", max_allowed: 1, current_usage: 0 },
        { time_period: "P7D", max_allowed: 2, current_usage: 1 },
      ],
    },
    {
      action_name: "start_call",
      can_perform_action: false,
      limits: [
        {
          time_period: "PT24H",
          max_allowed: 5,
          current_usage: 5,
          limit_expiration_time: 1745622600,
        },
      ],
    },
  ],
};

test("reads Meta's documented answer, limits included", () => {
  expect(readCallPermission(metaAnswer)).toEqual({
    status: "temporary",
    expiresAtMs: 1_745_343_479_000,
    canStartCall: false,
    canRequestPermission: true,
    limits: {
      startCall: [
        { timePeriod: "PT24H", maxAllowed: 5, currentUsage: 5, resetsAtMs: 1_745_622_600_000 },
      ],
      requestPermission: [
        { timePeriod: "PT24H", maxAllowed: 1, currentUsage: 0 },
        { timePeriod: "P7D", maxAllowed: 2, currentUsage: 1 },
      ],
    },
  });
});

test("reads the same shape wrapped in Wati's result, and without a permission object", () => {
  const { actions } = metaAnswer;
  expect(readCallPermission({ result: { actions } })).toMatchObject({
    status: "unknown",
    canStartCall: false,
    canRequestPermission: true,
  });
});

test("an action that is not listed cannot be performed", () => {
  expect(
    readCallPermission({ permission: { status: "no_permission" }, actions: [] }),
  ).toMatchObject({
    canStartCall: false,
    canRequestPermission: false,
  });
});

test("answers not shaped as documented are not read", () => {
  expect(readCallPermission({ permission: { status: "granted" } })).toBeUndefined();
  expect(
    readCallPermission({ actions: [{ action_name: "start_call", can_perform_action: "yes" }] }),
  ).toBeUndefined();
  expect(readCallPermission(null)).toBeUndefined();
  expect(readCallPermission("ok")).toBeUndefined();
});
