import OpenAI, { toFile } from "openai";
import { confidenceFromLogprobs } from "./confidence";
import { wavFromPcm16 } from "./wav";

export const RETRANSCRIPTION_MODEL = "gpt-4o-transcribe";

/** A second reading of a caller's clip. */
export interface Retranscript {
  text: string;
  model: string;
  /** From the second reading's own log-probabilities; null when it sent none. */
  confidence: number | null;
}

/** Transcribes a clip of caller audio again, more carefully than the live session did. */
export interface Retranscriber {
  transcribe(
    clip: { pcm: Int16Array; sampleRate: number; language?: string },
    signal?: AbortSignal,
  ): Promise<Retranscript>;
}

export interface OpenAIRetranscriberOptions {
  apiKey: string;
  /** The same base URL the model legs use (the operator's OpenAI, or the simulator). */
  baseUrl: string;
  model?: string;
  timeoutMs?: number;
  /** Retries of a failed request (default 2, with the client's backoff). */
  maxRetries?: number;
}

/** `audio.transcriptions.create` with the clip as WAV, asking for log-probabilities. */
export class OpenAIRetranscriber implements Retranscriber {
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(options: OpenAIRetranscriberOptions) {
    this.model = options.model ?? RETRANSCRIPTION_MODEL;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  async transcribe(
    clip: { pcm: Int16Array; sampleRate: number; language?: string },
    signal?: AbortSignal,
  ): Promise<Retranscript> {
    const file = await toFile(wavFromPcm16(clip.pcm, clip.sampleRate), "utterance.wav", {
      type: "audio/wav",
    });
    const result = await this.client.audio.transcriptions.create(
      {
        file,
        model: this.model,
        response_format: "json",
        include: ["logprobs"],
        ...(clip.language ? { language: clip.language } : {}),
      },
      signal ? { signal } : undefined,
    );
    const logprobs = (result.logprobs ?? []).flatMap((p) =>
      p.token !== undefined && p.logprob !== undefined
        ? [{ token: p.token, logprob: p.logprob }]
        : [],
    );
    return {
      text: result.text,
      model: this.model,
      confidence: confidenceFromLogprobs(logprobs),
    };
  }
}
