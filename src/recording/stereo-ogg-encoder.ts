import { Encoder } from "@evan/opus/wasm/index.js";
import { MAX_PACKETS_PER_PAGE, oggPage, opusHeadPacket, opusTagsPacket } from "../audio/ogg-pages";

/** Recordings are encoded at the media leg's rate: no resampling on the way. */
export const RECORDING_RATE = 48000;
/** Samples per channel in one 20 ms Opus frame. */
export const OPUS_FRAME_SAMPLES = 960;
/** Stereo samples (interleaved) in one 20 ms frame. */
export const STEREO_FRAME_SAMPLES = OPUS_FRAME_SAMPLES * 2;
const BITRATE = 32_000;
/** Half libopus's default: about half the CPU, and plenty for speech (see BENCHMARKS.md). */
const COMPLEXITY = 5;
const OPUS_SET_BITRATE = 4002;
const OPUS_SET_COMPLEXITY = 4010;
const OPUS_GET_LOOKAHEAD = 4027;

/**
 * One call's stereo Opus stream as Ogg pages: feed it whole 20 ms frames of interleaved 48 kHz
 * PCM16 and it returns the pages to append, the OpusHead and OpusTags pages first. Granule
 * positions count 48 kHz samples from the start, pre-skip included (RFC 7845).
 */
export class StereoOggEncoder {
  private readonly encoder = new Encoder({
    channels: 2,
    sample_rate: RECORDING_RATE,
    application: "voip",
  });
  private readonly preSkip: number;
  private sequence = 0;
  private granule: number;
  private headersWritten = false;
  private ended = false;

  constructor(
    private readonly serial: number,
    private readonly comments: readonly string[] = [],
  ) {
    this.encoder.ctl(OPUS_SET_BITRATE, BITRATE);
    this.encoder.ctl(OPUS_SET_COMPLEXITY, COMPLEXITY);
    this.preSkip = this.encoder.ctl(OPUS_GET_LOOKAHEAD);
    this.granule = this.preSkip;
  }

  /**
   * Encodes `pcm` (a whole number of 20 ms stereo frames, the last one possibly padded) into one
   * or more pages. `validSamples` says how many samples per channel are real audio: the final
   * page's granule then stops there, and players drop the padding. `last` ends the stream.
   */
  encode(pcm: Int16Array, options: { validSamples?: number; last?: boolean } = {}): Uint8Array[] {
    if (this.ended) throw new Error("recording stream already ended");
    if (pcm.length % STEREO_FRAME_SAMPLES !== 0) throw new Error("whole 20 ms frames only");
    const pages: Uint8Array[] = this.headersWritten ? [] : this.headerPages();
    const valid = options.validSamples ?? pcm.length / 2;
    // The encoder runs `preSkip` samples behind: the stream's end is padded with silence past
    // the last real sample so that it comes out, and the final granule drops the padding.
    if (options.last) pcm = padTo(pcm, Math.ceil((valid + this.preSkip) / OPUS_FRAME_SAMPLES));
    const frames = pcm.length / STEREO_FRAME_SAMPLES;
    const base = this.granule;
    let packets: Uint8Array[] = [];
    for (let f = 0; f < frames; f++) {
      const at = f * STEREO_FRAME_SAMPLES;
      packets.push(this.encoder.encode(pcm.subarray(at, at + STEREO_FRAME_SAMPLES)));
      const isLastFrame = f === frames - 1;
      if (packets.length < MAX_PACKETS_PER_PAGE && !isLastFrame) continue;
      const granule = base + Math.min((f + 1) * OPUS_FRAME_SAMPLES, valid);
      pages.push(this.page(packets, { granule, eos: isLastFrame && options.last === true }));
      packets = [];
    }
    this.granule = base + valid;
    if (options.last) this.ended = true;
    return pages;
  }

  /** Releases the encoder's memory (inside the shared WASM instance). */
  dispose(): void {
    this.encoder.drop();
  }

  private headerPages(): Uint8Array[] {
    this.headersWritten = true;
    const head = this.page([opusHeadPacket(2, this.preSkip, RECORDING_RATE)], {
      granule: 0,
      bos: true,
    });
    const tags = this.page([opusTagsPacket("astra-voice (libopus)", this.comments)], {
      granule: 0,
    });
    return [head, tags];
  }

  private page(packets: Uint8Array[], flags: { granule?: number; bos?: boolean; eos?: boolean }) {
    return oggPage(packets, {
      serial: this.serial,
      sequence: this.sequence++,
      granule: flags.granule ?? this.granule,
      bos: flags.bos ?? false,
      eos: flags.eos ?? false,
    });
  }
}

/** `pcm` lengthened with silence to at least `frames` stereo 20 ms frames. */
function padTo(pcm: Int16Array, frames: number): Int16Array {
  if (pcm.length >= frames * STEREO_FRAME_SAMPLES) return pcm;
  const padded = new Int16Array(frames * STEREO_FRAME_SAMPLES);
  padded.set(pcm);
  return padded;
}
