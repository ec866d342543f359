import * as v from "valibot";

/** What a model's tokens cost, in US dollars per million tokens of each kind. */
export interface ModelPrices {
  textIn: number;
  cachedTextIn: number;
  textOut: number;
  audioIn: number;
  cachedAudioIn: number;
  audioOut: number;
}

/** Model name → its prices. */
export type PriceTable = Readonly<Record<string, ModelPrices>>;

/**
 * OpenAI's list prices for its realtime models (USD per 1M tokens), as published when this was
 * written. Estimates only: PRICE_TABLE overrides or extends them when prices change.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  "gpt-realtime": price(4, 0.4, 16, 32, 0.4, 64),
  "gpt-realtime-1.5": price(4, 0.4, 16, 32, 0.4, 64),
  "gpt-realtime-2": price(4, 0.4, 24, 32, 0.4, 64),
  "gpt-realtime-mini": price(0.6, 0.06, 2.4, 10, 0.3, 20),
  "gpt-4o-realtime-preview": price(5, 2.5, 20, 40, 2.5, 80),
  "gpt-4o-mini-realtime-preview": price(0.6, 0.3, 2.4, 10, 0.3, 20),
};

function price(
  textIn: number,
  cachedTextIn: number,
  textOut: number,
  audioIn: number,
  cachedAudioIn: number,
  audioOut: number,
): ModelPrices {
  return { textIn, cachedTextIn, textOut, audioIn, cachedAudioIn, audioOut };
}

const dollarsPerMillion = v.pipe(
  v.number("must be a number of US dollars per million tokens"),
  v.minValue(0),
  v.maxValue(10_000),
);

const ModelPricesSchema = v.strictObject({
  textIn: dollarsPerMillion,
  cachedTextIn: dollarsPerMillion,
  textOut: dollarsPerMillion,
  audioIn: dollarsPerMillion,
  cachedAudioIn: dollarsPerMillion,
  audioOut: dollarsPerMillion,
});

const PRICE_TABLE_SHAPE =
  'must be JSON like {"gpt-realtime": {"textIn": 4, "cachedTextIn": 0.4, "textOut": 16, ' +
  '"audioIn": 32, "cachedAudioIn": 0.4, "audioOut": 64}}';

/**
 * PRICE_TABLE: JSON of model name → prices (USD per million tokens), laid over the built-in
 * table: a model named here replaces its built-in entry whole, others keep theirs.
 */
export const PriceTableSetting = v.optional(
  v.pipe(
    v.string(),
    v.parseJson(undefined, PRICE_TABLE_SHAPE),
    v.record(
      v.pipe(v.string(), v.regex(/^[\w.:-]{1,100}$/, "must be a model name")),
      ModelPricesSchema,
      PRICE_TABLE_SHAPE,
    ),
    v.transform((overrides): PriceTable => ({ ...DEFAULT_PRICE_TABLE, ...overrides })),
  ),
  JSON.stringify({}),
);

/** A model's prices: its own entry, or its family's for a dated snapshot (`gpt-realtime-2025-08-28`). */
export function pricesFor(table: PriceTable, model: string): ModelPrices | null {
  const own = table[model];
  if (own) return own;
  const family = /^(.+)-\d{4}-\d{2}-\d{2}$/.exec(model)?.[1];
  return family ? (table[family] ?? null) : null;
}

/** Token counts of a call by kind; cached input tokens are part of the input counts. */
export interface TokenCounts {
  inputTextTokens: number;
  inputAudioTokens: number;
  cachedInputTextTokens: number;
  cachedInputAudioTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
}

/**
 * Estimated cost in micro-dollars (millionths of a US dollar), rounded to a whole one. A price in
 * dollars per million tokens is exactly micro-dollars per token. Cached tokens are priced at the
 * cached rate and the rest of the input at the full rate, so no token is counted twice.
 */
export function costMicroUsd(tokens: TokenCounts, prices: ModelPrices): number {
  const uncachedText = Math.max(0, tokens.inputTextTokens - tokens.cachedInputTextTokens);
  const uncachedAudio = Math.max(0, tokens.inputAudioTokens - tokens.cachedInputAudioTokens);
  return Math.round(
    uncachedText * prices.textIn +
      tokens.cachedInputTextTokens * prices.cachedTextIn +
      tokens.outputTextTokens * prices.textOut +
      uncachedAudio * prices.audioIn +
      tokens.cachedInputAudioTokens * prices.cachedAudioIn +
      tokens.outputAudioTokens * prices.audioOut,
  );
}
