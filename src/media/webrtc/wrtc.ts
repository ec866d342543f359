import wrtc from "@roamhq/wrtc";

/**
 * The parts of @roamhq/wrtc this project uses, typed here once: its own typings do not cover
 * the non-standard audio source and sink that carry raw PCM.
 */
export interface AudioData {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample: number;
  channelCount: number;
  numberOfFrames: number;
}

export interface WrtcAudioSource {
  createTrack(): MediaStreamTrack;
  onData(data: AudioData): void;
}

export interface WrtcAudioSink {
  ondata: ((data: AudioData) => void) | null;
  stop(): void;
}

interface WrtcModule {
  RTCPeerConnection: typeof RTCPeerConnection;
  MediaStream: typeof MediaStream;
  nonstandard: {
    RTCAudioSource: new () => WrtcAudioSource;
    RTCAudioSink: new (track: MediaStreamTrack) => WrtcAudioSink;
  };
}

export const Wrtc = wrtc as unknown as WrtcModule;
