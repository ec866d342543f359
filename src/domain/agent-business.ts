import * as v from "valibot";

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** An IANA time zone the runtime knows, e.g. Europe/London. */
const timeZone = v.pipe(
  v.string(),
  v.maxLength(64),
  v.check((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/London"),
);

/** What the agent may tell callers about the business; rendered as facts in its instructions. */
export const BusinessSchema = v.strictObject({
  description: v.optional(text(4000)),
  services: v.optional(v.pipe(v.array(text(200)), v.maxLength(50))),
  hours: v.optional(text(1000)),
  address: v.optional(text(500)),
  phone: v.optional(text(40)),
  website: v.optional(text(300)),
  /** The business's own time zone: the agent is then told the local date and time of the call. */
  timeZone: v.optional(timeZone),
  /** Anything else callers ask about: prices, policies, parking, payment... */
  facts: v.optional(text(8000)),
});

/** Things the agent must always or never do, one per entry. */
export const RulesSchema = v.pipe(v.array(text(500)), v.maxLength(50));

/** Calls the agent places: their own opening and task, used instead of the inbound ones. */
export const OutboundSchema = v.strictObject({
  /** Said exactly when the callee answers (variables filled in); default: the agent's greeting. */
  greeting: v.optional(text(1000)),
  /** Replaces `instructions` on calls the agent places; business facts and rules still apply. */
  instructions: v.optional(text(32_000)),
});
