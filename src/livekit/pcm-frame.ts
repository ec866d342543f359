/**
 * The fields of an audio frame the room leg reads and writes: those of @livekit/rtc-node's
 * AudioFrame, named here so that the leg's logic does not import the native library.
 */
export interface PcmFrame {
  /** Interleaved PCM16 samples, `samplesPerChannel × channels` of them. */
  data: Int16Array;
  sampleRate: number;
  channels: number;
  samplesPerChannel: number;
}
