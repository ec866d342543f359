import OpenAI from "openai";
import type { EmbeddingSpec } from "../domain/knowledge";
import { type Embedder, normalise } from "./embedder";

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** OPENAI_BASE_URL: the operator's, so trusted (no egress guard). */
  baseUrl: string;
  spec: EmbeddingSpec;
  /** Per request; a call's search passes its own, shorter signal. */
  timeoutMs?: number;
}

/** Texts sent in one request: the API takes up to 2048, but smaller requests fail cheaper. */
const BATCH = 64;

/** Embeddings from the OpenAI API (`text-embedding-3-small` and its kin), at the asked dimension. */
export class OpenAIEmbedder implements Embedder {
  readonly spec: EmbeddingSpec;
  private readonly client: OpenAI;

  constructor(options: OpenAIEmbedderOptions) {
    this.spec = options.spec;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: 2,
    });
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += BATCH) {
      const input = texts.slice(start, start + BATCH);
      const response = await this.client.embeddings.create(
        {
          model: this.spec.model,
          input,
          dimensions: this.spec.dimensions,
          encoding_format: "float",
        },
        signal ? { signal } : undefined,
      );
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      if (ordered.length !== input.length) {
        throw new Error(
          `the embedding service returned ${ordered.length} vectors for ${input.length} texts`,
        );
      }
      for (const item of ordered) {
        if (item.embedding.length !== this.spec.dimensions) {
          throw new Error(
            `the embedding service returned ${item.embedding.length} dimensions, not ${this.spec.dimensions}`,
          );
        }
        vectors.push(normalise(Float32Array.from(item.embedding)));
      }
    }
    return vectors;
  }
}
