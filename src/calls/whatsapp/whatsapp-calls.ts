import type { EndReason } from "../../domain/call";
import { DomainError } from "../../domain/errors";
import { maskPhone } from "../../domain/phone";
import type { Logger } from "../../log/logger";
import type { MediaLeg } from "../../media/media-leg";
import type { CallStore } from "../../store/calls";
import type { CallRegistry } from "../call-registry";
import type { CallService } from "../call-service";
import type { LineEvent } from "./line-events";
import type { WhatsAppChannel, WhatsAppLine, WhatsAppLines } from "./whatsapp-lines";

export interface WhatsAppMedia {
  /** Answers WhatsApp's offer following its media rules (full ICE, DTLS active, mono Opus). */
  answer(offerSdp: string): Promise<{ leg: MediaLeg; answerSdp: string }>;
}

export interface WhatsAppCallsDeps {
  calls: CallService;
  registry: CallRegistry;
  records: CallStore;
  lines: WhatsAppLines;
  media: WhatsAppMedia;
  log: Logger;
}

/** How long a provider call id is remembered to drop repeated deliveries of its events. */
const SEEN_TTL_MS = 10 * 60_000;

/** Reasons a call ends for which the provider already knows, so no terminate is sent. */
const PROVIDER_ENDED: ReadonlySet<EndReason> = new Set(["provider_terminated", "rejected"]);

/**
 * WhatsApp calls on both providers: answers inbound calls, ends calls the provider ends, and
 * tells the provider when we end one. Each event is handled once, however often it arrives.
 */
export class WhatsAppCalls {
  private readonly seen = new Map<string, number>();
  /** Calls the provider ended itself: ending them on our side sends no terminate back. */
  private readonly endedByProvider = new Set<string>();

  constructor(
    private readonly deps: WhatsAppCallsDeps,
    private readonly now: () => number = Date.now,
  ) {}

  /** Acts on one webhook event. Never throws: failures are logged and stored on the call. */
  async handle(
    channel: WhatsAppChannel,
    event: LineEvent,
    origin: { tenantId?: string } = {},
  ): Promise<void> {
    try {
      switch (event.type) {
        case "inbound_call":
          return await this.inbound(channel, event, origin.tenantId);
        case "call_terminated":
          return await this.terminated(channel, event);
        case "call_status":
          return await this.status(channel, event);
        case "call_answer":
        case "permission_reply":
          return await this.outboundEvent(channel, event);
        default:
          event satisfies never;
      }
    } catch (error) {
      this.deps.log.error("WhatsApp event failed", { channel, type: event.type, error });
    }
  }

  private dialler: { handle(channel: WhatsAppChannel, event: LineEvent): Promise<boolean> } | null =
    null;

  /** Calls we place get their answers and permission replies through the dialler. */
  useDialler(dialler: {
    handle(channel: WhatsAppChannel, event: LineEvent): Promise<boolean>;
  }): void {
    this.dialler = dialler;
  }

  private async outboundEvent(channel: WhatsAppChannel, event: LineEvent): Promise<void> {
    const key = event.type === "call_answer" ? `${channel}:answer:${event.callId}` : null;
    if (key && !this.firstTime(key)) return;
    const handled = (await this.dialler?.handle(channel, event)) ?? false;
    if (!handled)
      this.deps.log.info("WhatsApp event for no waiting call acknowledged", {
        channel,
        type: event.type,
      });
  }

  /** Whether this event for this call was seen already (and remembers it if not). */
  private firstTime(key: string): boolean {
    const now = this.now();
    if (this.seen.size > 10_000) {
      for (const [k, at] of this.seen) if (now - at > SEEN_TTL_MS) this.seen.delete(k);
    }
    const at = this.seen.get(key);
    if (at !== undefined && now - at < SEEN_TTL_MS) return false;
    this.seen.set(key, now);
    return true;
  }

  private async inbound(
    channel: WhatsAppChannel,
    event: Extract<LineEvent, { type: "inbound_call" }>,
    tenantId?: string,
  ) {
    const receivedAt = new Date();
    const log = this.deps.log.child({ channel, providerCallId: event.callId });
    if (!this.firstTime(`${channel}:connect:${event.callId}`)) {
      log.info("repeated call webhook ignored");
      return;
    }
    if (this.seen.has(`${channel}:terminate:${event.callId}`)) {
      log.info("call webhook after its terminate ignored (events out of order)");
      return;
    }
    if (await this.deps.records.findByProviderCallId(channel, event.callId)) {
      log.info("call webhook for a call already taken ignored");
      return;
    }
    const line = await this.deps.lines.byAddress(channel, event.address).catch((error: unknown) => {
      log.error("cannot act on the line: its credential is missing or unreadable", { error });
      return null;
    });
    if (!line) {
      // On a tenant's own route the tenant is known: its credential can still say no.
      const unbound = tenantId
        ? await this.deps.lines.unbound(tenantId, channel, event.address)
        : null;
      if (unbound) await unbound.reject(event.callId).catch(() => {});
      log.warn("call to a number bound to no agent", { rejected: unbound !== null });
      return;
    }
    const { binding, provider } = line;
    let target: Awaited<ReturnType<CallService["target"]>>;
    try {
      target = await this.deps.calls.target(binding.tenantId, binding.agentId);
    } catch (error) {
      await this.reject(line, event.callId, channel, error, event.waId);
      return;
    }
    const { session, result: answerSdp } = await this.deps.calls
      .start({
        target,
        receivedAt,
        channel,
        direction: "inbound",
        providerCallId: event.callId,
        remoteParty: event.waId ? maskPhone(event.waId) : "whatsapp",
        context: {
          ...(event.contactName ? { contactName: event.contactName } : {}),
          ...(event.waId ? { contactNumber: event.waId } : {}),
        },
        openMedia: async () => {
          const { leg, answerSdp } = await this.deps.media.answer(event.sdpOffer);
          // Media starts setting up before the call is accepted, so the caller's first words are heard.
          if (provider.capabilities.preAccept) await provider.preAccept(event.callId, answerSdp);
          return { leg, result: answerSdp };
        },
      })
      .catch(async (error: unknown) => {
        await this.reject(line, event.callId, channel, error, event.waId);
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
  private async reject(
    line: WhatsAppLine,
    providerCallId: string,
    channel: WhatsAppChannel,
    cause: unknown,
    waId?: string,
  ) {
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
      reason,
      rejectSent: rejected,
    });
  }

  private async terminated(
    channel: WhatsAppChannel,
    event: Extract<LineEvent, { type: "call_terminated" }>,
  ) {
    if (!this.firstTime(`${channel}:terminate:${event.callId}`)) return;
    const live = this.deps.registry.byProviderCallId(event.callId);
    const record = await this.deps.records.findByProviderCallId(channel, event.callId);
    if (!live && !record) {
      this.deps.log.info("terminate for an unknown call acknowledged", {
        channel,
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

  private async status(
    channel: WhatsAppChannel,
    event: Extract<LineEvent, { type: "call_status" }>,
  ) {
    if (!this.firstTime(`${channel}:status:${event.callId}:${event.status}`)) return;
    const record = await this.deps.records.findByProviderCallId(channel, event.callId);
    if (!record) {
      this.deps.log.info("status for an unknown call acknowledged", {
        channel,
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
