import type { Logger } from "../../log/logger";
import type { LineDirectory, WhatsAppLine } from "./line-directory";
import type { LineEvent, WebhookRoute, WhatsAppChannel } from "./line-events";
import type { LineScope, WhatsAppCalls } from "./whatsapp-calls";
import type { WhatsAppDialler } from "./whatsapp-dialler";

/** Which webhook events were acted on; the storage behind it is wired in main.ts. */
export interface EventReceipts {
  /** True the first time; with `windowMs`, a repeat older than the window counts as new. */
  firstTime(scope: LineScope, key: string, windowMs?: number): Promise<boolean>;
  seen(scope: LineScope, key: string): Promise<boolean>;
}

export interface LineEventRouterDeps {
  lines: LineDirectory;
  receipts: EventReceipts;
  calls: WhatsAppCalls;
  dialler: WhatsAppDialler;
  log: Logger;
}

/** Wati's permission replies carry no id: an identical reply within this window is a repeat. */
const UNIDENTIFIED_REPEAT_WINDOW_MS = 10 * 60_000;

/**
 * Every WhatsApp webhook event passes here. It acts only on the lines of the route the event
 * arrived on (and so only with that tenant's credential), once per event however often it is
 * delivered, and hands it to inbound calls or to the dialler.
 */
export class LineEventRouter {
  constructor(private readonly deps: LineEventRouterDeps) {}

  /** Never throws: failures are logged (and stored on the call where there is one). */
  async route(channel: WhatsAppChannel, event: LineEvent, route: WebhookRoute): Promise<void> {
    const receivedAt = new Date();
    const log = this.deps.log.child({ channel, type: event.type });
    try {
      const found = await this.scopeOf(channel, event, route);
      if (!found) {
        log.warn("webhook event for no line of this route ignored", { route: route.kind });
        if (event.type === "inbound_call" && route.kind === "tenant")
          await this.refuseUnbound(route.tenantId, channel, event);
        return;
      }
      const { scope, line } = found;
      // A connect that arrives after its own terminate (out of order) starts nothing.
      const [first, terminated] = await Promise.all([
        this.firstTime(scope, event),
        event.type === "inbound_call"
          ? this.deps.receipts.seen(scope, `terminate:${event.callId}`)
          : false,
      ]);
      if (!first) {
        log.info("repeated webhook event ignored");
        return;
      }
      switch (event.type) {
        case "inbound_call":
          if (terminated) {
            log.info("call webhook after its terminate ignored (events out of order)");
            return;
          }
          if (line) await this.deps.calls.answer(line, event, receivedAt);
          return;
        case "call_terminated":
          return await this.deps.calls.terminated(scope, event);
        case "call_status":
          return await this.deps.calls.status(scope, event);
        case "call_answer":
          if (!(await this.deps.dialler.answered(scope, event)))
            log.info("answer for no call waiting acknowledged");
          return;
        case "permission_reply":
          if (!line || !(await this.deps.dialler.permissionReply(line, event)))
            log.info("permission reply for no call waiting acknowledged");
          return;
        default:
          event satisfies never;
      }
    } catch (error) {
      log.error("WhatsApp event failed", { error });
    }
  }

  /**
   * The tenant an event belongs to. An event naming a line is looked up among the route's lines
   * only; one that names none (Wati's answers, statuses and terminates) belongs to the tenant
   * whose route it came on.
   */
  private async scopeOf(
    channel: WhatsAppChannel,
    event: LineEvent,
    route: WebhookRoute,
  ): Promise<{ scope: LineScope; line: WhatsAppLine | null } | null> {
    if (event.address !== undefined) {
      const line = await this.deps.lines.forRoute(route, channel, event.address);
      return line ? { scope: { tenantId: line.binding.tenantId, channel }, line } : null;
    }
    return route.kind === "tenant"
      ? { scope: { tenantId: route.tenantId, channel }, line: null }
      : null;
  }

  private firstTime(scope: LineScope, event: LineEvent): Promise<boolean> {
    const { receipts } = this.deps;
    switch (event.type) {
      case "inbound_call":
        return receipts.firstTime(scope, `connect:${event.callId}`);
      case "call_answer":
        return receipts.firstTime(scope, `answer:${event.callId}`);
      case "call_terminated":
        return receipts.firstTime(scope, `terminate:${event.callId}`);
      case "call_status":
        return receipts.firstTime(scope, `status:${event.callId}:${event.status}`);
      case "permission_reply":
        return event.replyId
          ? receipts.firstTime(scope, `permission:${event.replyId}`)
          : receipts.firstTime(
              scope,
              `permission:${event.address}:${event.waId}:${event.granted}`,
              UNIDENTIFIED_REPEAT_WINDOW_MS,
            );
      default:
        return event satisfies never;
    }
  }

  /** On a tenant's own route the tenant is known: its own credential can still say no. */
  private async refuseUnbound(
    tenantId: string,
    channel: WhatsAppChannel,
    event: Extract<LineEvent, { type: "inbound_call" }>,
  ): Promise<void> {
    const scope = { tenantId, channel };
    if (!(await this.deps.receipts.firstTime(scope, `connect:${event.callId}`))) return;
    const provider = await this.deps.lines.unbound(tenantId, channel, event.address);
    if (provider) await provider.reject(event.callId).catch(() => {});
    this.deps.log.warn("call to a number bound to no agent", {
      channel,
      rejected: provider !== null,
    });
  }
}
