import { type RecordedRequest, recordRequest } from "./recorded-request";
/**
 * A local stand-in for Wati's calling API and its session messages, on a real port: bearer token
 * and tenant checked, bodies checked, documented answers, every request recorded, call
 * permissions enforced on outbound calls, and failures or slowness on chosen requests.
 */

export type RecordedWatiRequest = RecordedRequest;

export interface WatiFault {
  method?: string;
  /** Matches the end of the path, e.g. `/accept` or `/outbound-call/919800000002`. */
  path?: string;
  /** Answer with this status (and `body`, default `{result: false, info: "fault"}`). */
  status?: number;
  body?: unknown;
  delayMs?: number;
  /** How many matching requests it applies to; default 1. */
  times?: number;
}

export interface WatiPermissionState {
  status: string;
  canStartCall: boolean;
  canRequestPermission: boolean;
}

const NO_PERMISSION: WatiPermissionState = {
  status: "no_permission",
  canStartCall: false,
  canRequestPermission: true,
};

export class FakeWatiApi {
  readonly requests: RecordedWatiRequest[] = [];
  private readonly faults: Array<{ fault: WatiFault; left: number }> = [];
  private readonly permissions = new Map<string, WatiPermissionState>();
  private readonly server: ReturnType<typeof Bun.serve>;
  private ids = 0;

  constructor(
    readonly tenantId = "1001",
    readonly token = "wati-test-token",
  ) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (request) => this.handle(request),
    });
  }

  /** The base URL to configure as `WATI_BASE_URL`. */
  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  /** Where the calling endpoints live for this tenant, to compare recorded paths with. */
  get callsPath(): string {
    return `/${this.tenantId}/api/v1/openapi/whatsapp/calls`;
  }

  fail(fault: WatiFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  setPermission(waId: string, state: WatiPermissionState): void {
    this.permissions.set(waId, state);
  }

  stop(): void {
    this.server.stop(true);
  }

  private async handle(request: Request): Promise<Response> {
    const recorded = await recordRequest(request);
    this.requests.push(recorded);
    const fault = this.takeFault(recorded);
    if (fault?.delayMs) await Bun.sleep(fault.delayMs);
    if (fault?.status || fault?.body !== undefined) {
      return Response.json(fault.body ?? { result: false, info: "fault" }, {
        status: fault.status ?? 200,
      });
    }
    return this.answer(recorded);
  }

  private takeFault(request: RecordedWatiRequest): WatiFault | undefined {
    const entry = this.faults.find(
      ({ fault, left }) =>
        left > 0 &&
        (fault.method === undefined || fault.method === request.method) &&
        (fault.path === undefined || request.path.endsWith(fault.path)),
    );
    if (entry) entry.left -= 1;
    return entry?.fault;
  }

  private answer(r: RecordedWatiRequest): Response {
    if (r.headers.authorization !== `Bearer ${this.token}`) {
      return Response.json({ message: "Unauthorized" }, { status: 401 });
    }
    const message = r.path.match(/^\/([^/]+)\/api\/v1\/sendSessionMessage\/([^/]+)$/);
    if (message && message[1] === this.tenantId) return this.sessionMessage(r);
    if (!r.path.startsWith(`${this.callsPath}/`)) return refuse(404, "Not found");
    const rest = r.path.slice(this.callsPath.length + 1).split("/");
    const [first, second] = rest.map(decodeURIComponent);
    if (rest.length !== 2 || !first || !second) return refuse(404, "Not found");
    if (r.method === "GET" && first === "permissions") return this.permission(second, r.query);
    if (r.method !== "POST") return refuse(405, "Method not allowed");
    if (first === "call-permission-request") return Response.json({ result: true });
    if (first === "outbound-call") return this.outbound(second, r.body);
    if (second === "accept") {
      return isSdp(r.body?.sdp) ? Response.json({ result: true }) : refuse(400, "sdp is required");
    }
    if (second === "terminate") return Response.json({ result: true });
    return refuse(404, "Not found");
  }

  /** Texts sent with sendSessionMessage, in order: to whom and what. */
  get sessionMessages(): Array<{ waId: string; text: string }> {
    return this.requests.flatMap((r) => {
      const waId = r.path.match(/\/sendSessionMessage\/([^/]+)$/)?.[1];
      return waId && r.method === "POST" ? [{ waId, text: r.query.messageText ?? "" }] : [];
    });
  }

  private sessionMessage(r: RecordedWatiRequest): Response {
    if (r.method !== "POST") return refuse(405, "Method not allowed");
    if (!r.query.messageText) return refuse(400, "messageText is required");
    return Response.json({ result: true, message: { text: r.query.messageText } });
  }

  private permission(waId: string, query: Record<string, string>): Response {
    if (!query.channelPhoneNumber) return refuse(400, "channelPhoneNumber is required");
    const state = this.permissions.get(waId) ?? NO_PERMISSION;
    return Response.json({
      result: {
        permission: { status: state.status },
        actions: [
          {
            action_name: "send_call_permission_request",
            can_perform_action: state.canRequestPermission,
          },
          { action_name: "start_call", can_perform_action: state.canStartCall },
        ],
      },
    });
  }

  private outbound(waId: string, body: any): Response {
    if (!isSdp(body?.Sdp)) return refuse(400, "Sdp is required");
    if (!(this.permissions.get(waId) ?? NO_PERMISSION).canStartCall) {
      return refuse(400, "No call permission for this contact");
    }
    this.ids += 1;
    return Response.json({ result: { callId: `wati-out-${this.ids}` } });
  }
}

const isSdp = (value: unknown) => typeof value === "string" && value.startsWith("v=0");

function refuse(status: number, info: string): Response {
  return Response.json({ result: false, info }, { status });
}
