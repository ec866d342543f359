import type { Logger } from "../../log/logger";
import type { Fetch } from "../../net/guarded-fetch";
import { type CallPermission, readCallPermission } from "../call-permission";
import {
  ProviderHttp,
  type ProviderHttpSettings,
  type ProviderRequest,
  providerHttpSettings,
} from "../provider-http";
import { toWaId } from "../wa-id";
import type {
  ActionOptions,
  CallbackOptions,
  WhatsAppCapabilities,
  WhatsAppProvider,
} from "../whatsapp-provider";
import { readWatiFailure } from "./wati-errors";

export interface WatiProviderOptions {
  /** `WATI_BASE_URL` or the credential's own base URL, e.g. https://live-mt-server.wati.io. */
  baseUrl: string;
  /** How `baseUrl` is fetched: through the egress guard when the tenant supplied it. */
  fetch: Fetch;
  watiTenantId: string;
  token: string;
  /** The business number (digits), Wati's `channelPhoneNumber`. */
  businessNumber: string;
  http?: { timeoutMs?: number; retry?: Partial<ProviderHttpSettings["retry"]> };
  logger?: Logger;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** Any 2xx that is not a refusal: Wati documents no body for accept and terminate. */
const done = () => true;

/**
 * WhatsApp calling through Wati, the one module that knows Wati's
 * paths. Wati has no pre_accept (media starts at accept) and no reject (terminate ends a call
 * in any state), and words the permission request itself.
 */
export class WatiWhatsAppProvider implements WhatsAppProvider {
  readonly channel = "wati";
  readonly capabilities: WhatsAppCapabilities = {
    preAccept: false,
    nativeReject: false,
    permissionRequestText: false,
  };
  private readonly http: ProviderHttp;
  /** The calling API's root; messages live beside it, under `/api/v1`. */
  private readonly base: string;
  private readonly messagesBase: string;

  constructor(private readonly options: WatiProviderOptions) {
    const settings = providerHttpSettings(options.http);
    this.http = new ProviderHttp("wati", settings, readWatiFailure, options.fetch, options.logger);
    const root = options.baseUrl.replace(/\/+$/, "");
    const api = `${root}/${encodeURIComponent(options.watiTenantId)}/api/v1`;
    this.base = `${api}/openapi/whatsapp/calls`;
    this.messagesBase = api;
  }

  /** Nothing to send: Wati has no pre-accept step (see `capabilities.preAccept`). */
  async preAccept(_callId: string, _answerSdp: string, _options?: ActionOptions): Promise<void> {}

  async accept(callId: string, answerSdp: string, options?: CallbackOptions): Promise<void> {
    const path = `/${encodeURIComponent(callId)}/accept`;
    const request = { action: "accept", path, body: { sdp: answerSdp }, idempotent: true };
    await this.send(request, options, done);
  }

  /** Ends the call with terminate: Wati has no reject (`capabilities.nativeReject`). */
  reject(callId: string, reason?: string, options?: ActionOptions): Promise<void> {
    this.options.logger?.debug("rejecting call with terminate", { callId, reason });
    return this.terminate(callId, options);
  }

  async terminate(callId: string, options?: ActionOptions): Promise<void> {
    const path = `/${encodeURIComponent(callId)}/terminate`;
    await this.send({ action: "terminate", path, idempotent: true }, options, done);
  }

  async connect(
    to: string,
    offerSdp: string,
    options?: CallbackOptions,
  ): Promise<{ callId: string }> {
    const waId = toWaId("wati", "connect", to);
    const path = `/outbound-call/${waId}`;
    const request = { action: "connect", path, body: { Sdp: offerSdp }, idempotent: false };
    return this.send(request, options, (answer) => {
      const result = isRecord(answer) && isRecord(answer.result) ? answer.result : {};
      return typeof result.callId === "string" && result.callId !== ""
        ? { callId: result.callId }
        : undefined;
    });
  }

  async getCallPermission(to: string, options?: ActionOptions): Promise<CallPermission> {
    const waId = toWaId("wati", "get_call_permission", to);
    const channel = encodeURIComponent(this.options.businessNumber);
    const path = `/permissions/${waId}?channelPhoneNumber=${channel}`;
    const request = {
      action: "get_call_permission",
      method: "GET",
      path,
      idempotent: true,
    } as const;
    return this.send(request, options, readCallPermission);
  }

  /** Wati sends its own permission request message; `bodyText` is not sent. */
  async requestCallPermission(
    to: string,
    _bodyText: string,
    options?: ActionOptions,
  ): Promise<{ messageId?: string }> {
    const waId = toWaId("wati", "request_call_permission", to);
    const path = `/call-permission-request/${waId}`;
    await this.send({ action: "request_call_permission", path, idempotent: false }, options, done);
    return {};
  }

  /** Wati's session message: the text goes in the query (`messageText`), as its API takes it. */
  async sendText(
    to: string,
    text: string,
    options?: ActionOptions,
  ): Promise<{ messageId?: string }> {
    const waId = toWaId("wati", "send_text", to);
    const path = `/sendSessionMessage/${waId}?messageText=${encodeURIComponent(text)}`;
    const request = { action: "send_text", path, idempotent: false, root: this.messagesBase };
    // A 200 with `result: false` (not sent) is already a failure (readWatiFailure).
    await this.send(request, options, done);
    return {};
  }

  private send<T>(
    request: Omit<ProviderRequest, "url" | "token" | "signal" | "method"> & {
      path: string;
      method?: "GET" | "POST";
      /** Default: the calling API. */
      root?: string;
    },
    options: ActionOptions | undefined,
    read: (body: unknown) => T | undefined,
  ): Promise<T> {
    const { path, method = "POST", root = this.base, ...rest } = request;
    return this.http.send(
      {
        ...rest,
        method,
        url: `${root}${path}`,
        token: this.options.token,
        ...(options?.signal && { signal: options.signal }),
      },
      read,
    );
  }
}
