import * as v from "valibot";
import { SdpSchema } from "./sdp-text";

/** Wati's webhook and callback bodies; extra fields are let through. */

const Text = (max = 512) =>
  v.pipe(v.string(), v.minLength(1, "must not be empty"), v.maxLength(max));

/** Ids and numbers arrive as strings or numbers depending on Wati's serializer. */
const IdLike = (max = 128) =>
  v.pipe(
    v.union([Text(max), v.pipe(v.number(), v.integer())], "must be a string or a whole number"),
    v.transform(String),
  );

/** A phone number as digits only (`+`, spaces and dashes dropped); 6 to 15 digits. */
const Digits = v.pipe(
  IdLike(32),
  v.transform((value) => value.replace(/[^\d]/g, "")),
  v.regex(/^\d{6,15}$/, "must be a phone number of 6 to 15 digits"),
);

/** `sdp` is a string, or `{type, sdp}` as some Wati versions send it. */
const SdpField = v.union(
  [
    SdpSchema,
    v.pipe(
      v.object({ type: v.optional(v.string()), sdp: SdpSchema }),
      v.transform((o) => o.sdp),
    ),
  ],
  "must be an SDP string or {type, sdp}",
);

export const NewCallSchema = v.object({
  callId: Text(),
  sdp: SdpField,
  businessNumber: Digits,
  tenantId: v.optional(IdLike()),
  contact: v.optional(
    v.object({ ContactName: v.optional(v.string()), ContactNumber: v.optional(IdLike(32)) }),
  ),
  voiceLanguage: v.optional(v.string()),
});

export const TerminateSchema = v.object({ callId: Text() });

export const SdpAnswerSchema = v.object({ callId: Text(), sdp: SdpField });

export const WATI_CALL_STATUSES = ["RINGING", "ACCEPTED", "REJECTED", "ENDED"] as const;

export const CallStatusSchema = v.object({
  callId: Text(),
  status: v.pipe(v.string(), v.toUpperCase(), v.picklist(WATI_CALL_STATUSES)),
});

export const PermissionSchema = v.object({
  waid: Digits,
  channelPhoneNumber: Digits,
  hasPermission: v.boolean(),
  status: v.optional(v.string(), ""),
  tenantId: v.optional(IdLike()),
});
