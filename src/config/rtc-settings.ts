import * as v from "valibot";
import { parseIp } from "../net/ip";

/** The lowest port RTC_PORT_RANGE may use: below it are the privileged ports. */
export const RTC_PORT_MIN = 1024;
export const RTC_PORT_MAX = 65_535;

export interface PortRange {
  min: number;
  max: number;
}

function parsePortRange(text: string): PortRange | string {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  if (!match) return "must be two ports joined by a dash, such as 40000-40100";
  const [min, max] = [Number(match[1]), Number(match[2])];
  if (min < RTC_PORT_MIN || max > RTC_PORT_MAX) {
    return `ports must lie within ${RTC_PORT_MIN}-${RTC_PORT_MAX}`;
  }
  if (min > max) return `the first port (${min}) is above the last (${max})`;
  return { min, max };
}

/** `40000-40100`: the UDP (and ICE-TCP) ports the gateway's peer connections bind, one per call. */
export const PortRangeSetting = v.optional(
  v.pipe(
    v.string(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parsed = parsePortRange(dataset.value);
      if (typeof parsed !== "string") return parsed;
      addIssue({ message: parsed });
      return NEVER;
    }),
  ),
);

/** A literal IPv4 or IPv6 address (no brackets, zone or host name): what SDP candidates carry. */
export const PublicIpSetting = v.optional(
  v.pipe(
    v.string(),
    v.check(
      (text) => !/[[\]%]/.test(text) && parseIp(text) !== null,
      "must be a literal IPv4 or IPv6 address, such as 203.0.113.7",
    ),
    v.check((text) => parseIp(text)?.value !== 0n, "must not be the unspecified address"),
  ),
);

const TURN_URL = /^turns?:[^\s,]+$/;

/** Comma-separated turn:/turns: URLs of a TURN server that shares TURN_SECRET. */
export const TurnUrlsSetting = v.optional(
  v.pipe(
    v.string(),
    v.transform((text) =>
      text
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ""),
    ),
    v.minLength(1, "must name at least one turn: or turns: URL"),
    v.check(
      (urls) => urls.every((url) => TURN_URL.test(url)),
      (issue) =>
        `must be turn: or turns: URLs, comma-separated; not: ${issue.input
          .filter((url) => !TURN_URL.test(url))
          .join(", ")}`,
    ),
  ),
);

/** The environment's TURN settings must come as a pair: one without the other does nothing. */
export function turnSettingProblems(env: {
  TURN_SECRET?: string | undefined;
  TURN_URLS?: string[] | undefined;
}): string[] {
  if (env.TURN_SECRET && !env.TURN_URLS) return ["TURN_URLS: must be set with TURN_SECRET"];
  if (env.TURN_URLS && !env.TURN_SECRET) return ["TURN_SECRET: must be set with TURN_URLS"];
  return [];
}

/** The operator's Twilio account comes as a pair too. */
export function twilioSettingProblems(env: {
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
}): string[] {
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN)
    return ["TWILIO_AUTH_TOKEN: must be set with TWILIO_ACCOUNT_SID"];
  if (env.TWILIO_AUTH_TOKEN && !env.TWILIO_ACCOUNT_SID)
    return ["TWILIO_ACCOUNT_SID: must be set with TWILIO_AUTH_TOKEN"];
  return [];
}
