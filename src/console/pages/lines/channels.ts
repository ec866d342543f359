import type { Binding, Credential } from "../../api/api-types.gen";

// What the line form says about each channel the API accepts, checked against its types: a
// channel the API adds fails the typecheck here until the form offers it.

export type Channel = Binding["channel"];

interface ChannelInfo {
  label: string;
  /** The address field's label and hint: what the channel routes by. */
  address: string;
  addressHint: string;
  /** The credential kind its calls use. */
  credentialKind: Credential["kind"];
}

export const CHANNELS: Record<Channel, ChannelInfo> = {
  whatsapp_cloud: {
    label: "WhatsApp (Meta Cloud API)",
    address: "Meta phone number ID",
    addressHint: "The phone_number_id Meta shows for the number (digits), not the number itself.",
    credentialKind: "whatsapp_cloud",
  },
  wati: {
    label: "WhatsApp (Wati)",
    address: "Business phone number",
    addressHint: "In international form, e.g. +15550001111. It is shown masked afterwards.",
    credentialKind: "wati",
  },
  twilio: {
    label: "Phone number (Twilio)",
    address: "Twilio phone number",
    addressHint: "In international form, e.g. +15550001111.",
    credentialKind: "twilio",
  },
  livekit: {
    label: "LiveKit room",
    address: "Room-name prefix",
    addressHint: "Rooms whose names start with it reach this agent, e.g. support-.",
    credentialKind: "livekit",
  },
};

export const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];
