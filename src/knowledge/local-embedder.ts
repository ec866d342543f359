import type { EmbeddingSpec } from "../domain/knowledge";
import { type Embedder, normalise } from "./embedder";
import { contentWords, stem } from "./text-features";

export const LOCAL_EMBEDDING_MODEL = "local-hash-v1";

const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.3;

/** FNV-1a over the UTF-16 code units: fast, stable across runs and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Features of a text: its stemmed content words, pairs of neighbouring words, and character
 * trigrams of each word (which meet spelling variants and words the stemmer misses).
 */
function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) =>
    counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const stems = contentWords(text).map(stem);
  stems.forEach((word, i) => {
    add(`w:${word}`, WORD_WEIGHT);
    const next = stems[i + 1];
    if (next !== undefined) add(`p:${word} ${next}`, PAIR_WEIGHT);
    const marked = `<${word}>`;
    for (let j = 0; j + 3 <= marked.length; j++) add(`t:${marked.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
  });
  return counts;
}

/**
 * A deterministic embedding that needs no model and no network: features hashed into the vector
 * (the hashing trick, with a sign bit so collisions tend to cancel), repeated features damped
 * logarithmically, then scaled to length 1. It finds passages sharing words and word parts with
 * the question, not synonyms: it keeps search working, and testable, without an API key.
 */
export class LocalEmbedder implements Embedder {
  readonly spec: EmbeddingSpec;

  constructor(dimensions: number) {
    this.spec = { model: LOCAL_EMBEDDING_MODEL, dimensions };
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.spec.dimensions);
    for (const [feature, weight] of features(text)) {
      const h = hash(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      const slot = h % this.spec.dimensions;
      vector[slot] = (vector[slot] as number) + sign * Math.log1p(weight);
    }
    return normalise(vector);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }
}
