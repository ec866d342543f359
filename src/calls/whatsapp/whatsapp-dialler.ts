import type { CallChannel, EndReason } from "../../domain/call";
import { conflict, DomainError } from "../../domain/errors";
import { newId } from "../../domain/ids";
import { maskPhone } from "../../domain/phone";
import type { Logger } from "../../log/logger";
import type { PlaceOffer } from "../../media/media-leg";
import { ProviderError } from "../../providers/provider-error";
import type { CallTarget } from "../call-request";
import type { CallService } from "../call-service";
import { keepQuotaRefusal, QuotaExceeded } from "../monthly-quota";
import type { CallLog } from "../ports";
import type { IdempotencyClaims } from "./idempotency-claims";
import type { LineDirectory, WhatsAppLine } from "./line-directory";
import type { LineEvent, WhatsAppChannel } from "./line-events";
import type { LineScope } from "./whatsapp-calls";
import { textsTo } from "./whatsapp-calls";

export interface OutboundMedia {
  /** Our offer for WhatsApp (full ICE gathered, its media rules), and how to apply the answer. */
  offer: PlaceOffer;
}

export interface DiallerDeps {
  calls: CallService;
  records: CallLog;
  lines: LineDirectory;
  media: OutboundMedia;
  log: Logger;
  /** Sends the provider's terminate when our side ends the call. */
  watchEnd: (
    line: WhatsAppLine,
    providerCallId: string,
    session: { id: string; ended: Promise<EndReason> },
  ) => void;
  /** Runs work that outlives the request (dialling), so shutdown and tests can wait for it. */
  background: { run(task: Promise<unknown>): void };
  /** How long the callee may take to answer before the call is given up. */
  answerTimeoutMs?: number;
  /** Idempotency-Keys claimed across machines. */
  claims: IdempotencyClaims;
  /** Calls waiting for the user's permission, and how one is given up. */
  permissionWaits: PermissionWaitLog;
  /** How long a call waits for the reply to its permission request; default a day. */
  permissionWaitMs?: number;
}

/** Calls waiting for permission, as storage keeps them (see store/permission-waits.ts). */
export interface PermissionWaitLog {
  placedBefore(before: string): Promise<Array<{ id: string; channel: CallChannel }>>;
  /** Ends the call as permission_expired if it still waits; true if this caller ended it. */
  expire(callId: string, before: string): Promise<boolean>;
}

/** A day: by then WhatsApp lets the business ask the user again, with a new call. */
export const DEFAULT_PERMISSION_WAIT_MS = 24 * 3_600_000;

export interface PlaceCall {
  tenantId: string | null;
  agentId: string;
  to: string;
  variables: Record<string, string>;
  idempotencyKey: string;
}

/** How far a provider's clock may be ahead of ours when a reply is dated. */
const CLOCK_SKEW_MS = 60_000;

const answerKey = (scope: LineScope, providerCallId: string) =>
  `${scope.tenantId}/${scope.channel}/${providerCallId}`;

const PERMISSION_TEXT =
  "We would like to call you about your enquiry. May we call you on WhatsApp?";

/**
 * Calls the business places: check the user's call permission (asking for it when missing), ring
 * them with our offer, and connect the agent once their answer arrives by webhook.
 */
export class WhatsAppDialler {
  /** Tenant, channel and provider call id → how to apply the callee's SDP answer. */
  private readonly awaitingAnswer = new Map<string, (sdp: string) => Promise<void>>();

  constructor(private readonly deps: DiallerDeps) {}

