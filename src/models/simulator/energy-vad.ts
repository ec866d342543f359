/** Turn detection settings, as the session's `turn_detection` gives them. */
export interface VadConfig {
  /** 0..1 like OpenAI's; 0.5 maps to an RMS of `rmsAtDefault` (full scale = 1). */
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
  idleTimeoutMs: number | null;
}

export type VadEvent =
  | { type: "speech_started"; audioStartMs: number }
  | { type: "speech_stopped"; audioEndMs: number }
  | { type: "idle_timeout"; audioStartMs: number; audioEndMs: number };

const SAMPLE_RATE = 24000;
const WINDOW_MS = 20;
const WINDOW_SAMPLES = (SAMPLE_RATE / 1000) * WINDOW_MS;

/**
 * Energy-based voice activity detection on PCM16 mono 24 kHz, on the audio's own clock
 * (milliseconds of audio received), so results do not depend on how fast audio arrives.
 * Speech starts after `minSpeechMs` of loud 20 ms windows in a row and stops after
 * `silenceDurationMs` of quiet ones.
 */
export class EnergyVad {
  private readonly window = new Int16Array(WINDOW_SAMPLES);
  private filled = 0;
  private windowsSeen = 0;
  private speaking = false;
  private loudRunMs = 0;
  private quietRunMs = 0;
  /** Audio time from which the idle timeout counts, or null when it is not armed. */
  private idleSinceMs: number | null = null;

  constructor(
    private config: VadConfig,
    private readonly rmsAtDefault = 0.02,
    private readonly minSpeechMs = 60,
  ) {}

  configure(config: VadConfig): void {
    this.config = config;
  }

  /** Milliseconds of audio received so far. */
  get audioMs(): number {
    return this.windowsSeen * WINDOW_MS + Math.floor(this.filled / (SAMPLE_RATE / 1000));
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** The agent finished speaking: the idle timeout starts counting from now. */
  armIdleTimeout(): void {
    this.idleSinceMs = this.speaking ? null : this.audioMs;
  }

  push(pcm: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(WINDOW_SAMPLES - this.filled, pcm.length - offset);
      this.window.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === WINDOW_SAMPLES) {
        this.filled = 0;
        this.windowsSeen += 1;
        const event = this.onWindow(rms(this.window) >= this.rmsThreshold());
        if (event) events.push(event);
      }
    }
    return events;
  }

  private rmsThreshold(): number {
    return this.rmsAtDefault * (this.config.threshold / 0.5);
  }

  private onWindow(loud: boolean): VadEvent | null {
    const nowMs = this.windowsSeen * WINDOW_MS;
    if (loud) {
      this.loudRunMs += WINDOW_MS;
      this.quietRunMs = 0;
    } else {
      this.quietRunMs += WINDOW_MS;
      this.loudRunMs = 0;
    }
    if (!this.speaking && this.loudRunMs >= this.minSpeechMs) {
      this.speaking = true;
      this.idleSinceMs = null;
      const speechStartMs = nowMs - this.loudRunMs;
      return {
        type: "speech_started",
        audioStartMs: Math.max(0, speechStartMs - this.config.prefixPaddingMs),
      };
    }
    if (this.speaking && this.quietRunMs >= this.config.silenceDurationMs) {
      this.speaking = false;
      return { type: "speech_stopped", audioEndMs: nowMs };
    }
    const idle = this.config.idleTimeoutMs;
    if (!this.speaking && idle !== null && this.idleSinceMs !== null) {
      if (nowMs - this.idleSinceMs >= idle) {
        const since = this.idleSinceMs;
        this.idleSinceMs = null; // fires once per agent turn
        return { type: "idle_timeout", audioStartMs: since, audioEndMs: nowMs };
      }
    }
    return null;
  }
}

function rms(window: Int16Array): number {
  let sum = 0;
  for (const sample of window) sum += sample * sample;
  return Math.sqrt(sum / window.length) / 32768;
}
