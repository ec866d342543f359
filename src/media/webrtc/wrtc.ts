import { createRequire } from "node:module";

/**
 * A call worker thread loads a copy of the addon of its own (src/call-workers/own-wrtc.ts): one
 * library instance serves one thread only. Everywhere else the package itself is loaded.
 */
const ownCopy = (globalThis as { wrtcAddonPath?: string }).wrtcAddonPath;
const wrtc: unknown = createRequire(import.meta.url)(ownCopy ?? "@roamhq/wrtc");

/**
 * The parts of @roamhq/wrtc this project uses, typed once here: its own typings leave the
 * non-standard audio source and sink (raw PCM in and out) untyped. Only src/media/webrtc/ and
 * the test caller import this file.
 */
export interface AudioData {
  /** Interleaved PCM16 when channelCount > 1. */
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample: number;
  channelCount: number;
  /** Samples per channel. */
  numberOfFrames: number;
}

export interface WrtcAudioSource {
  createTrack(): MediaStreamTrack;
  /** Copies one 10 ms frame into the encoder's queue; the array may be reused afterwards. */
  onData(data: AudioData): void;
}

export interface WrtcAudioSink {
  /** Called with each 10 ms of decoded audio (NetEq output: it keeps coming through loss). */
  ondata: ((data: AudioData) => void) | null;
  stop(): void;
}

/** wrtc's non-standard configuration: the ports the ICE sockets may bind. */
export interface WrtcConfiguration extends RTCConfiguration {
  portRange?: { min: number; max: number };
}

interface WrtcModule {
  RTCPeerConnection: {
    new (configuration?: WrtcConfiguration): RTCPeerConnection;
    prototype: RTCPeerConnection;
  };
  MediaStream: typeof MediaStream;
  nonstandard: {
    RTCAudioSource: new () => WrtcAudioSource;
    RTCAudioSink: new (track: MediaStreamTrack) => WrtcAudioSink;
  };
}

export const Wrtc = wrtc as unknown as WrtcModule;
