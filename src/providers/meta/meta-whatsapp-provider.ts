import type { Logger } from "../../log/logger";
import { operatorFetch } from "../../net/guarded-fetch";
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
import { readGraphFailure } from "./graph-errors";

export const DEFAULT_GRAPH_URL = "https://graph.facebook.com/v23.0";

export interface MetaProviderOptions {
  /** The business number's phone_number_id: every action is posted under it. */
  phoneNumberId: string;
  accessToken: string;
  /** `WHATSAPP_GRAPH_URL`; tests point it at a local fake. */
  graphUrl?: string;
  http?: { timeoutMs?: number; retry?: Partial<ProviderHttpSettings["retry"]> };
  logger?: Logger;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** `{"success": true}`, the answer to every call action. */
const succeeded = (body: unknown) => (isRecord(body) && body.success === true ? true : undefined);

/** The answer to a sent message: `{messages: [{id}]}`. */
function readMessageId(answer: unknown): { messageId?: string } | undefined {
  if (!isRecord(answer) || !Array.isArray(answer.messages)) return undefined;
  const first: unknown = answer.messages[0];
  const id = isRecord(first) && typeof first.id === "string" ? first.id : undefined;
  return id === undefined ? {} : { messageId: id };
}

/** WhatsApp Cloud API calling over the Graph API. */
export class MetaWhatsAppProvider implements WhatsAppProvider {
  readonly channel = "whatsapp_cloud";
  readonly capabilities: WhatsAppCapabilities = {
    preAccept: true,
    nativeReject: true,
    permissionRequestText: true,
  };
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor(private readonly options: MetaProviderOptions) {
    const settings = providerHttpSettings(options.http);
    // The Graph URL is operator configuration (WHATSAPP_GRAPH_URL), so it is fetched as it is.
    this.http = new ProviderHttp(
      "whatsapp_cloud",
      settings,
      readGraphFailure,
      operatorFetch,
      options.logger,
    );
    const graph = (options.graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, "");
    this.base = `${graph}/${encodeURIComponent(options.phoneNumberId)}`;
  }

  preAccept(callId: string, answerSdp: string, options?: ActionOptions): Promise<void> {
    return this.callAction("pre_accept", callId, options, {
      session: { sdp_type: "answer", sdp: answerSdp },
    });
  }

  accept(callId: string, answerSdp: string, options?: CallbackOptions): Promise<void> {
    return this.callAction("accept", callId, options, {
      session: { sdp_type: "answer", sdp: answerSdp },
      ...(options?.callbackData !== undefined && {
        biz_opaque_callback_data: options.callbackData,
      }),
    });
  }

  reject(callId: string, reason?: string, options?: ActionOptions): Promise<void> {
    this.options.logger?.debug("rejecting call", { callId, reason });
    return this.callAction("reject", callId, options);
  }

  terminate(callId: string, options?: ActionOptions): Promise<void> {
    return this.callAction("terminate", callId, options);
  }

  async connect(
    to: string,
    offerSdp: string,
    options?: CallbackOptions,
  ): Promise<{ callId: string }> {
    const body = {
      messaging_product: "whatsapp",
      to: toWaId("whatsapp_cloud", "connect", to),
      action: "connect",
      session: { sdp_type: "offer", sdp: offerSdp },
      ...(options?.callbackData !== undefined && {
        biz_opaque_callback_data: options.callbackData,
      }),
    };
    const request = {
      action: "connect",
      method: "POST",
      path: "/calls",
      body,
      idempotent: false,
    } as const;
    return this.send(request, options, (answer) => {
      const calls = isRecord(answer) && Array.isArray(answer.calls) ? answer.calls : [];
      const id: unknown = isRecord(calls[0]) ? calls[0].id : undefined;
      return typeof id === "string" && id !== "" ? { callId: id } : undefined;
    });
  }

  async getCallPermission(to: string, options?: ActionOptions): Promise<CallPermission> {
    const waId = toWaId("whatsapp_cloud", "get_call_permission", to);
    const path = `/call_permissions?user_wa_id=${encodeURIComponent(waId)}`;
    const request = {
      action: "get_call_permission",
      method: "GET",
      path,
      idempotent: true,
    } as const;
    return this.send(request, options, readCallPermission);
  }

  requestCallPermission(
    to: string,
    bodyText: string,
    options?: ActionOptions,
  ): Promise<{ messageId?: string }> {
    return this.message("request_call_permission", to, options, {
      type: "interactive",
      interactive: {
        type: "call_permission_request",
        action: { name: "call_permission_request" },
        body: { text: bodyText },
      },
    });
  }

  sendText(to: string, text: string, options?: ActionOptions): Promise<{ messageId?: string }> {
    return this.message("send_text", to, options, {
      type: "text",
      text: { body: text, preview_url: false },
    });
  }

  /** A message to one user (`/messages`): never retried, so it is never sent twice. */
  private message(
    action: "request_call_permission" | "send_text",
    to: string,
    options: ActionOptions | undefined,
    content: Record<string, unknown>,
  ): Promise<{ messageId?: string }> {
    const body = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: toWaId("whatsapp_cloud", action, to),
      ...content,
    };
    const request = { action, method: "POST", path: "/messages", body, idempotent: false } as const;
    return this.send(request, options, readMessageId);
  }

  /** pre_accept, accept, reject and terminate: one body shape, keyed by the call id. */
  private async callAction(
    action: "pre_accept" | "accept" | "reject" | "terminate",
    callId: string,
    options: ActionOptions | undefined,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const body = { messaging_product: "whatsapp", call_id: callId, action, ...extra };
    const request = { action, method: "POST", path: "/calls", body, idempotent: true } as const;
    await this.send(request, options, succeeded);
  }

  private send<T>(
    request: Omit<ProviderRequest, "url" | "token" | "signal"> & { path: string },
    options: ActionOptions | undefined,
    read: (body: unknown) => T | undefined,
  ): Promise<T> {
    const { path, ...rest } = request;
    return this.http.send(
      {
        ...rest,
        url: `${this.base}${path}`,
        token: this.options.accessToken,
        ...(options?.signal && { signal: options.signal }),
      },
      read,
    );
  }
}
