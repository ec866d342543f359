import { type RecordedRequest, recordRequest } from "./recorded-request";

/**
 * A local stand-in for the Graph API's WhatsApp calling endpoints, on a
 * real port. It checks the bearer token and each body as Meta does, answers as documented,
 * records every request, enforces call permissions on `connect`, and can be told to fail or to
 * be slow on chosen requests.
 */

export type { RecordedRequest } from "./recorded-request";

/** Which requests a fault applies to; every given field must match. */
export interface RequestMatch {
  method?: string;
  /** Matches the end of the path, e.g. `/calls` or `/call_permissions`. */
  path?: string;
  /** Matches the `action` of a `/calls` body, e.g. `accept`. */
  action?: string;
}

export interface GraphErrorFields {
  message: string;
  code: number;
  type?: string;
  error_subcode?: number;
}

export interface Fault {
  /** Answer with this status and a Graph error body instead of the normal answer. */
  status?: number;
  error?: GraphErrorFields;
  /** Answer with this JSON body (and `status`, default 200) instead: an off-contract answer. */
  body?: unknown;
  /** Wait this long before answering (with the fault or normally). */
  delayMs?: number;
  /** How many matching requests it applies to; default 1. */
  times?: number;
}

export interface PermissionState {
  status: string;
  canStartCall: boolean;
  canRequestPermission: boolean;
  expiresAtMs?: number;
}

const NO_PERMISSION: PermissionState = {
  status: "no_permission",
  canStartCall: false,
  canRequestPermission: true,
};

export class FakeGraphApi {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Array<{ match: RequestMatch; fault: Fault; left: number }> = [];
  private readonly permissions = new Map<string, PermissionState>();
  private readonly server: ReturnType<typeof Bun.serve>;
  private ids = 0;