  /** Starts an outbound call; repeating the same idempotency key returns the same call. */
  async place(request: PlaceCall): Promise<{ callId: string; status: string; replayed: boolean }> {
    const target = await this.deps.calls
      .target(request.tenantId, request.agentId)
      .catch((error: unknown) => this.refuseOverQuota(error, request));
    if ("replayed" in target) return target;
    const earlier = await this.deps.records.findByIdempotencyKey(
      target.tenantId,
      request.idempotencyKey,
    );
    if (earlier) return { callId: earlier.id, status: earlier.status, replayed: true };
    const line = await this.deps.lines.forAgent(target.tenantId, target.agentId);
    const callId = newId("call");
    const { claims } = this.deps;
    if (!(await claims.claim(target.tenantId, request.idempotencyKey, callId))) {
      const first = await claims.placedElsewhere(() =>
        this.deps.records.findByIdempotencyKey(target.tenantId, request.idempotencyKey),
      );
      return { callId: first.id, status: first.status, replayed: true };
    }
    try {
      await this.deps.records.create({
        id: callId,
        status: "dialing",
        tenantId: target.tenantId,
        agentId: target.agentId,
        agentVersion: target.version,
        channel: line.binding.channel as WhatsAppChannel,
        direction: "outbound",
        remoteParty: maskPhone(request.to),
        remoteNumber: request.to,
        machineId: this.deps.calls.machineId,
        bindingId: line.binding.id,
        dialTo: request.to,
        dialVariables: request.variables,
        idempotencyKey: request.idempotencyKey,
      });
    } catch (error) {
      await claims.release(target.tenantId, request.idempotencyKey, callId);
      const raced = await this.deps.records.findByIdempotencyKey(
        target.tenantId,
        request.idempotencyKey,
      );
      if (raced) return { callId: raced.id, status: raced.status, replayed: true };
      throw error;
    }
    const permission = await line.provider.getCallPermission(request.to).catch((error: unknown) => {
      const reported = unusableCredential(line, error) ?? error;
      void this.fail(callId, line, "provider_failed", reported);
      throw reported;
    });
    if (permission.canStartCall) {
      this.deps.background.run(this.dial(callId, target, line, request.to, request.variables));
      return { callId, status: "dialing", replayed: false };
    }
    if (!permission.canRequestPermission) {
      await this.fail(
        callId,
        line,
        "no_permission",
        "the user has not allowed calls and cannot be asked now",
      );
      throw conflict("the user has not allowed calls and cannot be asked again yet", { callId });
    }
    await line.provider.requestCallPermission(request.to, PERMISSION_TEXT);
    await this.deps.records.setStatus(callId, "waiting_permission");
    await this.deps.records.addEvent(callId, "permission_requested");
    return { callId, status: "waiting_permission", replayed: false };
  }

  /**
   * A call over the tenant's monthly minutes is refused (402) and kept, on the agent's line; a
   * repeated request for a call placed earlier still gets that call.
   */
  private async refuseOverQuota(
    error: unknown,
    request: PlaceCall,
  ): Promise<{ callId: string; status: string; replayed: true }> {
    if (!(error instanceof QuotaExceeded)) throw error;
    const earlier = await this.deps.records.findByIdempotencyKey(
      error.tenantId,
      request.idempotencyKey,
    );
    if (earlier) return { callId: earlier.id, status: earlier.status, replayed: true };
    const line = await this.deps.lines.forAgent(error.tenantId, request.agentId).catch(() => null);
    return keepQuotaRefusal(this.deps.calls, error, {
      agentId: request.agentId,
      channel: (line?.binding.channel as WhatsAppChannel | undefined) ?? "whatsapp_cloud",
      direction: "outbound",
      remoteParty: maskPhone(request.to),
    });
  }

  /** The callee's answer to a call this tenant placed; false when no call waits for it. */
  async answered(
    scope: LineScope,
    event: Extract<LineEvent, { type: "call_answer" }>,
  ): Promise<boolean> {
    const key = answerKey(scope, event.callId);
    const apply = this.awaitingAnswer.get(key);
    if (!apply) return false;
    this.awaitingAnswer.delete(key);
    await apply(event.sdpAnswer);
    const record = await this.deps.records.findByProviderCallId(scope, event.callId);
    if (record) {
      await this.deps.records.mark(record.id, "answered_at");
      await this.deps.records.addEvent(record.id, "answered");
    }
    return true;
  }

  /**
   * The user's reply to a permission request on this line: calls waiting for it dial (or end).
   * A reply dated before a call was placed cannot be for it (a replayed reply).
   */
  async permissionReply(
    line: WhatsAppLine,
    event: Extract<LineEvent, { type: "permission_reply" }>,
  ): Promise<boolean> {
    const repliedAt =
      event.repliedAtMs === undefined
        ? undefined
        : new Date(event.repliedAtMs + CLOCK_SKEW_MS).toISOString();
    const waiting = await this.deps.records.waitingForPermission(
      line.binding.id,
      event.waId,
      repliedAt,
    );
    const waitedSince = this.waitStart(Date.now());
    for (const call of waiting) {
      // Too late for this call: it is given up, not rung now.
      if (call.receivedAt < waitedSince) {
        await this.expire(call.id, call.channel, waitedSince);
        continue;
      }
      await this.deps.records.addEvent(call.id, "permission_reply", { granted: event.granted });
      if (!event.granted) {
        await this.deps.records.end(call.id, {
          reason: "permission_rejected",
          usage: {},
          metrics: {},
        });
        this.deps.calls.endedBeforeStart(
          line.binding.channel as WhatsAppChannel,
          "permission_rejected",
        );
        continue;
      }
      const target = await this.deps.calls
        .targetAt(call.tenantId, call.agentId, call.agentVersion)
        .catch(async (error: unknown) => {
          // Over the monthly minutes since it was placed: the call ends without ringing.
          if (!(error instanceof QuotaExceeded)) throw error;
          await this.fail(call.id, line, "quota_exceeded", error);
          return null;
        });
      if (!target) continue;
      await this.deps.records.setStatus(call.id, "dialing");
      this.deps.background.run(this.dial(call.id, target, line, event.waId, call.dialVariables));
    }
    return waiting.length > 0;
  }

