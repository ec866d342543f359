import type { BackgroundTasks } from "../calls/background-tasks";
import type { CallService } from "../calls/call-service";
import type { Logger } from "../log/logger";
import type { EgressPolicy } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import type { Stores } from "../store/stores";
import { WebhookReceiptStore } from "../store/webhook-receipts";
import { LiveKitCalls } from "./livekit-calls";
import type { JoinRoom } from "./room-joiner";
import type { LiveKitWebhookDeps } from "./webhook-route";

/** What the app serves for LiveKit: the room route's calls and the webhook route's needs. */
export interface LiveKit {
  calls: LiveKitCalls;
  webhooks: LiveKitWebhookDeps;
}

/** LiveKit rooms over the tenants' `livekit` credentials and bindings. */
export function createLiveKit(deps: {
  stores: Pick<Stores, "credentials" | "bindings" | "db">;
  calls: CallService;
  egress: EgressPolicy;
  background: Pick<BackgroundTasks, "run">;
  log: Logger;
  /** The machine holding a room's call, when it is another one (call ownership). */
  ownerOfRoom?: (tenantId: string, roomSid: string) => Promise<string | null>;
  lookup?: Lookup;
  join?: JoinRoom;
}): LiveKit {
  // The database judges receipts: an event or a room is acted on once across machines.
  const receipts = new WebhookReceiptStore(deps.stores.db);
  const calls = new LiveKitCalls({
    credentials: deps.stores.credentials,
    bindings: deps.stores.bindings,
    calls: deps.calls,
    receipts,
    egress: deps.egress,
    log: deps.log,
    ...(deps.lookup && { lookup: deps.lookup }),
    ...(deps.join && { join: deps.join }),
  });
  return {
    calls,
    webhooks: {
      livekit: calls,
      receipts,
      background: deps.background,
      ...(deps.ownerOfRoom && { ownerOfRoom: deps.ownerOfRoom }),
    },
  };
}
