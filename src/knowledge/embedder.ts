import type { EmbeddingSpec } from "../domain/knowledge";

/** Turns texts into unit vectors of one model and dimension; vectors are compared by cosine. */
export interface Embedder {
  readonly spec: EmbeddingSpec;
  /** One vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Scales a vector to length 1 in place (a zero vector stays zero). */
export function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}

/**
 * The embedders this server can run: the configured one for new collections, and whichever a
 * collection was made with, if still available (the offline one always is).
 */
export class Embedders {
  constructor(
    readonly configured: Embedder,
    private readonly others: readonly Embedder[] = [],
    private readonly make: (spec: EmbeddingSpec) => Embedder | null = () => null,
  ) {}

  /** The embedder of this model and dimension, or null when this server cannot run it. */
  forSpec(spec: EmbeddingSpec): Embedder | null {
    const known = [this.configured, ...this.others].find(
      (e) => e.spec.model === spec.model && e.spec.dimensions === spec.dimensions,
    );
    return known ?? this.make(spec);
  }
}
