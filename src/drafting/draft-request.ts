import * as v from "valibot";
import { ACCENTS, accentLanguage, LANGUAGES } from "../domain/languages";

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** A business's brand kit. The logo is only an address: it is never fetched. */
export const BrandKitSchema = v.strictObject({
  name: v.pipe(text(200), v.minLength(1, "must not be empty")),
  colors: v.optional(v.pipe(v.array(text(40)), v.maxLength(10))),
  logoUrl: v.optional(v.pipe(v.string(), v.maxLength(2048), v.url())),
  tone: v.optional(text(500)),
  services: v.optional(v.pipe(v.array(text(200)), v.maxLength(50))),
  website: v.optional(text(300)),
});

/** What to draft an agent from: a description of the business, a brand kit, or both. */
export const DraftRequestSchema = v.pipe(
  v.strictObject({
    description: v.optional(text(4000)),
    brandKit: v.optional(BrandKitSchema),
    /** The language the agent should speak; default: as the description suggests, else English. */
    language: v.optional(v.picklist(LANGUAGES)),
    accent: v.optional(v.picklist(ACCENTS)),
    /** true: also create the agent (its config as the draft) and return it. */
    create: v.optional(v.boolean(), false),
    /** With `create` and the admin key: the tenant the agent belongs to. */
    tenantId: v.optional(v.pipe(v.string(), v.regex(/^ten_[0-9a-z]{23}$/, "must be a ten_… id"))),
    /** With `create`: the agent's name; default: the drafted one. */
    name: v.optional(v.pipe(text(200), v.minLength(1, "must not be empty"))),
  }),
  v.check(
    (r) => Boolean(r.description?.trim()) || r.brandKit !== undefined,
    "give a description of the business, a brandKit, or both",
  ),
  v.check(
    (r) => r.accent === undefined || accentLanguage(r.accent) === (r.language ?? "en"),
    "accent must belong to language (default en)",
  ),
);

export type DraftRequest = v.InferOutput<typeof DraftRequestSchema>;
