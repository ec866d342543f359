import type { LineDirectory, WhatsAppLine } from "../calls/whatsapp/line-directory";
import type { WhatsAppChannel } from "../calls/whatsapp/line-events";
import type { ChannelBinding, WebhookRoute } from "../domain/binding";
import type { CredentialValues } from "../domain/credentials";
import { notFound } from "../domain/errors";
import {
  createWhatsAppProvider,
  type WhatsAppProviderSettings,
} from "../providers/create-whatsapp-provider";
import type { WhatsAppProvider } from "../providers/whatsapp-provider";
import type { BindingStore } from "../store/bindings";
import type { CredentialStore } from "../store/credentials";

/**
 * Business lines from storage: a binding names the tenant and agent, the tenant's credential
 * builds the provider its calls are acted on with.
 */
export class WhatsAppLines implements LineDirectory {
  constructor(
    private readonly bindings: BindingStore,
    private readonly credentials: CredentialStore,
    private readonly settings: WhatsAppProviderSettings,
  ) {}

  async forRoute(
    route: WebhookRoute,
    channel: WhatsAppChannel,
    address: string,
  ): Promise<WhatsAppLine | null> {
    const binding = await this.bindings.resolveForRoute(route, channel, address);
    return binding ? this.forBinding(binding) : null;
  }

  async forAgent(tenantId: string, agentId: string): Promise<WhatsAppLine> {
    const page = await this.bindings.list(tenantId, { limit: 50 }, { agentId });
    const binding = page.data.find((b) => b.channel === "whatsapp_cloud" || b.channel === "wati");
    if (!binding) throw notFound("WhatsApp channel binding for this agent");
    return this.forBinding(binding);
  }

  /**
   * A provider for a number of the tenant's that no binding routes: enough to refuse its calls
   * (with the credential named like the channel), or null without one.
   */
  async unbound(
    tenantId: string,
    channel: WhatsAppChannel,
    address: string,
  ): Promise<WhatsAppProvider | null> {
    // A number some line has (another tenant's, or on another route) is none of this tenant's.
    if (await this.bindings.isBound(channel, address)) return null;
    const values = await this.credentials.reveal(tenantId, channel).catch(() => null);
    if (values?.kind === "whatsapp_cloud" && channel === "whatsapp_cloud") {
      return createWhatsAppProvider({ credential: values, phoneNumberId: address }, this.settings);
    }
    if (values?.kind === "wati" && channel === "wati") {
      return createWhatsAppProvider({ credential: values, businessNumber: address }, this.settings);
    }
    return null;
  }

  /** The tenant's credential of this kind, for checking its webhooks' signatures. */
  async credential<K extends CredentialValues["kind"]>(
    tenantId: string,
    name: string,
    kind: K,
  ): Promise<Extract<CredentialValues, { kind: K }> | null> {
    const values = await this.credentials.reveal(tenantId, name).catch(() => null);
    return values?.kind === kind ? (values as Extract<CredentialValues, { kind: K }>) : null;
  }

  private async forBinding(binding: ChannelBinding): Promise<WhatsAppLine> {
    const name = binding.credentialName ?? binding.channel;
    const values = await this.credentials.reveal(binding.tenantId, name);
    if (binding.channel === "whatsapp_cloud" && values.kind === "whatsapp_cloud") {
      return {
        binding,
        provider: createWhatsAppProvider(
          { credential: values, phoneNumberId: binding.address },
          this.settings,
        ),
      };
    }
    if (binding.channel === "wati" && values.kind === "wati") {
      return {
        binding,
        provider: createWhatsAppProvider(
          { credential: values, businessNumber: binding.address },
          this.settings,
        ),
      };
    }
    throw notFound(`${binding.channel} credential '${name}'`);
  }
}