  /**
   * Gives up the calls whose permission request got no reply within the wait: each ends as
   * `permission_expired`. Every machine may sweep; each call is ended once. Returns their ids.
   */
  async expirePermissionWaits(nowMs = Date.now()): Promise<string[]> {
    const before = this.waitStart(nowMs);
    const expired: string[] = [];
    for (const call of await this.deps.permissionWaits.placedBefore(before)) {
      if (await this.expire(call.id, call.channel, before)) expired.push(call.id);
    }
    return expired;
  }

  /** The earliest placing time whose call may still wait for permission at `nowMs`. */
  private waitStart(nowMs: number): string {
    return new Date(
      nowMs - (this.deps.permissionWaitMs ?? DEFAULT_PERMISSION_WAIT_MS),
    ).toISOString();
  }

  private async expire(callId: string, channel: CallChannel, before: string): Promise<boolean> {
    if (!(await this.deps.permissionWaits.expire(callId, before))) return false;
    await this.deps.records.addEvent(callId, "permission_expired");
    this.deps.calls.endedBeforeStart(channel, "permission_expired");
    this.deps.log.info("outbound call given up: no reply to its permission request", { callId });
    return true;
  }

  private async dial(
    callId: string,
    target: CallTarget,
    line: WhatsAppLine,
    to: string,
    variables: Record<string, string>,
  ) {
    let providerCallId = "";
    let answered = false;
    let ringing: { expectMediaWithin(ms: number): void } | null = null;
    const scope = {
      tenantId: line.binding.tenantId,
      channel: line.binding.channel as WhatsAppChannel,
    };
    try {
      const { session } = await this.deps.calls.start({
        target,
        existingCallId: callId,
        channel: line.binding.channel as WhatsAppChannel,
        direction: "outbound",
        ringsFirst: true,
        remoteParty: maskPhone(to),
        context: { contactNumber: to, variables },
        abilities: textsTo(line, to),
        openMedia: async () => {
          const offer = await this.deps.media.offer();
          try {
            providerCallId = (await line.provider.connect(to, offer.offerSdp)).callId;
          } catch (error) {
            await offer.leg.close("connect_failed");
            throw error;
          }
          this.awaitingAnswer.set(answerKey(scope, providerCallId), async (sdp) => {
            answered = true;
            await offer.applyAnswer(sdp);
            // Answered: from now on the media has the usual time to connect.
            ringing?.expectMediaWithin(this.deps.calls.connectTimeoutMs);
          });
          return { leg: offer.leg, result: providerCallId, providerCallId };
        },
      });
      ringing = session;
      if (answered) session.expectMediaWithin(this.deps.calls.connectTimeoutMs);
      await this.deps.records.setStatus(callId, "ringing");
      await this.deps.records.addEvent(callId, "dialled");
      this.deps.watchEnd(line, providerCallId, session);
      const timer = setTimeout(() => {
        if (!answered && session.phase === "connecting") void session.hangUp("no_answer");
      }, this.deps.answerTimeoutMs ?? 60_000);
      void session.ended.finally(() => {
        clearTimeout(timer);
        this.awaitingAnswer.delete(answerKey(scope, providerCallId));
      });
    } catch (error) {
      const noPermission = error instanceof ProviderError && error.category === "no_permission";
      const reported = unusableCredential(line, error) ?? error;
      await this.fail(callId, line, noPermission ? "no_permission" : "provider_failed", reported);
    }
  }

  private async fail(callId: string, line: WhatsAppLine, reason: EndReason, cause: unknown) {
    const message =
      typeof cause === "string" ? cause : cause instanceof Error ? cause.message : "failed";
    this.deps.log.warn("outbound call failed", { callId, reason, error: message });
    await this.deps.records.addEvent(callId, "failed", {
      reason: cause instanceof DomainError || typeof cause === "string" ? message : reason,
    });
    await this.deps.records.end(callId, { reason, usage: {}, metrics: {} });
    this.deps.calls.endedBeforeStart(line.binding.channel as WhatsAppChannel, reason);
  }
}

/** A line whose credential points somewhere the gateway may not connect: the tenant must fix it. */
function unusableCredential(line: WhatsAppLine, error: unknown): DomainError | null {
  if (!(error instanceof ProviderError) || error.category !== "egress_refused") return null;
  const name = line.binding.credentialName ?? line.binding.channel;
  return conflict(`${error.message}; change the baseUrl of the credential '${name}'`);
}
