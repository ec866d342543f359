import type { CallRegistry } from "../calls/call-registry";
import type { CallService } from "../calls/call-service";
import type { CallLog } from "../calls/ports";
import { IdempotencyClaims } from "../calls/whatsapp/idempotency-claims";
import type { Logger } from "../log/logger";
import type { CallOwners } from "../ownership/call-owners";
import { MemorySessionStore } from "../session/memory-session-store";
import type { SessionStore } from "../session/session-store";
import type { BindingStore } from "../store/bindings";
import type { CallStore } from "../store/calls";
import type { CredentialStore } from "../store/credentials";
import { inboundPhoneCalls } from "./inbound-phone-calls";
import { PhoneDialler } from "./phone-dialler";
import type { PhoneStatusDeps } from "./phone-status";
import type { TransferDeps } from "./phone-transfer";
import { StreamTokens } from "./stream-tokens";
import type { TwilioRest } from "./twilio-rest";
import { TwilioStreams } from "./twilio-streams";
import type { TwilioVoiceDeps } from "./twilio-voice-route";
import type { SignedWebhookDeps } from "./twilio-webhook-auth";

export interface TwilioPhone {
  /** What `POST /webhooks/twilio/{tenantId}/voice` needs. */
  voice: TwilioVoiceDeps;
  /** What `POST /webhooks/twilio/{tenantId}/status` needs. */
  status: SignedWebhookDeps & PhoneStatusDeps;
  /** The media stream WebSockets, served beside the app by Bun.serve. */
  streams: TwilioStreams;
  /** Outbound phone calls (`POST /v1/calls` with `channel: "phone"`). */
  dialler: PhoneDialler;
}

export interface TwilioPhoneDeps {
  credentials: Pick<CredentialStore, "reveal">;
  bindings: Pick<BindingStore, "resolveForRoute" | "list">;
  calls: CallService;
  registry: Pick<CallRegistry, "byProviderCallId" | "get">;
  records: CallLog & Pick<CallStore, "get">;
  log: Logger;
  publicBaseUrl: string | undefined;
  rest: TwilioRest;
  /** Runs dialling in the background, so shutdown and tests can wait for it. */
  background: { run(task: Promise<unknown>): void };
  /** Where stream tokens and Idempotency-Keys are shared between machines; default memory. */
  sessionStore?: SessionStore;
  /** This machine, and whether Fly's proxy replays requests to others. */
  machine?: { id: string; onFly: boolean };
  /** Which machine holds a call not live here (status callbacks are replayed there). */
  owners?: Pick<CallOwners, "ofCall">;
  /** How long an outbound call rings; default 30 s. */
  ringSeconds?: number;
}

/** Phone numbers over Twilio: webhooks, media streams, transfers and calls the agent places. */
export function createTwilioPhone(deps: TwilioPhoneDeps): TwilioPhone {
  const store = deps.sessionStore ?? new MemorySessionStore();
  const machine = deps.machine ?? { id: deps.calls.machineId, onFly: false };
  const tokens = new StreamTokens({ store, machine: machine.id, log: deps.log });
  const account = async (tenantId: string) => {
    const values = await deps.credentials.reveal(tenantId, "twilio").catch(() => null);
    return values?.kind === "twilio" ? values : null;
  };
  const transfer: TransferDeps = { rest: deps.rest, account, records: deps.records, log: deps.log };
  const streams = new TwilioStreams({
    tokens,
    log: deps.log,
    machine,
    refusesNewCalls: () => deps.calls.draining || deps.calls.atCapacity,
    startInbound: inboundPhoneCalls({ calls: deps.calls, transfer, log: deps.log }),
  });
  const dialler = new PhoneDialler({
    calls: deps.calls,
    records: deps.records,
    lineOf: async (tenantId, agentId) => {
      const page = await deps.bindings.list(
        tenantId,
        { limit: 50 },
        { agentId, channel: "twilio" },
      );
      return page.data[0] ?? null;
    },
    rest: deps.rest,
    tokens,
    streams,
    transfer,
    publicBaseUrl: deps.publicBaseUrl,
    background: deps.background,
    claims: new IdempotencyClaims(store, deps.log),
    log: deps.log,
    ...(deps.ringSeconds === undefined ? {} : { ringSeconds: deps.ringSeconds }),
  });
  return {
    voice: {
      publicBaseUrl: deps.publicBaseUrl,
      account,
      binding: (tenantId, number) =>
        deps.bindings.resolveForRoute({ kind: "tenant", tenantId }, "twilio", number),
      calls: deps.calls,
      tokens,
      replayElsewhere: machine.onFly,
    },
    status: {
      publicBaseUrl: deps.publicBaseUrl,
      account,
      registry: deps.registry,
      records: deps.records,
      callOf: (tenantId, callId) => deps.records.get(tenantId, callId).catch(() => null),
      owners: deps.owners,
      progress: (callId, progress) => dialler.progress(callId, progress),
      connectTimeoutMs: deps.calls.connectTimeoutMs,
    },
    streams,
    dialler,
  };
}
