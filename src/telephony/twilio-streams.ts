import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import type { CallService } from "../calls/call-service";
import { QuotaExceeded } from "../calls/monthly-quota";
import { DomainError } from "../domain/errors";
import { maskPhone } from "../domain/phone";
import type { Logger } from "../log/logger";
import { readStreamMessage } from "./stream-messages";
import type { StreamClaims, StreamTokens } from "./stream-tokens";
import { TwilioStreamLeg } from "./twilio-stream-leg";
import { STREAM_PATH } from "./twilio-voice-route";

export interface StreamSocketData {
  claims: StreamClaims;
  leg?: TwilioStreamLeg;
  started?: boolean;
  startTimer?: ReturnType<typeof setTimeout>;
}

export interface TwilioStreamsDeps {
  tokens: StreamTokens;
  calls: Pick<CallService, "target" | "start" | "recordRefused">;
  log: Logger;
  /** How long a stream may stay open without Twilio's `start`; default 10 s. */
  startWithinMs?: number;
}

const PATH = new RegExp(`^${STREAM_PATH}/(ten_[0-9a-z]{23})/([A-Za-z0-9_-]{43})$`);

/**
 * Twilio's media stream WebSockets: the upgrade spends the URL's single-use token, and the
 * stream's `start` (which must name the call the token was issued for) starts the call.
 */
export class TwilioStreams {
  readonly websocket: WebSocketHandler<StreamSocketData>;

  constructor(private readonly deps: TwilioStreamsDeps) {
    this.websocket = {
      open: (ws) => this.opened(ws),
      message: (ws, message) => this.received(ws, message),
      close: (ws) => this.closed(ws),
    };
  }

  /**
   * For Bun.serve's fetch: null when the request is not for a stream; a 401 when its token is
   * unknown, spent, expired or another tenant's; undefined once upgraded.
   */
  upgrade(request: Request, server: Server<StreamSocketData>): Response | null | undefined {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${STREAM_PATH}/`)) return null;
    const [, tenantId = "", token = ""] = PATH.exec(path) ?? [];
    const claims = this.deps.tokens.take(tenantId, token);
    if (!claims) {
      this.deps.log.warn("media stream refused", { channel: "phone", reason: "bad stream token" });
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
  ): (
    request: Request,
    server: Server<StreamSocketData>,
  ) => Response | Promise<Response> | undefined {
    return (request, server) => {
      const answer = this.upgrade(request, server);
      return answer === null ? next(request) : answer;
    };
  }

  private opened(ws: ServerWebSocket<StreamSocketData>): void {
    const log = this.deps.log;
    ws.data.leg = new TwilioStreamLeg(ws, (error) =>
      log.error("stream listener failed", { error }),
    );
    ws.data.startTimer = setTimeout(() => {
      if (!ws.data.started) ws.data.leg?.close("no start message");
    }, this.deps.startWithinMs ?? 10_000);
  }

  private received(ws: ServerWebSocket<StreamSocketData>, raw: string | Buffer): void {
    const { leg, claims } = ws.data;
    if (!leg) return;
    const message = readStreamMessage(typeof raw === "string" ? raw : raw.toString("utf8"));
    if (!message) return;
    if (message.event === "start") {
      if (ws.data.started) return;
      const { start } = message;
      if (start.callSid !== claims.callSid || start.accountSid !== claims.accountSid) {
        this.deps.log.warn("media stream refused", { channel: "phone", reason: "another call" });
        void leg.close("stream for another call");
        return;
      }
      ws.data.started = true;
      clearTimeout(ws.data.startTimer);
      leg.receive(message);
      void this.startCall(claims, leg);
      return;
    }
    if (ws.data.started) leg.receive(message);
  }

  private closed(ws: ServerWebSocket<StreamSocketData>): void {
    clearTimeout(ws.data.startTimer);
    ws.data.leg?.socketClosed();
  }

  private async startCall(claims: StreamClaims, leg: TwilioStreamLeg): Promise<void> {
    const { calls, log } = this.deps;
    const caller = { remoteParty: maskPhone(claims.from), remoteNumber: claims.from };
    try {
      const target = await calls.target(claims.tenantId, claims.agentId);
      await calls.start({
        target,
        channel: "phone",
        direction: "inbound",
        providerCallId: claims.callSid,
        bindingId: claims.bindingId,
        ...caller,
        context: { contactNumber: claims.from },
        openMedia: async () => ({ leg, result: undefined }),
      });
    } catch (error) {
      log.warn("phone call not started", { channel: "phone", error });
      await leg.close("refused");
      await calls
        .recordRefused({
          tenantId: claims.tenantId,
          agentId: claims.agentId,
          channel: "phone",
          providerCallId: claims.callSid,
          ...caller,
          reason: error instanceof DomainError ? error.message : "the call could not be set up",
          endReason: error instanceof QuotaExceeded ? "quota_exceeded" : "rejected",
        })
        .catch((recordError: unknown) => log.error("refusal not recorded", { error: recordError }));
    }
  }
}
