// The benchmark's view of the gateway over HTTP: sets up a WhatsApp line through the admin and
// tenant REST API (as test/whatsapp-line.ts does in-process), posts signed webhooks and reads
// the stored calls back.

import { hubSignature } from "../../test/webhook-signing";
import { PHONE_NUMBER_ID } from "../../test/whatsapp-line";
import { restOk } from "../harness/rest";

/** The fields of a stored call the benchmark reads (GET /v1/conversations). */
export interface StoredCall {
  id: string;
  providerCallId: string | null;
  status: string;
  receivedAt: string;
  answeredAt: string | null;
  mediaConnectedAt: string | null;
  firstAgentAudioAt: string | null;
  endReason: string | null;
}

export class GatewayRest {
  constructor(
    readonly baseUrl: string,
    private readonly adminKey: string,
  ) {}

  /**
   * A tenant with a published agent answering the test phone number on the Meta Cloud API,
   * its Graph API access token stored as the tenant's credential. Returns the tenant's key.
   */
  async metaLine(graphAccessToken: string): Promise<string> {
    const tenant = await this.json<{ id: string }>("POST", "/v1/tenants", this.adminKey, {
      name: "Bench Clinic",
    });
    const { key } = await this.json<{ key: string }>(
      "POST",
      `/v1/tenants/${tenant.id}/keys`,
      this.adminKey,
      { name: "bench" },
    );
    const agent = await this.json<{ id: string }>("POST", "/v1/agents", key, {
      name: "WhatsApp desk",
    });
    await this.json("POST", `/v1/agents/${agent.id}/publish`, key);
    await this.json("PUT", `/v1/tenants/${tenant.id}/credentials/whatsapp_cloud`, key, {
      kind: "whatsapp_cloud",
      accessToken: graphAccessToken,
      appSecret: "tenant-own-app-secret-000",
      verifyToken: "tenant-verify",
    });
    await this.json("POST", "/v1/bindings", key, {
      agentId: agent.id,
      channel: "whatsapp_cloud",
      address: PHONE_NUMBER_ID,
    });
    return key;
  }

  /** POSTs a webhook body signed as Meta signs it; resolves with the status once answered. */
  async postWebhook(raw: string, appSecret: string): Promise<number> {
    const res = await fetch(`${this.baseUrl}/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": hubSignature(raw, appSecret),
      },
      body: raw,
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Every call the tenant has, newest first. */
  async calls(key: string): Promise<StoredCall[]> {
    const all: StoredCall[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await this.json<{ data: StoredCall[]; nextCursor: string | null }>(
        "GET",
        `/v1/conversations?limit=200${query}`,
        key,
      );
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** A JSON request; anything but 2xx throws. */
  private json<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
    return restOk<T>(this.baseUrl, key, method, path, body);
  }
}
