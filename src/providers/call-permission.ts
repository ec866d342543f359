import * as v from "valibot";

export interface CallPermissionLimit {
  /** ISO 8601 duration, e.g. `PT24H`, `P7D`. */
  timePeriod: string;
  maxAllowed: number;
  currentUsage: number;
  /** When the limit resets, Unix milliseconds, when the provider says. */
  resetsAtMs?: number;
}

/** Whether the business may call a user now, and whether it may ask them for permission. */
export interface CallPermission {
  /** The provider's word: `granted`, `temporary`, `permanent`, `no_permission`... or `unknown`. */
  status: string;
  /** When a temporary grant runs out, Unix milliseconds. */
  expiresAtMs?: number;
  canStartCall: boolean;
  canRequestPermission: boolean;
  limits: { startCall: CallPermissionLimit[]; requestPermission: CallPermissionLimit[] };
}

const LimitSchema = v.object({
  time_period: v.string(),
  max_allowed: v.number(),
  current_usage: v.number(),
  limit_expiration_time: v.optional(v.number()),
});

const ActionSchema = v.object({
  action_name: v.string(),
  can_perform_action: v.boolean(),
  limits: v.optional(v.array(LimitSchema), []),
});

/** Meta's `call_permissions` answer; Wati's is shaped the same (its `result` is unwrapped). */
const PermissionsSchema = v.object({
  permission: v.optional(v.object({ status: v.string(), expiration_time: v.optional(v.number()) })),
  actions: v.array(ActionSchema),
});

/** Reads a permissions answer; undefined when it is not shaped as documented. */
export function readCallPermission(body: unknown): CallPermission | undefined {
  const unwrapped =
    typeof body === "object" && body !== null && "result" in body && typeof body.result === "object"
      ? body.result
      : body;
  const parsed = v.safeParse(PermissionsSchema, unwrapped);
  if (!parsed.success) return undefined;
  const { permission, actions } = parsed.output;
  const action = (name: string) => actions.find((a) => a.action_name === name);
  const limits = (name: string): CallPermissionLimit[] =>
    (action(name)?.limits ?? []).map((limit) => ({
      timePeriod: limit.time_period,
      maxAllowed: limit.max_allowed,
      currentUsage: limit.current_usage,
      ...(limit.limit_expiration_time !== undefined && {
        resetsAtMs: limit.limit_expiration_time * 1000,
      }),
    }));
  return {
    status: permission?.status ?? "unknown",
    ...(permission?.expiration_time !== undefined && {
      expiresAtMs: permission.expiration_time * 1000,
    }),
    canStartCall: action("start_call")?.can_perform_action ?? false,
    canRequestPermission: action("send_call_permission_request")?.can_perform_action ?? false,
    limits: {
      startCall: limits("start_call"),
      requestPermission: limits("send_call_permission_request"),
    },
  };
}
