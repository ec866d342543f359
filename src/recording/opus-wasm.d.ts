// The WASM build inside @evan/opus, imported by path so that its native build is never chosen
// instead (the package's main entry prefers native where it loads).
declare module "@evan/opus/wasm/index.js" {
  export class Encoder {
    constructor(options: { channels: 1 | 2; sample_rate: number; application: "voip" | "audio" });
    readonly channels: 1 | 2;
    /** An encoder CTL: with `value` sets it (returns 0), without reads it. */
    ctl(request: number, value?: number): number;
    /** One frame of interleaved PCM16 in; one Opus packet out. */
    encode(pcm: ArrayBufferView): Uint8Array;
    drop(): void;
  }
}
