import type { EndReason } from "../../domain/call";
import { DomainError } from "../../domain/errors";
import { maskPhone } from "../../domain/phone";
import type { Logger } from "../../log/logger";
import type { AnswerOffer } from "../../media/media-leg";
import type { CallAbilities } from "../builtin-tools";
import type { CallRegistry } from "../call-registry";
import type { CallService } from "../call-service";
import { QuotaExceeded } from "../monthly-quota";
import type { CallLog } from "../ports";
import type { WhatsAppLine } from "./line-directory";
import type { LineEvent, WhatsAppChannel } from "./line-events";

export interface WhatsAppMedia {
  /** Answers WhatsApp's offer following its media rules (full ICE, DTLS active, mono Opus). */
  answer: AnswerOffer;
}

export interface WhatsAppCallsDeps {
  calls: CallService;
  registry: CallRegistry;
  records: CallLog;
  media: WhatsAppMedia;
  log: Logger;
}

/** The tenant and channel a webhook event was found to belong to: lookups never leave it. */
export interface LineScope {
  tenantId: string;
  channel: WhatsAppChannel;
}

/** A WhatsApp call's ability to text the user in the chat the call belongs to. */
export function textsTo(line: WhatsAppLine, waId: string): CallAbilities {
  return {
    sendText: async (text, signal) => {
      await line.provider.sendText(waId, text, { signal });
    },
  };
}

/** Reasons a call ends for which the provider already knows, so no terminate is sent. */
const PROVIDER_ENDED: ReadonlySet<EndReason> = new Set(["provider_terminated", "rejected"]);

/**
 * WhatsApp calls on both providers: answers inbound calls, ends calls the provider ends, and
 * tells the provider when we end one. Events reach it through the line-event router, which has
 * already tied each to its tenant's line and dropped repeats.
 */
export class WhatsAppCalls {
  /** Calls the provider ended itself: ending them on our side sends no terminate back. */
  private readonly endedByProvider = new Set<string>();

  constructor(private readonly deps: WhatsAppCallsDeps) {}

  /** Answers a call to one of the tenant's lines; refusals are sent to the provider and kept. */
  async answer(
    line: WhatsAppLine,
    event: Extract<LineEvent, { type: "inbound_call" }>,
    receivedAt: Date,
  ): Promise<void> {
    const channel = line.binding.channel as WhatsAppChannel;
    const log = this.deps.log.child({ channel, providerCallId: event.callId });
    const { binding, provider } = line;
    let target: Awaited<ReturnType<CallService["target"]>>;
    try {
      target = await this.deps.calls.target(binding.tenantId, binding.agentId);
    } catch (error) {
      await this.reject(line, event.callId, error, event.waId);
      return;
    }
    const { session, result: answerSdp } = await this.deps.calls
      .start({
        target,
        receivedAt,
        channel,
        direction: "inbound",
        providerCallId: event.callId,
        bindingId: binding.id,
        remoteParty: event.waId ? maskPhone(event.waId) : "whatsapp",
        ...(event.waId ? { remoteNumber: event.waId } : {}),
        context: {
          ...(event.contactName ? { contactName: event.contactName } : {}),
          ...(event.waId ? { contactNumber: event.waId } : {}),
          ...(event.language ? { callerLanguage: event.language } : {}),
        },
        abilities: event.waId ? textsTo(line, event.waId) : {},
        openMedia: async () => {
          const { leg, answerSdp } = await this.deps.media.answer(event.sdpOffer);
          // Media starts setting up before the call is accepted, so the caller's first words are heard.
          if (provider.capabilities.preAccept) await provider.preAccept(event.callId, answerSdp);
          return { leg, result: answerSdp };
        },
      })
      .catch(async (error: unknown) => {
        await this.reject(line, event.callId, error, event.waId);
        throw error;
      });
    this.watchEnd(line, event.callId, session);
    try {
      await provider.accept(event.callId, answerSdp);
      await this.deps.records.mark(session.id, "answered_at");
      await this.deps.records.addEvent(session.id, "accepted", {
        preAccepted: provider.capabilities.preAccept,
      });
    } catch (error) {
      log.error("accept failed", { error });
      await session.hangUp("provider_failed");
    }
  }

