import type { RealtimeAudioFormats } from "openai/resources/realtime/realtime";
import { aLawDecode, aLawEncode, muLawDecode, muLawEncode } from "../../audio/g711";
import { Resampler } from "../../audio/resampler";
import { pcmFromBase64, pcmToBase64 } from "../openai/pcm-base64";

/**
 * The session audio formats the GA service takes, each way: PCM16 at 24 kHz, or G.711 µ-law
 * (`audio/pcmu`) or A-law (`audio/pcma`) at 8 kHz, one byte per sample, base64 on the wire.
 * The simulator itself listens and speaks at 24 kHz PCM; these convert at its edge.
 */
const TYPES = ["audio/pcm", "audio/pcmu", "audio/pcma"] as const;
type FormatType = (typeof TYPES)[number];
const G711_RATE = 8000;
const SIM_RATE = 24000;

function typeOf(format: RealtimeAudioFormats | undefined): FormatType {
  return format?.type ?? "audio/pcm";
}

/** What is wrong with a format a client asked for, as the service says it; null when fine. */
export function formatProblem(
  format: RealtimeAudioFormats | undefined,
  param: string,
): { message: string; param: string } | null {
  if (format === undefined) return null;
  const type = format.type ?? "audio/pcm";
  if (!(TYPES as readonly string[]).includes(type))
    return {
      message: `Invalid value: '${type}'. Supported values are: 'audio/pcm', 'audio/pcmu', and 'audio/pcma'.`,
      param: `${param}.type`,
    };
  const rate = (format as { rate?: number }).rate;
  if (type === "audio/pcm" && rate !== undefined && rate !== SIM_RATE)
    return {
      message: `Invalid value: ${rate}. Supported values are: ${SIM_RATE}.`,
      param: `${param}.rate`,
    };
  return null;
}

/** Caller audio in the session's input format, as the 24 kHz PCM the simulator hears. */
export class AudioIn {
  readonly type: FormatType;
  private readonly up: Resampler | null;

  constructor(format: RealtimeAudioFormats | undefined) {
    this.type = typeOf(format);
    this.up = this.type === "audio/pcm" ? null : new Resampler(G711_RATE, SIM_RATE);
  }

  /** One `input_audio_buffer.append` payload; a fresh array each time. */
  toPcm24k(base64: string): Int16Array {
    if (!this.up) return pcmFromBase64(base64);
    const codes = Buffer.from(base64, "base64");
    const pcm8k = this.type === "audio/pcmu" ? muLawDecode(codes) : aLawDecode(codes);
    return this.up.process(pcm8k).slice();
  }

  dispose(): void {
    this.up?.dispose();
  }
}

/** The simulator's 24 kHz voice in the session's output format, one stream per response. */
export class AudioOut {
  readonly type: FormatType;
  private readonly down: Resampler | null;

  constructor(format: RealtimeAudioFormats | undefined) {
    this.type = typeOf(format);
    this.down = this.type === "audio/pcm" ? null : new Resampler(SIM_RATE, G711_RATE);
  }

  /** One `response.output_audio.delta` payload, and the milliseconds of audio it carries. */
  encode(pcm: Int16Array): { base64: string; ms: number } {
    if (!this.down) return { base64: pcmToBase64(pcm), ms: pcm.length / (SIM_RATE / 1000) };
    const pcm8k = this.down.process(pcm);
    const codes = this.type === "audio/pcmu" ? muLawEncode(pcm8k) : aLawEncode(pcm8k);
    return {
      base64: Buffer.from(codes.buffer, 0, codes.length).toString("base64"),
      ms: codes.length / (G711_RATE / 1000),
    };
  }

  dispose(): void {
    this.down?.dispose();
  }
}
