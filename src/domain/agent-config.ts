import * as v from "valibot";
import { AnalysisSettingsSchema } from "./agent-analysis";
import { BusinessSchema, OutboundSchema, RulesSchema } from "./agent-business";
import { repeatedToolNames, ToolSchema } from "./agent-tools";
import { ACCENTS, type Accent, accentLanguage, LANGUAGES } from "./languages";
import { providerMismatches } from "./model-provider-rules";
import { VOICES } from "./voices";

/** The bundled "working on it" sounds a caller may hear while a tool runs. */
export const WORKING_CUES = ["chime", "tick"] as const;
export type WorkingCueSound = (typeof WORKING_CUES)[number];

/** The realtime model providers an agent version can run on. */
export const MODEL_PROVIDERS = ["openai", "gemini"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const num = (min: number, max: number) => v.pipe(v.number(), v.minValue(min), v.maxValue(max));

const TurnDetectionSchema = v.variant("type", [
  v.strictObject({
    type: v.literal("server_vad"),
    threshold: v.optional(num(0, 1), 0.5),
    prefixPaddingMs: v.optional(int(0, 2000), 300),
    silenceDurationMs: v.optional(int(100, 5000), 500),
    idleTimeoutMs: v.optional(int(5000, 60_000)),
    interruptResponse: v.optional(v.boolean(), true),
  }),
  v.strictObject({
    type: v.literal("semantic_vad"),
    eagerness: v.optional(v.picklist(["low", "medium", "high", "auto"]), "auto"),
    interruptResponse: v.optional(v.boolean(), true),
  }),
]);

const LanguageSchema = v.pipe(
  v.strictObject({
    /** fixed: always speak `primary`; auto: follow the caller among `allowed`. */
    mode: v.optional(v.picklist(["fixed", "auto"]), "fixed"),
    primary: v.optional(v.picklist(LANGUAGES), "en"),
    allowed: v.optional(v.pipe(v.array(v.picklist(LANGUAGES)), v.maxLength(LANGUAGES.length)), []),
    accent: v.optional(v.picklist(ACCENTS)),
  }),
  v.check(
    (l) => l.accent === undefined || accentLanguage(l.accent as Accent) === l.primary,
    "accent must belong to the primary language",
  ),
);

/** The fields of an agent config, each checked on its own. */
export const AgentConfigFields = v.strictObject({
  instructions: v.optional(text(32_000), ""),
  persona: v.optional(
    v.strictObject({
      name: v.optional(text(100)),
      role: v.optional(text(200)),
      company: v.optional(text(200)),
      personality: v.optional(text(2000)),
    }),
    {},
  ),
  greeting: v.optional(
    v.strictObject({
      /** fixed: speak `text` (variables filled in); generated: let the model greet; none: wait. */
      mode: v.optional(v.picklist(["fixed", "generated", "none"]), "generated"),
      text: v.optional(text(1000)),
      /** Keep the caller's audio from interrupting the greeting. */
      muteCaller: v.optional(v.boolean(), false),
    }),
    {},
  ),
  business: v.optional(BusinessSchema, {}),
  rules: v.optional(RulesSchema, []),
  outbound: v.optional(OutboundSchema, {}),
  language: v.optional(LanguageSchema, {}),
  voice: v.optional(
    v.strictObject({
      /** Unset: the default voice of the language the call starts in. */
      name: v.optional(v.picklist(VOICES)),
      speed: v.optional(num(0.25, 1.5), 1),
    }),
    {},
  ),
  model: v.optional(
    v.strictObject({
      /** openai (default) or gemini; voice, model name and some features follow it. */
      provider: v.optional(
        v.pipe(
          v.picklist(MODEL_PROVIDERS),
          v.description(
            "openai: OpenAI Realtime; gemini: Gemini Live (its own voices and models; no " +
              "semantic_vad, idleTimeoutMs, voice.speed or per-turn knowledge search; calls need " +
              "GEMINI_API_KEY on the gateway, or its simulator offline)",
          ),
        ),
        "openai",
      ),
      /** Unset: the provider's default (gpt-realtime; gemini-2.5-flash-native-audio-preview-09-2025). */
      name: v.optional(
        v.pipe(
          text(100),
          v.regex(/^[a-z0-9][a-z0-9._-]*$/i),
          v.description(
            "Unset: gpt-realtime on openai, gemini-2.5-flash-native-audio-preview-09-2025 on gemini",
          ),
        ),
      ),
      transcriptionModel: v.optional(text(100), "gpt-4o-transcribe"),
      noiseReduction: v.optional(v.nullable(v.picklist(["near_field", "far_field"])), "near_field"),
    }),
    {},
  ),
  turnDetection: v.optional(TurnDetectionSchema, { type: "server_vad" }),
  silence: v.optional(
    v.strictObject({
      timeoutSeconds: v.optional(int(3, 120), 10),
      maxRetries: v.optional(int(0, 10), 2),
      promptText: v.optional(text(500), "Are you still there?"),
      goodbyeText: v.optional(text(500), "It seems we got disconnected. Goodbye!"),
    }),
    {},
  ),
  maxCallDurationSeconds: v.optional(int(10, 4 * 3600), 300),
  /**
   * What the agent says before the gateway ends a live call to shut down (a deploy); unset, a
   * short apology in the call's language. Variables are filled in.
   */
  shutdownGoodbyeText: v.optional(text(500)),
  tools: v.optional(
    v.pipe(
      v.array(ToolSchema),
      v.maxLength(64),
      v.check(
        (tools) => repeatedToolNames(tools).length === 0,
        (issue) => `tool names must differ: ${repeatedToolNames(issue.input).join(", ")} repeated`,
      ),
    ),
    [],
  ),
  /** While a tool runs and the agent has been silent over a second, a soft cue loops. */
  workingCue: v.optional(
    v.strictObject({
      enabled: v.optional(v.boolean(), true),
      sound: v.optional(v.picklist(WORKING_CUES), "chime"),
    }),
    {},
  ),
  /** Stereo recording of each call (caller left, agent right), on unless turned off. */
  recording: v.optional(v.strictObject({ enabled: v.optional(v.boolean(), true) }), {}),
  knowledge: v.optional(
    v.pipe(
      v.strictObject({
        /** The tenant's own collections searched; none named means all of them. */
        collections: v.optional(
          v.pipe(v.array(v.pipe(v.string(), v.regex(/^kbc_[0-9a-z]{23}$/))), v.maxLength(20)),
          [],
        ),
        /** An external source besides: rag, an HTTP retrieve endpoint at `url`; dify, a Dify app. */
        provider: v.optional(v.picklist(["none", "rag", "dify"]), "none"),
        url: v.optional(v.pipe(v.string(), v.maxLength(2048), v.url())),
        /** rag: an http_auth credential (optional); dify: the dify credential (required). */
        credential: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/))),
        timeoutMs: v.optional(int(200, 10_000), 3000),
        /** On each caller turn the reply waits at most this long for the search (0 turns it off). */
        turnBudgetMs: v.optional(int(0, 2000), 300),
        topK: v.optional(int(1, 20), 4),
      }),
      v.check((k) => k.provider !== "rag" || k.url !== undefined, "provider rag needs a url"),
      v.check(
        (k) => k.provider !== "dify" || k.credential !== undefined,
        "provider dify needs a credential (of kind dify)",
      ),
    ),
    {},
  ),
  /** Caller lines less confident than `confidenceThreshold` are transcribed again from their audio. */
  transcripts: v.optional(
    v.strictObject({
      /** Unset: the gateway's TRANSCRIPT_CONFIDENCE_THRESHOLD (0.75 by default). */
      confidenceThreshold: v.optional(num(0, 1)),
    }),
    {},
  ),
  /** Default values for greeting and prompt variables such as {{company}}. */
  variables: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/)), text(500)),
      v.maxEntries(100),
    ),
    {},
  ),
  /** The summary, outcome, sentiment and fields drawn from each call once it ended. */
  analysis: v.optional(AnalysisSettingsSchema, {}),
});

/**
 * Everything an agent is: what it says, how it sounds, how it takes turns, what it can do; with
 * the fields that must suit its model provider checked together.
 */
export const AgentConfigSchema = v.pipe(
  AgentConfigFields,
  v.check(
    (config) => providerMismatches(config).length === 0,
    (issue) => providerMismatches(issue.input).join("; "),
  ),
);

export type AgentConfig = v.InferOutput<typeof AgentConfigSchema>;
export type AgentConfigInput = v.InferInput<typeof AgentConfigSchema>;

/** A config with every default filled in, for agents created without one. */
export function defaultAgentConfig(): AgentConfig {
  return v.parse(AgentConfigSchema, {});
}
