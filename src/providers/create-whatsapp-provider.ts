import type { CredentialValues } from "../domain/credentials";
import type { Logger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import { guardedFetch, operatorFetch } from "../net/guarded-fetch";
import { MetaWhatsAppProvider } from "./meta/meta-whatsapp-provider";
import { ProviderError } from "./provider-error";
import type { ProviderHttpSettings } from "./provider-http";
import { WatiWhatsAppProvider } from "./wati/wati-whatsapp-provider";
import type { WhatsAppProvider } from "./whatsapp-provider";

/** Service-wide provider settings, from the environment. */
export interface WhatsAppProviderSettings {
  /** `WHATSAPP_GRAPH_URL`; default https://graph.facebook.com/v23.0. */
  graphUrl?: string;
  /** `WATI_BASE_URL`; a Wati credential's own `baseUrl` wins over it. */
  watiBaseUrl?: string;
  http?: { timeoutMs?: number; retry?: Partial<ProviderHttpSettings["retry"]> };
  logger?: Logger;
  /** What base URLs from tenants' credentials may reach (ALLOW_PRIVATE_EGRESS); default public only. */
  egress?: EgressPolicy;
}

/** A channel binding's address with the tenant's revealed credential for it. */
export type WhatsAppLine =
  | {
      credential: Extract<CredentialValues, { kind: "whatsapp_cloud" }>;
      /** The binding's address: Meta's phone_number_id. */
      phoneNumberId: string;
    }
  | {
      credential: Extract<CredentialValues, { kind: "wati" }>;
      /** The binding's address: the business number, digits. */
      businessNumber: string;
    };

/** Builds the provider for one business line (one binding and its credential). */
export function createWhatsAppProvider(
  line: WhatsAppLine,
  settings: WhatsAppProviderSettings = {},
): WhatsAppProvider {
  const common = {
    ...(settings.http && { http: settings.http }),
    ...(settings.logger && { logger: settings.logger }),
  };
  if ("phoneNumberId" in line) {
    return new MetaWhatsAppProvider({
      phoneNumberId: line.phoneNumberId,
      accessToken: line.credential.accessToken,
      ...(settings.graphUrl && { graphUrl: settings.graphUrl }),
      ...common,
    });
  }
  const own = line.credential.baseUrl;
  const baseUrl = own ?? settings.watiBaseUrl;
  if (!baseUrl) {
    throw new ProviderError(
      {
        provider: "wati",
        action: "configure",
        category: "invalid_request",
        status: 0,
        attempts: 0,
      },
      "wati has no base URL: set WATI_BASE_URL or the credential's baseUrl",
    );
  }
  return new WatiWhatsAppProvider({
    baseUrl,
    // WATI_BASE_URL is operator configuration; a base URL from the tenant goes through the guard.
    fetch: own
      ? guardedFetch({ policy: settings.egress ?? EgressPolicy.publicOnly })
      : operatorFetch,
    watiTenantId: line.credential.watiTenantId,
    token: line.credential.token,
    businessNumber: line.businessNumber,
    ...common,
  });
}
