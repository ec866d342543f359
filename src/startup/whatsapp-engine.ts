import type { BackgroundTasks } from "../calls/background-tasks";
import type { CallRegistry } from "../calls/call-registry";
import type { CallService } from "../calls/call-service";
import { IdempotencyClaims } from "../calls/whatsapp/idempotency-claims";
import { LineEventRouter } from "../calls/whatsapp/line-event-router";
import { SharedEventReceipts } from "../calls/whatsapp/shared-receipts";
import { WhatsAppCalls } from "../calls/whatsapp/whatsapp-calls";
import { WhatsAppDialler } from "../calls/whatsapp/whatsapp-dialler";
import { whatsAppMedia, whatsAppOutboundMedia } from "../calls/whatsapp/whatsapp-media";
import { WhatsAppLines } from "../lines/whatsapp-lines";
import type { Logger } from "../log/logger";
import type { AnswerOffer, PlaceOffer } from "../media/media-leg";
import { shapeAnswerForWhatsApp, shapeOfferForWhatsApp } from "../media/sdp/whatsapp-answer";
import type { WhatsAppProviderSettings } from "../providers/create-whatsapp-provider";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";
import type { Stores } from "../store/stores";
import { WebhookReceiptStore } from "../store/webhook-receipts";

export interface WhatsAppEngineDeps {
  stores: Stores;
  calls: CallService;
  registry: CallRegistry;
  background: BackgroundTasks;
  answerOffer: AnswerOffer;
  createOffer: PlaceOffer;
  providers: WhatsAppProviderSettings;
  log: Logger;
  /** Where webhook receipts and idempotency keys are claimed across machines; default memory. */
  sessionStore?: SessionStore;
}

/**
 * WhatsApp calls wired to storage: lines from bindings and credentials, inbound answering, the
 * dialler, and the router every webhook event passes through.
 */
export function createWhatsAppEngine(deps: WhatsAppEngineDeps) {
  const { stores, log } = deps;
  const shared = deps.sessionStore ?? new MemorySessionStore();
  const lines = new WhatsAppLines(stores.bindings, stores.credentials, deps.providers);
  const calls = new WhatsAppCalls({
    calls: deps.calls,
    registry: deps.registry,
    records: stores.calls,
    media: whatsAppMedia(deps.answerOffer, shapeAnswerForWhatsApp),
    log,
  });
  const dialler = new WhatsAppDialler({
    calls: deps.calls,
    records: stores.calls,
    lines,
    media: whatsAppOutboundMedia(deps.createOffer, shapeOfferForWhatsApp),
    log,
    watchEnd: (line, providerCallId, session) => calls.watchEnd(line, providerCallId, session),
    claims: new IdempotencyClaims(shared, log),
    background: deps.background,
  });
  const router = new LineEventRouter({
    lines,
    receipts: new SharedEventReceipts(shared, new WebhookReceiptStore(stores.db), log),
    calls,
    dialler,
    log,
  });
  return {
    lines,
    dialler,
    router,
    /** What the webhook routes hand their events to: acted on after the acknowledgement. */
    dispatch: (...args: Parameters<LineEventRouter["route"]>) =>
      deps.background.run(router.route(...args)),
  };
}
