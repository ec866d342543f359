/**
 * A local stand-in for the part of Twilio's REST API the gateway uses, speaking its wire format:
 * form-encoded bodies, Basic auth with the account SID and auth token, JSON answers shaped as
 * Twilio's (snake_case, `sid`s, errors as `{code, message, more_info, status}`). Every request is
 * recorded; a fault makes chosen requests fail as Twilio would.
 */

export interface TwilioApiRequest {
  method: string;
  path: string;
  /** The account SID of the Basic auth, when it matched a known account's token. */
  account: string | null;
  form: URLSearchParams;
}

export interface TwilioCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** The TwiML it was created with, then each TwiML it was updated with, in order. */
  twiml: string[];
  statusCallback: string | null;
  status: string;
}

export interface TwilioApiFault {
  /** Matches the end of the path: `/Calls.json`, `/Tokens.json`. */
  path: string;
  status: number;
  code: number;
  times?: number;
}

/** What Tokens.json hands out; URLs point at a closed local port so nothing is ever contacted. */
const RELAY = "127.0.0.1:9";

export class FakeTwilioApi {
  readonly requests: TwilioApiRequest[] = [];
  readonly calls = new Map<string, TwilioCall>();
  private readonly faults: Array<{ fault: TwilioApiFault; left: number }> = [];
  private readonly server: ReturnType<typeof Bun.serve>;
  private ids = 0;

  /** `accounts`: SID → auth token of the accounts it knows. */
  constructor(private readonly accounts: Record<string, string>) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (request) => this.handle(request),
    });
  }

  /** The base URL to configure as TWILIO_API_BASE_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  fail(fault: TwilioApiFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** Requests whose path ends with `suffix`. */
  sent(suffix: string): TwilioApiRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  stop(): void {
    this.server.stop(true);
  }

  private async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const form = new URLSearchParams(await request.text());
    const account = this.authenticated(request.headers.get("authorization"));
    this.requests.push({ method: request.method, path, account, form });
    if (!account) return error(401, 20003, "Authenticate");
    const [, sid, rest] = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(\/.*)$/.exec(path) ?? [];
    if (sid !== account) return error(403, 20003, "Authenticate");
    const fault = this.faults.find((f) => f.left > 0 && path.endsWith(f.fault.path));
    if (fault) {
      fault.left--;
      return error(fault.fault.status, fault.fault.code, "fault");
    }
    if (request.method !== "POST") return error(405, 20004, "Method not allowed");
    if (rest === "/Calls.json") return this.createCall(account, form);
    const update = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest ?? "");
    if (update?.[1]) return this.updateCall(update[1], form);
    if (rest === "/Tokens.json") return this.token(account, form);
    return error(404, 20404, "The requested resource was not found");
  }

  private authenticated(header: string | null): string | null {
    const [scheme, encoded] = (header ?? "").split(" ");
    if (scheme !== "Basic" || !encoded) return null;
    const [sid = "", token = ""] = Buffer.from(encoded, "base64").toString("utf8").split(":");
    return this.accounts[sid] === token ? sid : null;
  }

  private createCall(accountSid: string, form: URLSearchParams): Response {
    const to = form.get("To");
    const from = form.get("From");
    const twiml = form.get("Twiml");
    if (!to || !/^\+\d{6,15}$/.test(to)) return error(400, 21211, "Invalid 'To' Phone Number");
    if (!from) return error(400, 21603, "A 'From' phone number is required.");
    if (!twiml && !form.get("Url")) return error(400, 21205, "Url or Twiml is required");
    const sid = `CA${(++this.ids).toString(16).padStart(32, "0")}`;
    const call: TwilioCall = {
      sid,
      accountSid,
      to,
      from,
      twiml: twiml ? [twiml] : [],
      statusCallback: form.get("StatusCallback"),
      status: "queued",
    };
    this.calls.set(sid, call);
    return Response.json(callJson(call), { status: 201 });
  }

  private updateCall(sid: string, form: URLSearchParams): Response {
    const call = this.calls.get(sid);
    if (!call) return error(404, 20404, `The requested resource /Calls/${sid}.json was not found`);
    const twiml = form.get("Twiml");
    if (twiml) call.twiml.push(twiml);
    const status = form.get("Status");
    if (status === "completed" || status === "canceled") call.status = status;
    return Response.json(callJson(call));
  }

  private token(accountSid: string, form: URLSearchParams): Response {
    const ttl = form.get("Ttl") ?? "86400";
    const n = ++this.ids;
    const username = `nts-user-${n}`;
    const credential = `nts-credential-${n}`;
    const turn = (query: string) => ({
      url: `turn:${RELAY}?${query}`,
      urls: `turn:${RELAY}?${query}`,
      username,
      credential,
    });
    return Response.json(
      {
        account_sid: accountSid,
        date_created: new Date().toUTCString(),
        date_updated: new Date().toUTCString(),
        ice_servers: [
          { url: `stun:${RELAY}`, urls: `stun:${RELAY}` },
          turn("transport=udp"),
          turn("transport=tcp"),
        ],
        password: credential,
        ttl,
        username,
      },
      { status: 201 },
    );
  }
}

function callJson(call: TwilioCall) {
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    to: call.to,
    from: call.from,
    status: call.status,
    direction: "outbound-api",
    api_version: "2010-04-01",
    uri: `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}.json`,
  };
}

function error(status: number, code: number, message: string): Response {
  return Response.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status },
  );
}
