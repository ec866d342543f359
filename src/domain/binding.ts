/** Where calls come from: the channel and the address on it that routes to one agent. */
export const CHANNELS = ["whatsapp_cloud", "wati", "livekit", "twilio"] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels that carry WhatsApp calls, one per provider. */
export type WhatsAppChannel = Extract<Channel, "whatsapp_cloud" | "wati">;

/**
 * Which webhook route may act on a binding's calls: the platform Meta app's (`/webhooks/whatsapp`,
 * numbers onboarded through the platform app) or the tenant's own (`/webhooks/whatsapp/{tenantId}`
 * for its own Meta app, `/webhooks/wati/{tenantId}` for Wati). LiveKit, Wati and Twilio are always "tenant".
 */
export const WEBHOOK_ORIGINS = ["platform", "tenant"] as const;
export type WebhookOrigin = (typeof WEBHOOK_ORIGINS)[number];

/** The route a webhook arrived on: it may act only on the lines of that route. */
export type WebhookRoute = { kind: "platform" } | { kind: "tenant"; tenantId: string };

export interface ChannelBinding {
  id: string;
  tenantId: string;
  agentId: string;
  channel: Channel;
  /** Meta phone_number_id, Wati business number, LiveKit room prefix, or Twilio phone number (digits). */
  address: string;
  label: string;
  /** The stored credential the provider is called with; null means the one named like the channel. */
  credentialName: string | null;
  webhookOrigin: WebhookOrigin;
  createdAt: string;
  updatedAt: string;
}
