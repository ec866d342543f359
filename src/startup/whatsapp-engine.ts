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
import { PermissionWaits } from "../store/permission-waits";
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
  /** How long an outbound call waits for the user's permission (WHATSAPP_PERMISSION_WAIT_MINUTES). */
  permissionWaitMs?: number;
  /** How often calls waiting too long are given up; 0: never on its own (tests sweep by hand). */
  expireEveryMs?: number;
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
    permissionWaits: new PermissionWaits(stores.db),
    ...(deps.permissionWaitMs !== undefined && { permissionWaitMs: deps.permissionWaitMs }),
  });
  const expireEveryMs = deps.expireEveryMs ?? 60_000;
  const expiring =
    expireEveryMs > 0
      ? setInterval(() => {
          dialler
            .expirePermissionWaits()
            .catch((error: unknown) => log.warn("permission wait sweep failed", { error }));
        }, expireEveryMs)
      : undefined;
  expiring?.unref?.();
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
    /** Stops giving up calls that wait too long (on shutdown). */
    stop: () => clearInterval(expiring),
  };
}
