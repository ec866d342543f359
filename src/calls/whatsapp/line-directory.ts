import type { ChannelBinding, WebhookRoute } from "../../domain/binding";
import type { WhatsAppProvider } from "../../providers/whatsapp-provider";
import type { WhatsAppChannel } from "./line-events";

/** A business line: its binding (tenant, agent) and the provider to act on its calls with. */
export interface WhatsAppLine {
  binding: ChannelBinding;
  provider: WhatsAppProvider;
}

/** Where the call engine finds business lines; the storage behind it is wired in main.ts. */
export interface LineDirectory {
  /** The line a webhook names, among the lines of the route it arrived on only. */
  forRoute(
    route: WebhookRoute,
    channel: WhatsAppChannel,
    address: string,
  ): Promise<WhatsAppLine | null>;
  /** The agent's first WhatsApp line, for calls it places. */
  forAgent(tenantId: string, agentId: string): Promise<WhatsAppLine>;
  /** A provider for a number of the tenant's that no binding routes, to refuse its calls. */
  unbound(
    tenantId: string,
    channel: WhatsAppChannel,
    address: string,
  ): Promise<WhatsAppProvider | null>;
}
