import * as v from "valibot";
import { fieldsSchemaProblem, type JsonSchema } from "./analysis-fields";
import { type JsonBounds, withinBounds } from "./json-bounds";

/** The outcomes an agent's calls are sorted into when the agent names none. */
export const DEFAULT_OUTCOMES = ["resolved", "follow_up_needed", "not_resolved"];
export const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** A bound on the stored JSON before its schema is read at all. */
const FIELDS_JSON_BOUNDS: JsonBounds = { maxDepth: 16, maxValues: 3000, maxStringLength: 1000 };

const outcomeLabel = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, "must be 1–64 lowercase letters, digits or '_'"),
);

const FieldsSchema = v.pipe(
  v.looseObject({ type: v.literal("object") }),
  withinBounds(FIELDS_JSON_BOUNDS),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = fieldsSchemaProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
  v.transform((fields) => fields as JsonSchema),
  v.description(
    "A JSON Schema of type object for the data to extract: type (string, number, integer, " +
      'boolean, object, array, or a pair with "null"), description, title, enum, properties, ' +
      "required, additionalProperties (false) and items; at most 4 levels of objects and " +
      "arrays, 90 properties, 500 enum values. Properties left out of required may be null.",
  ),
);

/** What the analysis after each of the agent's calls produces. */
export const AnalysisSettingsSchema = v.strictObject({
  enabled: v.optional(
    v.pipe(v.boolean(), v.description("Analyse each call once it ended (default true)")),
    true,
  ),
  /** The labels a call's outcome is chosen from. */
  outcomes: v.optional(
    v.pipe(
      v.array(outcomeLabel),
      v.minLength(1),
      v.maxLength(20),
      v.check((labels) => new Set(labels).size === labels.length, "outcomes must differ"),
      v.description("The labels a call's outcome is chosen from"),
    ),
    DEFAULT_OUTCOMES,
  ),
  /** What the business wants the analysis to pay attention to (e.g. what each outcome means). */
  instructions: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(4000),
      v.description("Told to the analysis model, e.g. what each outcome means"),
    ),
  ),
  /**
   * Data to extract, as a JSON Schema of type object: types string, number, integer, boolean,
   * object and array, with description, title, enum, properties, required and items.
   */
  fields: v.optional(FieldsSchema, { type: "object", properties: {} }),
});

export type AnalysisSettings = v.InferOutput<typeof AnalysisSettingsSchema>;

/** An agent's analysis settings; configs stored before they existed get the defaults. */
export function analysisSettingsOf(config: { analysis?: unknown }): AnalysisSettings {
  const parsed = v.safeParse(AnalysisSettingsSchema, config.analysis ?? {});
  return parsed.success ? parsed.output : v.parse(AnalysisSettingsSchema, {});
}
