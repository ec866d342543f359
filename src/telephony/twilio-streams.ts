import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import type { Logger } from "../log/logger";
import { REPLAY_STATUS } from "../ownership/call-owners";
import { readStreamMessage, type TwilioStreamMessage } from "./stream-messages";
import type { InboundClaims, StreamClaims, StreamTokens } from "./stream-tokens";
import { TwilioStreamLeg } from "./twilio-stream-leg";

/** The stream URL's path: the tenant, then the single-use token. */
export const STREAM_PATH = "/media/twilio";

export interface StreamSocketData {
  claims: StreamClaims;
  leg?: TwilioStreamLeg;
  started?: boolean;
  startTimer?: ReturnType<typeof setTimeout>;
}

/** A call we placed, waiting on this machine for its stream. */
export interface AwaitedStream {
  leg: TwilioStreamLeg;
  /** Twilio's SID of the call, once Twilio has told it. */
  callSid(): string | null;
}

export interface TwilioStreamsDeps {
  tokens: StreamTokens;
  log: Logger;
  machine: { id: string; onFly: boolean };
  /** Whether this machine takes no new call now (draining, or at MAX_CALLS_PER_MACHINE). */
  refusesNewCalls: () => boolean;
  /** Starts the call of an inbound stream whose `start` matched its token. */
  startInbound: (claims: InboundClaims, leg: TwilioStreamLeg) => Promise<void>;
  /** How long a stream may stay open without Twilio's `start`; default 10 s. */
  startWithinMs?: number;
}

const PATH = new RegExp(`^${STREAM_PATH}/(ten_[0-9a-z]{23})/([A-Za-z0-9_-]{43})$`);

/**
 * Twilio's media stream WebSockets: the upgrade spends the URL's single-use token, and the
 * stream's `start` (which must name the call the token was issued for) starts the call, or, for
 * a call we placed, joins the session waiting for it. Behind Fly's proxy a stream reaching the
 * wrong machine is replayed: to the machine that placed the call, or, for an inbound call
 * reaching a full or draining machine, elsewhere.
 */
export class TwilioStreams {
  readonly websocket: WebSocketHandler<StreamSocketData>;
  private readonly awaited = new Map<string, AwaitedStream>();

  constructor(private readonly deps: TwilioStreamsDeps) {
    this.websocket = {
      open: (ws) => this.opened(ws),
      message: (ws, message) => this.received(ws, message),
      close: (ws) => this.closed(ws),
    };
  }

  /** A call we placed waits for its stream here until forget(). */
  await(callId: string, stream: AwaitedStream): void {
    this.awaited.set(callId, stream);
  }

  forget(callId: string): void {
    this.awaited.delete(callId);
  }

  /**
   * For Bun.serve's fetch: null when the request is not for a stream; a 401 when its token is
   * unknown, spent, expired or another tenant's; a 421 with `fly-replay` when another machine
   * must take it; undefined once upgraded.
   */
  async upgrade(
    request: Request,
    server: Server<StreamSocketData>,
  ): Promise<Response | null | undefined> {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${STREAM_PATH}/`)) return null;
    const [, tenantId = "", token = ""] = PATH.exec(path) ?? [];
    const { tokens, machine, log } = this.deps;
    const owner = token ? await tokens.owner(token) : null;
    if (owner && machine.onFly && !request.headers.has("fly-replay-src")) {
      if (owner.kind === "outbound" && owner.machine !== machine.id)
        return replay(`instance=${owner.machine}`, "the call's session is on another machine");
      if (owner.kind === "inbound" && this.deps.refusesNewCalls())
        return replay("elsewhere=true", "this machine takes no new calls now");
    }
    const claims = owner ? await tokens.take(tenantId, token) : null;
    if (!claims) {
      log.warn("media stream refused", { channel: "phone", reason: "bad stream token" });
      return Response.json(
        { error: { code: "unauthorized", message: "stream token unknown, used or expired" } },
        { status: 401 },
      );
    }
    if (server.upgrade(request, { data: { claims } })) return undefined;
    return Response.json(
      { error: { code: "invalid_request", message: "expected a WebSocket upgrade" } },
      { status: 400 },
    );
  }

  /** Bun.serve's fetch: streams here, every other request to `next` (the app). */
  fetchWith(
    next: (request: Request) => Response | Promise<Response>,
  ): (request: Request, server: Server<StreamSocketData>) => Promise<Response | undefined> {
    return async (request, server) => {
      if (!new URL(request.url).pathname.startsWith(`${STREAM_PATH}/`)) return next(request);
      const answer = await this.upgrade(request, server);
      return answer === null ? next(request) : answer;
    };
  }

  private opened(ws: ServerWebSocket<StreamSocketData>): void {
    ws.data.startTimer = setTimeout(() => {
      if (!ws.data.started) ws.close(1008, "no start message");
    }, this.deps.startWithinMs ?? 10_000);
  }

  private received(ws: ServerWebSocket<StreamSocketData>, raw: string | Buffer): void {
    const message = readStreamMessage(typeof raw === "string" ? raw : raw.toString("utf8"));
    if (!message) return;
    if (message.event !== "start") {
      if (ws.data.started) ws.data.leg?.receive(message);
      return;
    }
    if (ws.data.started) return;
    const leg = this.legFor(ws, message);
    if (typeof leg === "string") {
      this.deps.log.warn("media stream refused", { channel: "phone", reason: leg });
      ws.close(1008, leg);
      return;
    }
    ws.data.started = true;
    ws.data.leg = leg;
    clearTimeout(ws.data.startTimer);
    leg.receive(message);
    if (ws.data.claims.kind === "inbound") void this.deps.startInbound(ws.data.claims, leg);
  }

  /**
   * The leg the stream carries, once its `start` names the call its token was issued for; else
   * why it is refused.
   */
  private legFor(
    ws: ServerWebSocket<StreamSocketData>,
    message: Extract<TwilioStreamMessage, { event: "start" }>,
  ): TwilioStreamLeg | string {
    const { claims } = ws.data;
    const { start } = message;
    const another = "stream for another call";
    if (start.accountSid !== claims.accountSid) return another;
    if (claims.kind === "inbound") {
      if (start.callSid !== claims.callSid) return another;
      return new TwilioStreamLeg(ws, (error) =>
        this.deps.log.error("stream listener failed", { error }),
      );
    }
    const awaited = this.awaited.get(claims.callId);
    // Placed on another machine (off Fly, nothing replays it), or over already.
    if (!awaited) return "no call waits for this stream here";
    if (awaited.callSid() !== start.callSid) return another;
    this.awaited.delete(claims.callId);
    awaited.leg.attach(ws);
    return awaited.leg;
  }

  private closed(ws: ServerWebSocket<StreamSocketData>): void {
    clearTimeout(ws.data.startTimer);
    ws.data.leg?.socketClosed();
  }
}

/** Hands the stream to another machine through Fly's proxy; nothing is spent here. */
function replay(target: string, message: string): Response {
  return Response.json(
    { error: { code: "call_elsewhere", message } },
    { status: REPLAY_STATUS, headers: { "fly-replay": target } },
  );
}
