import { createHmac } from "node:crypto";
import type { Server } from "bun";
import type { TestApi } from "./api-harness";
import { publishedAgent } from "./browser-calls";

/** The public URL the test gateway believes it has (PUBLIC_BASE_URL), as Twilio would call it. */
export const PUBLIC_BASE_URL = "https://voice.example.com";
export const ACCOUNT_SID = `AC${"a1".repeat(16)}`;
export const AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
export const TWILIO_NUMBER = "+15550104242";
export const CALLER_NUMBER = "+447700900123";

/** A tenant with a published agent answering a Twilio number, with its `twilio` credential. */
export async function twilioLine(
  api: TestApi,
  config: Record<string, unknown> = {},
  number = TWILIO_NUMBER,
) {
  const { tenantId, key } = await api.tenantWithKey();
  const agentId = await publishedAgent(api, key, config);
  const cred = await api.call("PUT", `/v1/tenants/${tenantId}/credentials/twilio`, {
    key,
    body: { kind: "twilio", accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  });
  if (cred.status !== 200 && cred.status !== 201) throw new Error(JSON.stringify(cred.body));
  const binding = await api.call("POST", "/v1/bindings", {
    key,
    body: { agentId, channel: "twilio", address: number },
  });
  if (binding.status !== 201) throw new Error(JSON.stringify(binding.body));
  return { tenantId, key, agentId };
}

/** Twilio's voice request form for a call to `to`, in the order Twilio sends its fields. */
export function voiceForm(callSid: string, to = TWILIO_NUMBER): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: "2010-04-01",
    CallSid: callSid,
    CallStatus: "ringing",
    Called: to,
    Caller: CALLER_NUMBER,
    Direction: "inbound",
    From: CALLER_NUMBER,
    To: to,
  };
}

/** Signs as Twilio documents it: HMAC-SHA1 over the URL and the sorted name+value pairs. */
export function twilioSign(authToken: string, url: string, form: Record<string, string>): string {
  const data = Object.keys(form)
    .sort()
    .reduce((acc, name) => acc + name + form[name], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

/** POSTs the voice webhook as Twilio does, signed with `authToken` unless a signature is given. */
export function postVoice(
  api: TestApi,
  tenantId: string,
  form: Record<string, string>,
  signature?: string | null,
) {
  const path = `/webhooks/twilio/${tenantId}/voice`;
  const sig =
    signature === undefined ? twilioSign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form) : signature;
  return api.call("POST", path, {
    key: null,
    rawBody: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(sig === null ? {} : { "x-twilio-signature": sig }),
    },
  });
}

/** The stream URL in a `<Connect><Stream>` answer. */
export function streamUrlOf(twiml: string): string | null {
  return /<Stream url="([^"]+)"/.exec(twiml)?.[1]?.replace(/&amp;/g, "&") ?? null;
}

/** Serves the test gateway on a real port, with Twilio's media streams beside the app. */
export function serveGateway(api: TestApi): Server<unknown> {
  return Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: api.twilio.streams.fetchWith(api.app.fetch) as never,
    websocket: api.twilio.streams.websocket,
  }) as unknown as Server<unknown>;
}

/** The local address of a stream URL the gateway handed out for its public host. */
export function localStreamUrl(server: Server<unknown>, streamUrl: string): string {
  return `ws://127.0.0.1:${server.port}${new URL(streamUrl).pathname}`;
}

export type TwilioOut =
  | { event: "media"; streamSid: string; media: { payload: string } }
  | { event: "mark"; streamSid: string; mark: { name: string } }
  | { event: "clear"; streamSid: string };

/**
 * Twilio's side of a bidirectional media stream, message for message as documented: it sends
 * `connected`, `start`, `media`, `mark` echoes, `dtmf` and `stop`, and keeps what the gateway sent.
 */
export class TwilioStreamClient {
  readonly received: TwilioOut[] = [];
  readonly closed: Promise<{ code: number }>;
  private sequence = 0;
  private chunk = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly streamSid: string,
  ) {
    ws.addEventListener("message", (event) => this.received.push(JSON.parse(String(event.data))));
    this.closed = new Promise((resolve) =>
      ws.addEventListener("close", (event) => resolve({ code: event.code })),
    );
  }

  /** Opens the socket; resolves once open, or rejects with the HTTP refusal. */
  static open(url: string, streamSid = `MZ${"0f".repeat(16)}`): Promise<TwilioStreamClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.addEventListener("open", () => resolve(new TwilioStreamClient(ws, streamSid)));
      ws.addEventListener("error", () => reject(new Error("stream socket refused")));
    });
  }

  private send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ ...message, sequenceNumber: String(++this.sequence) }));
  }

  connected(): void {
    this.ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
  }

  start(callSid: string, accountSid = ACCOUNT_SID): void {
    this.send({
      event: "start",
      streamSid: this.streamSid,
      start: {
        accountSid,
        streamSid: this.streamSid,
        callSid,
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        customParameters: {},
      },
    });
  }

  /** One 20 ms chunk of caller audio (160 µ-law bytes). */
  media(codes: Uint8Array): void {
    this.chunk++;
    this.send({
      event: "media",
      streamSid: this.streamSid,
      media: {
        track: "inbound",
        chunk: String(this.chunk),
        timestamp: String(this.chunk * 20),
        payload: Buffer.from(codes).toString("base64"),
      },
    });
  }

  /** Tells the gateway a mark of its own has played. */
  markPlayed(name: string): void {
    this.send({ event: "mark", streamSid: this.streamSid, mark: { name } });
  }

  dtmf(digit: string): void {
    this.send({
      event: "dtmf",
      streamSid: this.streamSid,
      dtmf: { track: "inbound_track", digit },
    });
  }

  stop(callSid: string): void {
    this.send({
      event: "stop",
      streamSid: this.streamSid,
      stop: { accountSid: ACCOUNT_SID, callSid },
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Twilio's status callback form for a call, as it posts one (a few of its many fields). */
export function statusForm(
  callSid: string,
  status: string,
  call: { from?: string; to?: string; direction?: string } = {},
): Record<string, string> {
  return {
    AccountSid: ACCOUNT_SID,
    ApiVersion: "2010-04-01",
    CallSid: callSid,
    CallStatus: status,
    CallbackSource: "call-progress-events",
    Direction: call.direction ?? "outbound-api",
    From: call.from ?? TWILIO_NUMBER,
    SequenceNumber: "0",
    Timestamp: new Date().toUTCString(),
    To: call.to ?? CALLER_NUMBER,
  };
}

/** POSTs a status callback as Twilio does, signed with `authToken` unless a signature is given. */
export function postStatus(
  api: TestApi,
  tenantId: string,
  form: Record<string, string>,
  signature?: string | null,
  headers: Record<string, string> = {},
) {
  const url = `${PUBLIC_BASE_URL}/webhooks/twilio/${tenantId}/status`;
  return postCallback(api, url, form, signature, headers);
}

/** POSTs to a callback URL the gateway gave Twilio (`StatusCallback`), signed as Twilio signs. */
export function postCallback(
  api: TestApi,
  url: string,
  form: Record<string, string>,
  signature?: string | null,
  headers: Record<string, string> = {},
) {
  const sig = signature === undefined ? twilioSign(AUTH_TOKEN, url, form) : signature;
  const { pathname, search } = new URL(url);
  return api.call("POST", pathname + search, {
    key: null,
    rawBody: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(sig === null ? {} : { "x-twilio-signature": sig }),
      ...headers,
    },
  });
}
