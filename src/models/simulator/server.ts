import type { RealtimeClientEvent, RealtimeError } from "openai/resources/realtime/realtime";
import { answerChatCompletion } from "./chat-completions";
import { type FaultableSocket, FaultControl, Outbox, type SimulatorFaults } from "./faults";
import { IdMaker } from "./ids";
import type { Pacing } from "./response-run";
import { type SimulatorScript, scriptWithDefaults, type TranscriptionClip } from "./script";
import { SimSession } from "./sim-session";
import { answerTranscription } from "./transcriptions";
import { sharedVoiceLines } from "./voice-lines";

export interface ModelSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  hostname?: string;
  /** When set, only `Authorization: Bearer <apiKey>` is let in; otherwise any bearer token. */
  apiKey?: string;
  script?: Partial<SimulatorScript>;
  /** Default: 60 ms chunks at 1.5x real time, 150 ms before the first audio. */
  pacing?: Partial<Pacing>;
  /** Close each session with 1001 after this long, like the real 60-minute limit. */
  sessionMaxMs?: number;
  /** Keep every client event except audio appends in `clientEvents`, and count appended samples. */
  recordClientEvents?: boolean;
}

export interface RecordedClientEvent {
  /** 1-based number of the connection it arrived on. */
  connection: number;
  event: RealtimeClientEvent;
}

/** What a client sent when it opened a connection. */
export interface Handshake {
  authorization: string | null;
  /** Must stay null: the header selects the retired beta protocol. */
  openaiBeta: string | null;
  model: string | null;
}

export interface ModelSimulator {
  /** REST-style base URL, e.g. http://127.0.0.1:4321/v1 (the client derives ws://…/v1/realtime). */
  url: string;
  port: number;
  faults: SimulatorFaults;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connection attempts turned away by `faults.refuseConnections`. */
  readonly refusedConnections: number;
  /** Audio samples appended by clients so far (counted with `recordClientEvents`). */
  readonly appendedSamples: number;
  clientEvents: RecordedClientEvent[];
  /** Every accepted connection's request headers of interest, in order. */
  handshakes: Handshake[];
  /** Clips received by `POST /v1/audio/transcriptions`, in order. */
  transcriptions: TranscriptionClip[];
  stop(): Promise<void>;
}

interface SocketData {
  connection: number;
  model: string;
  session?: SimSession;
  outbox?: Outbox;
  timer?: ReturnType<typeof setTimeout>;
}

const DEFAULT_PACING: Pacing = { chunkMs: 60, playbackSpeed: 1.5, firstAudioDelayMs: 150 };

/** Starts a local server that speaks the OpenAI Realtime GA protocol at `/v1/realtime`. */
export async function startModelSimulator(
  options: ModelSimulatorOptions = {},
): Promise<ModelSimulator> {
  const lines = await sharedVoiceLines();
  const script = scriptWithDefaults(options.script);
  const pacing = { ...DEFAULT_PACING, ...options.pacing };
  const faults = new FaultControl();
  const ids = new IdMaker();
  const clientEvents: RecordedClientEvent[] = [];
  const handshakes: Handshake[] = [];
  const transcriptions: TranscriptionClip[] = [];
  const stalled = new Set<() => void>();
  let connections = 0;
  let appendedSamples = 0;
  let refusedConnections = 0;

  const server = Bun.serve<SocketData>({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    fetch(request, srv) {
      const url = new URL(request.url);
      if (url.pathname.endsWith("/v1/chat/completions")) return rest(request, answerChatCompletion);
      if (url.pathname.endsWith("/v1/audio/transcriptions"))
        return rest(request, (req) => answerTranscription(req, script, transcriptions));
      if (!url.pathname.endsWith("/v1/realtime")) return new Response("not found", { status: 404 });
      const auth = request.headers.get("authorization") ?? "";
      const authorized = options.apiKey
        ? auth === `Bearer ${options.apiKey}`
        : /^Bearer \S+/.test(auth);
      if (!authorized)
        return Response.json({ error: { message: "Missing or invalid API key" } }, { status: 401 });
      if (faults.refusing) {
        refusedConnections += 1;
        return new Response("refused by fault injection", { status: 503 });
      }
      if (faults.stalling) {
        return new Promise<Response>((resolve) =>
          stalled.add(() => resolve(new Response(null, { status: 503 }))),
        );
      }
      connections += 1;
      handshakes.push({
        authorization: request.headers.get("authorization"),
        openaiBeta: request.headers.get("openai-beta"),
        model: url.searchParams.get("model"),
      });
      const data: SocketData = {
        connection: connections,
        model: url.searchParams.get("model") ?? "gpt-realtime",
      };
      if (srv.upgrade(request, { data })) return undefined;
      return new Response("expected a WebSocket upgrade", { status: 426 });
    },
    websocket: {
      open(ws) {
        const data = ws.data;
        let session: SimSession | null = null;
        const socket: FaultableSocket = {
          sendText: (text) => ws.send(text),
          terminate: () => ws.terminate(),
          close: (code, reason) => ws.close(code, reason),
          injectError: (error: RealtimeError) => session?.injectError(error),
        };
        const outbox = new Outbox(socket, () => faults.delay);
        session = new SimSession({
          ids,
          lines,
          script,
          pacing,
          model: data.model,
          send: (event) => outbox.push(JSON.stringify(event)),
        });
        data.session = session;
        data.outbox = outbox;
        faults.attach(outbox);
        if (options.sessionMaxMs !== undefined) {
          data.timer = setTimeout(() => ws.close(1001, "session expired"), options.sessionMaxMs);
        }
        session.start();
      },
      message(ws, message) {
        const text = typeof message === "string" ? message : new TextDecoder().decode(message);
        if (options.recordClientEvents) record(ws.data.connection, text);
        ws.data.session?.receive(text);
      },
      close(ws) {
        const { session, outbox, timer } = ws.data;
        clearTimeout(timer);
        session?.close();
        if (outbox) {
          outbox.kill();
          faults.detach(outbox);
        }
      },
    },
  });

  /** A plain HTTP endpoint: the same key check, and refused while connections are refused. */
  function rest(request: Request, answer: (request: Request) => Promise<Response>) {
    const auth = request.headers.get("authorization") ?? "";
    if (options.apiKey ? auth !== `Bearer ${options.apiKey}` : !/^Bearer \S+/.test(auth))
      return Response.json({ error: { message: "Missing or invalid API key" } }, { status: 401 });
    if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
    if (faults.refusing) return Response.json({ error: { message: "refused" } }, { status: 503 });
    return answer(request);
  }

  function record(connection: number, text: string): void {
    let event: RealtimeClientEvent;
    try {
      event = JSON.parse(text) as RealtimeClientEvent;
    } catch {
      return;
    }
    if (event.type === "input_audio_buffer.append") {
      const padding = event.audio.endsWith("==") ? 2 : event.audio.endsWith("=") ? 1 : 0;
      appendedSamples += ((event.audio.length * 3) / 4 - padding) / 2;
      return;
    }
    clientEvents.push({ connection, event });
  }

  const port = server.port ?? 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    faults,
    get connections() {
      return connections;
    },
    get refusedConnections() {
      return refusedConnections;
    },
    get appendedSamples() {
      return appendedSamples;
    },
    clientEvents,
    handshakes,
    transcriptions,
    async stop() {
      for (const release of stalled) release();
      for (const outbox of faults.open) {
        outbox.kill();
        outbox.socket.close(1000, "simulator stopped");
      }
      await server.stop(true);
    },
  };
}