  /** Refuses a call through the provider and keeps a record saying why. */
  private async reject(line: WhatsAppLine, providerCallId: string, cause: unknown, waId?: string) {
    const channel = line.binding.channel as WhatsAppChannel;
    const reason = cause instanceof DomainError ? cause.message : "the call could not be set up";
    this.deps.log.warn("rejecting call", { channel, providerCallId, reason });
    const rejected = await line.provider.reject(providerCallId).then(
      () => true,
      (error: unknown) => {
        this.deps.log.error("reject failed", { channel, providerCallId, error });
        return false;
      },
    );
    await this.deps.calls.recordRefused({
      tenantId: line.binding.tenantId,
      agentId: line.binding.agentId,
      channel,
      providerCallId,
      remoteParty: waId ? maskPhone(waId) : "whatsapp",
      ...(waId ? { remoteNumber: waId } : {}),
      reason,
      rejectSent: rejected,
      endReason: cause instanceof QuotaExceeded ? "quota_exceeded" : "rejected",
    });
  }

  /** The provider ended a call of this tenant's. */
  async terminated(scope: LineScope, event: Extract<LineEvent, { type: "call_terminated" }>) {
    const live = this.deps.registry.byProviderCallId(scope, event.callId);
    const record = await this.deps.records.findByProviderCallId(scope, event.callId);
    if (!live && !record) {
      this.deps.log.info("terminate for an unknown call acknowledged", {
        channel: scope.channel,
        providerCallId: event.callId,
      });
      return;
    }
    const callId = live?.session.id ?? record?.id ?? "";
    await this.deps.records.addEvent(callId, "provider_terminated", {
      status: event.status ?? null,
      durationSeconds: event.durationSeconds ?? null,
    });
    if (event.status) await this.deps.records.setProviderStatus(callId, event.status);
    if (live) {
      this.endedByProvider.add(callId);
      await live.session.hangUp(
        event.status === "FAILED" ? "provider_terminated" : "caller_hung_up",
      );
    }
  }

  /** The provider's word on a call of this tenant's (ringing, accepted, rejected, ended). */
  async status(scope: LineScope, event: Extract<LineEvent, { type: "call_status" }>) {
    const record = await this.deps.records.findByProviderCallId(scope, event.callId);
    if (!record) {
      this.deps.log.info("status for an unknown call acknowledged", {
        channel: scope.channel,
        status: event.status,
      });
      return;
    }
    await this.deps.records.setProviderStatus(record.id, event.status);
    await this.deps.records.addEvent(record.id, "provider_status", { status: event.status });
    const live = this.deps.registry.get(record.id);
    if (event.status === "RINGING") await this.deps.records.setStatus(record.id, "ringing");
    if (live && (event.status === "REJECTED" || event.status === "ENDED")) {
      this.endedByProvider.add(record.id);
      await live.session.hangUp(event.status === "REJECTED" ? "rejected" : "caller_hung_up");
    }
  }

  /** When we end a call, the provider hears of it (unless it told us first). */
  watchEnd(
    line: WhatsAppLine,
    providerCallId: string,
    session: { id: string; ended: Promise<EndReason> },
  ): void {
    void session.ended.then((reason) => this.onEnded(line, providerCallId, session.id, reason));
  }

  private async onEnded(
    line: WhatsAppLine,
    providerCallId: string,
    callId: string,
    reason: EndReason,
  ) {
    if (this.endedByProvider.delete(callId) || PROVIDER_ENDED.has(reason)) return;
    try {
      await line.provider.terminate(providerCallId);
      await this.deps.records.addEvent(callId, "terminate_sent", { reason });
    } catch (error) {
      this.deps.log.error("terminate failed", { callId, error });
    }
  }
}
