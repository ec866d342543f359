import type { Pacing } from "../simulator/response-run";
import { type SimulatorScript, scriptWithDefaults } from "../simulator/script";
import { sharedVoiceLines } from "../simulator/voice-lines";
import { LiveSimSession } from "./live-sim-session";

export interface GeminiSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  hostname?: string;
  /** When set, only this `x-goog-api-key` (or `?key=`) is let in; otherwise any key. */
  apiKey?: string;
  script?: Partial<SimulatorScript>;
  /** Default: 60 ms chunks at 1.5x real time, 150 ms before the first audio. */
  pacing?: Partial<Pacing>;
  /**
   * Like the service's connection limit: this long after opening, `goAway` with a second left,
   * then the close.
   */
  goAwayAfterMs?: number;
}

export interface GeminiSimulator {
  /** Base URL to give the Gemini leg, e.g. http://127.0.0.1:4321. */
  url: string;
  /** Every setup message received, in order. */
  setups: unknown[];
  /** Every client message other than audio, in order. */
  messages: Array<Record<string, unknown>>;
  /** Input audio formats received, over all sessions. */
  inputMimes: Set<string>;
  readonly connections: number;
  stop(): Promise<void>;
}

const PATH = "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
const DEFAULT_PACING: Pacing = { chunkMs: 60, playbackSpeed: 1.5, firstAudioDelayMs: 150 };

interface SocketData {
  session?: LiveSimSession;
  timers?: ReturnType<typeof setTimeout>[];
}

/**
 * Starts a local server speaking Gemini Live's BidiGenerateContent protocol over WebSocket, with
 * the same voice lines and script as the OpenAI simulator, so Gemini agents run offline.
 */
export async function startGeminiSimulator(
  options: GeminiSimulatorOptions = {},
): Promise<GeminiSimulator> {
  const lines = await sharedVoiceLines();
  const script = scriptWithDefaults(options.script);
  const pacing = { ...DEFAULT_PACING, ...options.pacing };
  const setups: unknown[] = [];
  const messages: Array<Record<string, unknown>> = [];
  const inputMimes = new Set<string>();
  const handles = new Set<string>();
  let connections = 0;

  const server = Bun.serve<SocketData>({
    port: options.port ?? 0,
    hostname: options.hostname ?? "127.0.0.1",
    fetch(request, srv) {
      const url = new URL(request.url);
      if (!url.pathname.endsWith(PATH)) return new Response("not found", { status: 404 });
      const key = request.headers.get("x-goog-api-key") ?? url.searchParams.get("key") ?? "";
      if (options.apiKey ? key !== options.apiKey : key === "")
        return Response.json(
          { error: { code: 403, message: "API key not valid.", status: "PERMISSION_DENIED" } },
          { status: 403 },
        );
      connections += 1;
      if (srv.upgrade(request, { data: {} })) return undefined;
      return new Response("expected a WebSocket upgrade", { status: 426 });
    },
    websocket: {
      open(ws) {
        const session = new LiveSimSession({
          lines,
          script,
          pacing,
          send: (message) => {
            if (ws.readyState === 1) ws.send(JSON.stringify(message));
          },
          refuse: (reason) => ws.close(1007, reason),
          newHandle: () => {
            const handle = `sim-handle-${handles.size + 1}`;
            handles.add(handle);
            return handle;
          },
          knownHandle: (handle) => handles.has(handle),
        });
        ws.data.session = session;
        const limit = options.goAwayAfterMs;
        if (limit !== undefined) {
          ws.data.timers = [
            setTimeout(() => ws.send(JSON.stringify({ goAway: { timeLeft: "1s" } })), limit),
            setTimeout(() => ws.close(1000, "connection limit"), limit + 1000),
          ];
        }
      },
      message(ws, message) {
        const text = typeof message === "string" ? message : new TextDecoder().decode(message);
        record(text);
        ws.data.session?.receive(text);
      },
      close(ws) {
        for (const timer of ws.data.timers ?? []) clearTimeout(timer);
        ws.data.session?.close();
      },
    },
  });

  function record(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    const input = message.realtimeInput as { audio?: { mimeType?: string } } | undefined;
    if (input?.audio) {
      inputMimes.add(input.audio.mimeType ?? "");
      return;
    }
    if (message.setup) setups.push(message.setup);
    messages.push(message);
  }

  return {
    url: `http://127.0.0.1:${server.port}`,
    setups,
    messages,
    inputMimes,
    get connections() {
      return connections;
    },
    async stop() {
      await server.stop(true);
    },
  };
}