  constructor(
    readonly accessToken = "graph-test-token",
    readonly version = "v23.0",
  ) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (request) => this.handle(request),
    });
  }

  /** The base URL to configure as `WHATSAPP_GRAPH_URL`. */
  get url(): string {
    return `http://127.0.0.1:${this.server.port}/${this.version}`;
  }

  /** Requests to `/calls` with the given action, in order. */
  callActions(action?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path.endsWith("/calls") && (action === undefined || r.body?.action === action),
    );
  }

  /** Text messages sent, in order: to whom and what. */
  get textMessages(): Array<{ to: string; text: string }> {
    return this.requests
      .filter((r) => r.path.endsWith("/messages") && r.body?.type === "text")
      .map((r) => ({ to: r.body.to, text: r.body.text.body }));
  }

  fail(match: RequestMatch, fault: Fault): void {
    this.faults.push({ match, fault, left: fault.times ?? 1 });
  }

  delay(match: RequestMatch, delayMs: number, times = 1): void {
    this.fail(match, { delayMs, times });
  }

  setPermission(waId: string, state: PermissionState): void {
    this.permissions.set(waId, state);
  }

  stop(): void {
    this.server.stop(true);
  }

  private async handle(request: Request): Promise<Response> {
    const recorded = await recordRequest(request, `/${this.version}`);
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    if (fault?.delayMs) await Bun.sleep(fault.delayMs);
    if (fault?.body !== undefined)
      return Response.json(fault.body, { status: fault.status ?? 200 });
    if (fault?.status)
      return graphError(fault.status, fault.error ?? { message: "fault", code: 1 });
    return this.answer(recorded);
  }

  private takeFault(request: RecordedRequest): Fault | undefined {
    const entry = this.faults.find(
      ({ match, left }) =>
        left > 0 &&
        (match.method === undefined || match.method === request.method) &&
        (match.path === undefined || request.path.endsWith(match.path)) &&
        (match.action === undefined || request.body?.action === match.action),
    );
    if (entry) entry.left -= 1;
    return entry?.fault;
  }

  private answer(r: RecordedRequest): Response {
    if (r.headers.authorization !== `Bearer ${this.accessToken}`) {
      return graphError(401, {
        message: "Invalid OAuth access token - Cannot parse access token",
        type: "OAuthException",
        code: 190,
      });
    }
    const route = /^\/(\d+)\/(calls|call_permissions|messages)$/.exec(r.path)?.[2];
    if (r.method === "POST" && route === "calls") return this.callAction(r.body);
    if (r.method === "GET" && route === "call_permissions") return this.permission(r.query);
    if (r.method === "POST" && route === "messages") return this.message(r.body);
    return graphError(400, { message: "Unsupported request", code: 100, error_subcode: 33 });
  }

  private callAction(body: any): Response {
    const invalid = (what: string) =>
      graphError(400, { message: `(#100) Invalid parameter: ${what}`, code: 100 });
    if (body?.messaging_product !== "whatsapp") return invalid("messaging_product");
    const answerSession = body.session?.sdp_type === "answer" && isSdp(body.session.sdp);
    switch (body.action) {
      case "pre_accept":
      case "accept":
        if (typeof body.call_id !== "string") return invalid("call_id");
        return answerSession ? Response.json({ success: true }) : invalid("session");
      case "reject":
      case "terminate":
        return typeof body.call_id === "string"
          ? Response.json({ success: true })
          : invalid("call_id");
      case "connect": {
        if (typeof body.to !== "string") return invalid("to");
        if (body.session?.sdp_type !== "offer" || !isSdp(body.session.sdp)) {
          return invalid("session");
        }
        if (!(this.permissions.get(body.to) ?? NO_PERMISSION).canStartCall) {
          return graphError(400, {
            message: "No approved call permission from the recipient",
            code: 138006,
          });
        }
        this.ids += 1;
        return Response.json({
          messaging_product: "whatsapp",
          calls: [{ id: `wacid.fake${this.ids}` }],
        });
      }
      default:
        return invalid("action");
    }
  }

  private permission(query: Record<string, string>): Response {
    const waId = query.user_wa_id;
    if (!waId) return graphError(400, { message: "(#100) Missing user_wa_id", code: 100 });
    const state = this.permissions.get(waId) ?? NO_PERMISSION;
    return Response.json({
      messaging_product: "whatsapp",
      permission: {
        status: state.status,
        ...(state.expiresAtMs !== undefined && {
          expiration_time: Math.floor(state.expiresAtMs / 1000),
        }),
      },
      actions: [
        {
          action_name: "send_call_permission_request",
          can_perform_action: state.canRequestPermission,
          limits: [
            {
              time_period: "PT24H",
              max_allowed: 1,
              current_usage: state.canRequestPermission ? 0 : 1,
            },
          ],
        },
        {
          action_name: "start_call",
          can_perform_action: state.canStartCall,
          limits: [{ time_period: "PT24H", max_allowed: 100, current_usage: 0 }],
        },
      ],
    });
  }

  private message(body: any): Response {
    if (body?.messaging_product !== "whatsapp" || typeof body.to !== "string") {
      return graphError(400, { message: "(#100) Invalid parameter", code: 100 });
    }
    const interactive = body.interactive;
    if (
      body.type === "interactive" &&
      (interactive?.type !== "call_permission_request" ||
        interactive.action?.name !== "call_permission_request" ||
        typeof interactive.body?.text !== "string")
    ) {
      return graphError(400, { message: "(#100) Invalid interactive message", code: 100 });
    }
    const text = body.text;
    if (body.type === "text" && (typeof text?.body !== "string" || text.body.length > 4096)) {
      return graphError(400, { message: "(#100) Invalid parameter: text.body", code: 100 });
    }
    if (body.type !== "text" && body.type !== "interactive") {
      return graphError(400, { message: "(#100) Invalid parameter: type", code: 100 });
    }
    this.ids += 1;
    return Response.json({
      messaging_product: "whatsapp",
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id: `wamid.fake${this.ids}` }],
    });
  }
}

const isSdp = (value: unknown) => typeof value === "string" && value.startsWith("v=0");

function graphError(status: number, error: GraphErrorFields): Response {
  return Response.json(
    { error: { type: "OAuthException", fbtrace_id: "AfakeTrace", ...error } },
    { status },
  );
}
