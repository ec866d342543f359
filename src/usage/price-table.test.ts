import { describe, expect, test } from "bun:test";
import { ConfigError, readEnv } from "../config/env";
import { costMicroUsd, DEFAULT_PRICE_TABLE, pricesFor } from "./price-table";

const TOKENS = {
  inputTextTokens: 1_000,
  inputAudioTokens: 10_000,
  cachedInputTextTokens: 600,
  cachedInputAudioTokens: 4_000,
  outputTextTokens: 200,
  outputAudioTokens: 5_000,
};

describe("price table", () => {
  test("cached tokens are priced at the cached rate and not again at the full one", () => {
    const prices = DEFAULT_PRICE_TABLE["gpt-realtime"];
    if (!prices) throw new Error("gpt-realtime has no built-in prices");
    // 400 text + 6000 audio tokens at full rate; 600 + 4000 cached; outputs.
    expect(costMicroUsd(TOKENS, prices)).toBe(
      400 * 4 + 600 * 0.4 + 200 * 16 + 6_000 * 32 + 4_000 * 0.4 + 5_000 * 64,
    );
  });

  test("a dated snapshot is priced as its model; an unknown model is not priced", () => {
    expect(pricesFor(DEFAULT_PRICE_TABLE, "gpt-realtime-2025-08-28")).toBe(
      DEFAULT_PRICE_TABLE["gpt-realtime"] ?? null,
    );
    expect(pricesFor(DEFAULT_PRICE_TABLE, "gpt-realtime-mini")?.cachedTextIn).toBe(0.06);
    expect(pricesFor(DEFAULT_PRICE_TABLE, "someone-elses-model")).toBeNull();
  });

  test("PRICE_TABLE overrides or adds models and keeps the other built-in ones", () => {
    const own = {
      textIn: 1,
      cachedTextIn: 0.1,
      textOut: 2,
      audioIn: 3,
      cachedAudioIn: 0.3,
      audioOut: 4,
    };
    const env = readEnv({
      PRICE_TABLE: JSON.stringify({ "gpt-realtime": own, "house-voice": own }),
    });
    expect(env.PRICE_TABLE["gpt-realtime"]).toEqual(own);
    expect(env.PRICE_TABLE["house-voice"]).toEqual(own);
    expect(env.PRICE_TABLE["gpt-realtime-mini"]).toEqual(DEFAULT_PRICE_TABLE["gpt-realtime-mini"]);
    expect(readEnv({}).PRICE_TABLE).toEqual(DEFAULT_PRICE_TABLE);
  });

  test("a malformed PRICE_TABLE stops the start with the variable named", () => {
    for (const bad of [
      "{not json",
      '{"gpt-realtime": {"textIn": 4}}',
      '{"gpt-realtime": {"textIn": -1, "cachedTextIn": 0, "textOut": 0, "audioIn": 0, "cachedAudioIn": 0, "audioOut": 0}}',
    ]) {
      expect(() => readEnv({ PRICE_TABLE: bad })).toThrow(ConfigError);
      expect(() => readEnv({ PRICE_TABLE: bad })).toThrow(/PRICE_TABLE/);
    }
  });
});
