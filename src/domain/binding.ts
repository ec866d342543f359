/** Where calls come from: the channel and the address on it that routes to one agent. */
export const CHANNELS = ["whatsapp_cloud", "wati", "livekit"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelBinding {
  id: string;
  tenantId: string;
  agentId: string;
  channel: Channel;
  /** Meta phone_number_id, Wati business number, or LiveKit room prefix. */
  address: string;
  label: string;
  /** The stored credential the provider is called with; null means the one named like the channel. */
  credentialName: string | null;
  createdAt: string;
  updatedAt: string;
}
