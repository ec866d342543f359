import type { MediaModality } from "@google/genai";
import { abortableWait } from "../abortable-wait";
import type { GeminiServerMessage, GeminiUsage } from "../gemini/wire";
import { pcmToBase64 } from "../openai/pcm-base64";
import type { Pacing } from "../simulator/response-run";
import type { VoiceLine } from "../simulator/voice-lines";

export interface TurnFacts {
  /** Characters of text the model has been given (instructions, turns, tool results). */
  textChars: number;
  /** Milliseconds of caller audio received. */
  audioMs: number;
}

/**
 * One model turn of the simulated Gemini Live: a voice line streamed as `modelTurn` audio parts
 * with its `outputTranscription` alongside, then `generationComplete`, then (once it could have
 * been played) `turnComplete` with the turn's `usageMetadata`. An interruption (the caller's
 * barge-in) stops it at any point before `turnComplete`.
 */
export class TurnPlayer {
  private readonly stop = new AbortController();
  private sentSamples = 0;

  constructor(
    private readonly send: (message: GeminiServerMessage) => void,
    private readonly pacing: Pacing,
    private readonly line: VoiceLine,
  ) {}

  get interrupted(): boolean {
    return this.stop.signal.aborted;
  }

  /** The caller spoke over the turn: what was not sent yet never will be. */
  interrupt(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    this.send({ serverContent: { interrupted: true } });
    this.send({ serverContent: { turnComplete: true } });
  }

  /** Streams the turn; resolves with the usage once it completed, or null when interrupted. */
  async play(facts: TurnFacts): Promise<GeminiUsage | null> {
    const { pcm, text } = this.line;
    const chunk = Math.round((24000 * this.pacing.chunkMs) / 1000);
    const words = text.split(/(?<=\s)/);
    const chunks = Math.max(1, Math.ceil(pcm.length / chunk));
    await abortableWait(this.pacing.firstAudioDelayMs, this.stop.signal);
    const firstAudioAt = performance.now();
    let wordsSent = 0;
    for (let i = 0; i < chunks; i++) {
      if (this.stop.signal.aborted) return null;
      const part = pcm.subarray(i * chunk, Math.min(pcm.length, (i + 1) * chunk));
      this.sentSamples += part.length;
      this.send({
        serverContent: {
          modelTurn: {
            parts: [{ inlineData: { mimeType: "audio/pcm;rate=24000", data: pcmToBase64(part) } }],
          },
        },
      });
      // The transcript keeps pace with the audio, a few words at a time.
      const due = Math.ceil((words.length * (i + 1)) / chunks);
      if (due > wordsSent) {
        this.send({
          serverContent: { outputTranscription: { text: words.slice(wordsSent, due).join("") } },
        });
        wordsSent = due;
      }
      await abortableWait(this.pacing.chunkMs / this.pacing.playbackSpeed, this.stop.signal);
    }
    if (this.stop.signal.aborted) return null;
    const audioMs = (this.sentSamples / 24000) * 1000;
    this.send({ serverContent: { generationComplete: true } });
    // Like the service, the turn completes once the audio could have been played in real time,
    // and until then the caller can still interrupt it.
    await abortableWait(Math.max(0, firstAudioAt + audioMs - performance.now()), this.stop.signal);
    if (this.stop.signal.aborted) return null;
    const usage = usageOf(facts, audioMs, text);
    this.send({ serverContent: { turnComplete: true }, usageMetadata: usage });
    return usage;
  }
}

/** Deterministic token counts: 4 characters a text token, 25 tokens a second of audio. */
export function usageOf(facts: TurnFacts, outputAudioMs: number, outputText: string): GeminiUsage {
  const inputText = Math.ceil(facts.textChars / 4);
  const inputAudio = Math.round(facts.audioMs / 40);
  const outputAudio = Math.round(outputAudioMs / 40);
  const outputTextTokens = Math.ceil(outputText.length / 4);
  const prompt = inputText + inputAudio;
  const response = outputAudio + outputTextTokens;
  return {
    promptTokenCount: prompt,
    promptTokensDetails: [
      { modality: "TEXT" as MediaModality, tokenCount: inputText },
      { modality: "AUDIO" as MediaModality, tokenCount: inputAudio },
    ],
    responseTokenCount: response,
    responseTokensDetails: [
      { modality: "TEXT" as MediaModality, tokenCount: outputTextTokens },
      { modality: "AUDIO" as MediaModality, tokenCount: outputAudio },
    ],
    totalTokenCount: prompt + response,
  };
}
