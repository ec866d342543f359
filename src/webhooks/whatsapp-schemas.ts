import * as v from "valibot";
import { SdpSchema } from "./sdp-text";

/**
 * The wire shapes of Meta's webhook items that the gateway acts on.
 * Items are checked one by one, so a failing field is reported with its place in the body.
 */

const Text = (max = 512) =>
  v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(max));

/** Meta sends Unix seconds as strings; numbers are accepted too. Output: milliseconds. */
export const UnixSecondsSchema = v.pipe(
  v.union(
    [
      v.pipe(v.string(), v.regex(/^\d{1,12}$/, "must be Unix seconds")),
      v.pipe(v.number(), v.integer(), v.minValue(0)),
    ],
    "must be Unix seconds (a string or number of digits)",
  ),
  v.transform((value) => Number(value) * 1000),
);

const Seconds = v.pipe(
  v.union(
    [
      v.pipe(v.string(), v.regex(/^\d{1,9}$/, "must be whole seconds")),
      v.pipe(v.number(), v.integer(), v.minValue(0)),
    ],
    "must be a whole number of seconds",
  ),
  v.transform(Number),
);

/** `value` of a `calls` or `messages` change: the routing metadata and the item lists. */
export const ChangeValueSchema = v.object({
  metadata: v.object({
    phone_number_id: Text(64),
    display_phone_number: v.optional(v.string()),
  }),
  contacts: v.optional(
    v.array(v.object({ wa_id: v.string(), profile: v.optional(v.object({ name: v.string() })) })),
  ),
  calls: v.optional(v.array(v.unknown())),
  statuses: v.optional(v.array(v.unknown())),
  messages: v.optional(v.array(v.unknown())),
  errors: v.optional(v.array(v.object({ code: v.number(), message: v.optional(v.string()) }))),
});
export type ChangeValue = v.InferOutput<typeof ChangeValueSchema>;

export const ConnectCallSchema = v.object({
  id: Text(),
  from: Text(64),
  to: Text(64),
  event: v.literal("connect"),
  timestamp: UnixSecondsSchema,
  direction: v.optional(v.string()),
  session: v.object({ sdp_type: v.picklist(["offer", "answer"]), sdp: SdpSchema }),
  biz_opaque_callback_data: v.optional(v.string()),
});

export const TerminateCallSchema = v.object({
  id: Text(),
  from: Text(64),
  to: Text(64),
  event: v.literal("terminate"),
  timestamp: UnixSecondsSchema,
  direction: v.optional(v.string()),
  status: v.pipe(
    v.string(),
    v.toUpperCase(),
    v.picklist(["COMPLETED", "FAILED"], "must be COMPLETED or FAILED"),
  ),
  start_time: v.optional(UnixSecondsSchema),
  end_time: v.optional(UnixSecondsSchema),
  duration: v.optional(Seconds),
  biz_opaque_callback_data: v.optional(v.string()),
});

export const CALL_STATUSES = ["RINGING", "ACCEPTED", "REJECTED"] as const;

export const CallStatusSchema = v.object({
  id: Text(),
  type: v.literal("call"),
  status: v.picklist(CALL_STATUSES),
  timestamp: UnixSecondsSchema,
  recipient_id: Text(64),
  biz_opaque_callback_data: v.optional(v.string()),
});

export const PermissionReplySchema = v.object({
  id: Text(),
  from: Text(64),
  timestamp: UnixSecondsSchema,
  type: v.literal("interactive"),
  interactive: v.object({
    type: v.literal("call_permission_reply"),
    call_permission_reply: v.object({
      response: v.picklist(["accept", "reject"]),
      is_permanent: v.optional(v.boolean()),
      expiration_timestamp: v.optional(UnixSecondsSchema),
      response_source: v.optional(v.string()),
    }),
  }),
});
