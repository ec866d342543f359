import type RequestClient from "twilio/lib/base/RequestClient";
import {
  categoryOfStatus,
  ProviderError,
  type ProviderErrorCategory,
} from "../providers/provider-error";

/** A Twilio account's REST credentials: its SID and auth token. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
}

export interface PlacePhoneCall {
  /** The callee, in international form with its `+`. */
  to: string;
  /** The tenant's Twilio number the call comes from. */
  from: string;
  /** What Twilio does once the callee answers. */
  twiml: string;
  /** Where Twilio reports the call's progress (signed POSTs). */
  statusCallback: string;
  /** How long it rings before Twilio gives up with `no-answer`. */
  ringSeconds: number;
}

/** TURN and STUN servers from Twilio's Network Traversal Service, and how long they last. */
export interface TraversalToken {
  iceServers: RTCIceServer[];
  ttlSeconds: number;
}

/** The few REST calls the gateway makes to Twilio. */
export interface TwilioRest {
  /** `POST /Accounts/{Sid}/Calls.json`: the new call's SID. */
  placeCall(account: TwilioAccount, call: PlacePhoneCall): Promise<string>;
  /** `POST /Accounts/{Sid}/Calls/{CallSid}.json`: new TwiML for a live call, or its hang-up. */
  updateCall(
    account: TwilioAccount,
    callSid: string,
    change: { twiml: string } | { status: "completed" },
  ): Promise<void>;
  /** `POST /Accounts/{Sid}/Tokens.json`: fresh Network Traversal credentials. */
  traversalToken(account: TwilioAccount, ttlSeconds: number): Promise<TraversalToken>;
}

export interface TwilioRestSettings {
  /** TWILIO_API_BASE_URL: where requests for api.twilio.com go instead (a test server). */
  baseUrl?: string | undefined;
  /** Per request; default 4 s. */
  timeoutMs?: number;
}

/**
 * The REST calls through Twilio's own SDK (`twilio`), loaded on first use. With a base URL the
 * SDK's requests are sent there instead of to api.twilio.com, path and query unchanged. Failures
 * become ProviderErrors that name the action, status and Twilio's error code, never Twilio's
 * message, which may quote a phone number.
 */
export function twilioRest(settings: TwilioRestSettings = {}): TwilioRest {
  let sdk: ReturnType<typeof loadSdk> | null = null;
  let http: RequestClient | null = null;
  const client = async (account: TwilioAccount) => {
    sdk ??= loadSdk();
    const twilio = (await sdk).default;
    http ??= requestClient(twilio.RequestClient, settings);
    // logLevel pinned: the SDK's debug log would print request bodies (phone numbers).
    return twilio(account.accountSid, account.authToken, { httpClient: http, logLevel: "info" });
  };
  const act = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw providerError(action, error);
    }
  };
  return {
    placeCall: (account, call) =>
      act("create_call", async () => {
        const created = await (await client(account)).calls.create({
          to: call.to,
          from: call.from,
          twiml: call.twiml,
          statusCallback: call.statusCallback,
          statusCallbackMethod: "POST",
          statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
          timeout: call.ringSeconds,
        });
        return created.sid;
      }),
    updateCall: (account, callSid, change) =>
      act("update_call", async () => {
        await (await client(account)).calls(callSid).update(change);
      }),
    traversalToken: (account, ttlSeconds) =>
      act("create_token", async () => {
        const token = await (await client(account)).tokens.create({ ttl: ttlSeconds });
        return {
          // Each entry names its server in `urls` (and in the older `url`, left out).
          iceServers: token.iceServers.flatMap(({ urls, url, username, credential }) => {
            const server = urls ?? url;
            if (!server) return [];
            return [
              { urls: server, ...(username && { username }), ...(credential && { credential }) },
            ];
          }),
          ttlSeconds: Number(token.ttl) || ttlSeconds,
        };
      }),
  };
}

const loadSdk = () => import("twilio");

/** The SDK's request client, sending to `baseUrl` when one is set. */
function requestClient(Client: typeof RequestClient, settings: TwilioRestSettings): RequestClient {
  // Short enough that a transfer (after up to 5 s of the agent's last words) answers within
  // its tool's 10 s.
  const options = { timeout: settings.timeoutMs ?? 4000 };
  const base = settings.baseUrl?.replace(/\/+$/, "");
  if (!base) return new Client(options);
  class ToBaseUrl extends Client {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const uri = new URL(opts.uri);
      return super.request<TData>({ ...opts, uri: `${base}${uri.pathname}${uri.search}` });
    }
  }
  return new ToBaseUrl(options);
}

function providerError(action: string, error: unknown): ProviderError {
  const rest = error as { name?: unknown; status?: unknown; code?: unknown };
  // The SDK's RestException: Twilio answered with an error.
  if (typeof rest.status === "number" && rest.status >= 400) {
    const code = typeof rest.code === "number" ? rest.code : undefined;
    return new ProviderError(
      {
        provider: "twilio",
        action,
        category: categoryOfStatus(rest.status),
        status: rest.status,
        ...(code === undefined ? {} : { code }),
        attempts: 1,
      },
      `Twilio ${action} failed: HTTP ${rest.status}${code === undefined ? "" : `, error ${code}`}`,
    );
  }
  const category: ProviderErrorCategory = timedOut(error) ? "timeout" : "network";
  return new ProviderError(
    { provider: "twilio", action, category, status: 0, attempts: 1 },
    `Twilio ${action} failed: ${category === "timeout" ? "no answer in time" : "no connection"}`,
  );
}

/** The SDK's HTTP client (axios) says a timeout with these codes. */
function timedOut(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "ECONNABORTED" || code === "ETIMEDOUT";
}
