// One phone call as Twilio plays it on a bidirectional media stream: `connected` and `start`,
// then one 20 ms `media` chunk of the caller every 20 ms (speech when some is queued, µ-law
// silence otherwise); the gateway's audio is played back at real time, each of its marks
// echoed once the audio before it has played, `clear` drops what is still queued (its marks
// are echoed at once, as Twilio does); `stop` and a closed socket when the caller hangs up.

import { muLawDecode } from "../../src/audio/g711";

/** 20 ms of 8 kHz µ-law. */
export const CHUNK_BYTES = 160;
const SILENCE = new Uint8Array(CHUNK_BYTES).fill(0xff);
/** A played chunk louder than this (RMS, about -40 dBFS) counts as heard agent audio. */
const AUDIBLE_RMS = 328;

type Queued = { payload: string } | { mark: string };

export interface TwilioCallIds {
  accountSid: string;
  callSid: string;
  streamSid: string;
}

export class TwilioCall {
  private sequence = 0;
  private chunk = 0;
  private readonly playout: Queued[] = [];
  private readonly speech: Uint8Array[] = [];
  private readonly decoded = new Int16Array(CHUNK_BYTES);
  private open = true;
  /** 20 ms chunks of agent audio played that were audible. */
  audibleChunks = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly ids: TwilioCallIds,
  ) {
    ws.addEventListener("message", (event) => this.received(String(event.data)));
    ws.addEventListener("close", () => {
      this.open = false;
    });
  }

  /** Opens the stream's socket; resolves once open. */
  static connect(url: string, ids: TwilioCallIds, timeoutMs = 10_000): Promise<TwilioCall> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("stream socket did not open")), timeoutMs);
      ws.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new TwilioCall(ws, ids));
      });
      ws.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error("stream socket refused"));
      });
    });
  }

  get audibleMs(): number {
    return this.audibleChunks * 20;
  }

  /** `connected` and `start`, as Twilio sends them once the socket is open. */
  begin(): void {
    this.ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
    const { accountSid, callSid, streamSid } = this.ids;
    this.send({
      event: "start",
      streamSid,
      start: {
        accountSid,
        streamSid,
        callSid,
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        customParameters: {},
      },
    });
  }

  /** Queues caller speech (20 ms chunks); it goes out in place of silence, one chunk a tick. */
  say(chunks: Uint8Array[]): void {
    this.speech.push(...chunks);
  }

  /** One 20 ms tick: the next chunk of agent audio plays, and the caller's next chunk goes out. */
  tick(): void {
    if (!this.open) return;
    // Marks at the head follow audio that finished playing by now.
    while (this.playout[0] && "mark" in this.playout[0]) this.echo(this.playout.shift() as never);
    const next = this.playout.shift();
    if (next && "payload" in next && this.audible(next.payload)) this.audibleChunks++;
    this.chunk++;
    this.send({
      event: "media",
      streamSid: this.ids.streamSid,
      media: {
        track: "inbound",
        chunk: String(this.chunk),
        timestamp: String(this.chunk * 20),
        payload: Buffer.from(this.speech.shift() ?? SILENCE).toString("base64"),
      },
    });
  }

  /** The caller hangs up: Twilio sends `stop` and closes the socket. */
  hangUp(): void {
    if (!this.open) return;
    const { accountSid, callSid, streamSid } = this.ids;
    this.send({ event: "stop", streamSid, stop: { accountSid, callSid } });
    this.ws.close(1000);
    this.open = false;
  }

  private received(text: string): void {
    const message = JSON.parse(text) as {
      event: string;
      media?: { payload: string };
      mark?: { name: string };
    };
    if (message.event === "media" && message.media) {
      this.playout.push({ payload: message.media.payload });
    } else if (message.event === "mark" && message.mark) {
      this.playout.push({ mark: message.mark.name });
    } else if (message.event === "clear") {
      for (const item of this.playout.splice(0)) if ("mark" in item) this.echo(item);
    }
  }

  private echo(item: { mark: string }): void {
    this.send({ event: "mark", streamSid: this.ids.streamSid, mark: { name: item.mark } });
  }

  private audible(payload: string): boolean {
    const codes = Buffer.from(payload, "base64");
    if (codes.length !== CHUNK_BYTES) return false;
    muLawDecode(codes, this.decoded);
    let sum = 0;
    for (const sample of this.decoded) sum += sample * sample;
    return Math.sqrt(sum / CHUNK_BYTES) > AUDIBLE_RMS;
  }

  private send(message: Record<string, unknown>): void {
    if (!this.open) return;
    this.ws.send(JSON.stringify({ ...message, sequenceNumber: String(++this.sequence) }));
  }
}
