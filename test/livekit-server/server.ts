import type { Server } from "bun";
import { TokenVerifier } from "livekit-server-sdk";

/** One room-service request as the server received it, after its token was checked. */
export interface TwirpRequest {
  method: string;
  body: Record<string, unknown>;
  /** The verified claims of the request's bearer token (`video` holds the grants). */
  claims: { iss?: string; exp?: number; nbf?: number; video?: Record<string, unknown> };
}

interface RoomState {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  creationTime: string;
}

/** The grant each method needs, as LiveKit's room service checks it. */
const NEEDS: Record<
  string,
  (video: Record<string, unknown>, body: Record<string, unknown>) => boolean
> = {
  CreateRoom: (video) => video.roomCreate === true,
  DeleteRoom: (video) => video.roomCreate === true,
  ListRooms: (video) => video.roomList === true,
  RemoveParticipant: (video, body) => video.roomAdmin === true && video.room === body.room,
};

/**
 * A stand-in for a LiveKit server's room service: Twirp JSON on
 * `POST /twirp/livekit.RoomService/<Method>`, each request's `Authorization: Bearer <jwt>` checked
 * as LiveKit does (signed with the project's secret, issued by its key, unexpired, with the grant
 * the method needs). It keeps rooms in memory and records every accepted request.
 */
export class FakeLiveKitServer {
  readonly requests: TwirpRequest[] = [];
  /** Requests refused for their token, with the reason. */
  readonly refused: string[] = [];
  readonly rooms = new Map<string, RoomState>();
  private readonly verifier: TokenVerifier;
  private failures = new Map<string, number>();
  private server: Server<unknown> | null = null;
  private roomCount = 0;

  constructor(
    readonly apiKey = "APIfakeKey123",
    readonly apiSecret = "fake-secret-of-the-test-livekit-project-0123",
  ) {
    this.verifier = new TokenVerifier(apiKey, apiSecret);
  }

  start(): this {
    this.server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (r) => this.handle(r) });
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.server?.port}`;
  }

  /** The next request to `method` answers with this HTTP status (a Twirp error). */
  failNext(method: string, status: number): void {
    this.failures.set(method, status);
  }

  methods(): string[] {
    return this.requests.map((r) => r.method);
  }

  async stop(): Promise<void> {
    await this.server?.stop(true);
  }

  private async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(path)?.[1];
    if (request.method !== "POST" || !method) return twirpError(404, "bad_route", "no such method");
    const auth = request.headers.get("authorization") ?? "";
    if (!auth.startsWith("Bearer ")) return this.refuse("authorization header missing");
    let claims: TwirpRequest["claims"];
    try {
      claims = (await this.verifier.verify(auth.slice(7))) as TwirpRequest["claims"];
    } catch (error) {
      return this.refuse(error instanceof Error ? error.message : String(error));
    }
    const body = (await request.json()) as Record<string, unknown>;
    const needs = NEEDS[method];
    if (!needs) return twirpError(501, "unimplemented", `${method} is not served here`);
    if (!needs(claims.video ?? {}, body)) {
      this.refused.push(`${method}: permission denied`);
      return twirpError(403, "permission_denied", "permissions denied");
    }
    this.requests.push({ method, body, claims });
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      return twirpError(failure, "internal", "failing as asked");
    }
    return this.answer(method, body);
  }

  private answer(method: string, body: Record<string, unknown>): Response {
    const name = String(body.room ?? body.name ?? "");
    switch (method) {
      case "CreateRoom": {
        // LiveKit answers an existing name with the existing room.
        const room = this.rooms.get(name) ?? {
          sid: `RM_fake${++this.roomCount}`,
          name,
          emptyTimeout: Number(body.emptyTimeout ?? 300),
          maxParticipants: Number(body.maxParticipants ?? 0),
          creationTime: String(Math.floor(Date.now() / 1000)),
        };
        this.rooms.set(name, room);
        return Response.json(room);
      }
      case "ListRooms": {
        const names = (body.names as string[] | undefined) ?? [];
        const rooms = [...this.rooms.values()].filter(
          (r) => names.length === 0 || names.includes(r.name),
        );
        return Response.json({ rooms });
      }
      case "DeleteRoom":
        if (!this.rooms.delete(name)) return twirpError(404, "not_found", "room not found");
        return Response.json({});
      default:
        if (!this.rooms.has(name)) return twirpError(404, "not_found", "room not found");
        return Response.json({});
    }
  }

  private refuse(reason: string): Response {
    this.refused.push(reason);
    return twirpError(401, "unauthenticated", "invalid token");
  }
}

function twirpError(status: number, code: string, msg: string): Response {
  return Response.json({ code, msg }, { status, headers: { "content-type": "application/json" } });
}
