import type { CallTarget } from "../calls/call-request";
import type { CallService } from "../calls/call-service";
import type { LiveCallSession } from "../calls/live-session";
import { keepQuotaRefusal, QuotaExceeded } from "../calls/monthly-quota";
import type { CallLog } from "../calls/ports";
import type { IdempotencyClaims } from "../calls/whatsapp/idempotency-claims";
import type { ChannelBinding } from "../domain/binding";
import type { EndReason } from "../domain/call";
import { conflict, DomainError, notFound } from "../domain/errors";
import { newId } from "../domain/ids";
import { maskPhone } from "../domain/phone";
import type { Logger } from "../log/logger";
import { ProviderError } from "../providers/provider-error";
import type { CallProgress } from "./phone-status";
import { phoneAbilities, type TransferDeps } from "./phone-transfer";
import type { StreamTokens } from "./stream-tokens";
import type { TwilioAccount, TwilioRest } from "./twilio-rest";
import { TwilioStreamLeg } from "./twilio-stream-leg";
import type { TwilioStreams } from "./twilio-streams";
import { streamUrl } from "./twilio-voice-route";
import { connectStreamTwiml } from "./twiml";

export interface PhoneDiallerDeps {
  calls: CallService;
  records: CallLog;
  /** The agent's Twilio number: its first `twilio` binding. */
  lineOf: (tenantId: string, agentId: string) => Promise<ChannelBinding | null>;
  rest: TwilioRest;
  tokens: StreamTokens;
  streams: Pick<TwilioStreams, "await" | "forget">;
  transfer: TransferDeps;
  publicBaseUrl: string | undefined;
  /** Runs work that outlives the request (dialling), so shutdown and tests can wait for it. */
  background: { run(task: Promise<unknown>): void };
  claims: IdempotencyClaims;
  log: Logger;
  /** How long the callee's phone rings before Twilio gives up (`no-answer`); default 30 s. */
  ringSeconds?: number;
}

export interface PlacePhoneCall {
  tenantId: string | null;
  agentId: string;
  /** The callee's number, digits only (international form without the `+`). */
  to: string;
  variables: Record<string, string>;
  idempotencyKey: string;
}

/** What the status callbacks said of a call being placed, while it lasts. */
interface Placed {
  /** A status callback arrived: it keeps the record's status from here on. */
  heard: boolean;
  answered: boolean;
  /** Twilio reported the call over (nothing to hang up there), and how it ends here. */
  over: EndReason | null;
}

/**
 * Phone calls the agent places through Twilio: the call record first (with its Idempotency-Key),
 * then, in the background, `Calls.json` with TwiML that opens a media stream back to this
 * machine (a single-use token, good for as long as the phone may ring). The session waits for
 * that stream; Twilio's status callbacks say whether it rang, was answered or failed.
 */
export class PhoneDialler {
  private readonly placed = new Map<string, Placed>();

  constructor(private readonly deps: PhoneDiallerDeps) {}

  private get ringSeconds(): number {
    return this.deps.ringSeconds ?? 30;
  }

  /** Starts an outbound phone call; the same Idempotency-Key returns the same call. */
  async place(
    request: PlacePhoneCall,
  ): Promise<{ callId: string; status: string; replayed: boolean }> {
    const target = await this.deps.calls
      .target(request.tenantId, request.agentId)
      .catch((error: unknown) => this.refuseOverQuota(error, request));
    if ("replayed" in target) return target;
    const { records, claims } = this.deps;
    const earlier = await records.findByIdempotencyKey(target.tenantId, request.idempotencyKey);
    if (earlier) return { callId: earlier.id, status: earlier.status, replayed: true };
    const line = await this.line(target);
    const callId = newId("call");
    if (!(await claims.claim(target.tenantId, request.idempotencyKey, callId))) {
      const first = await claims.placedElsewhere(() =>
        records.findByIdempotencyKey(target.tenantId, request.idempotencyKey),
      );
      return { callId: first.id, status: first.status, replayed: true };
    }
    try {
      await records.create({
        id: callId,
        status: "dialing",
        tenantId: target.tenantId,
        agentId: target.agentId,
        agentVersion: target.version,
        channel: "phone",
        direction: "outbound",
        remoteParty: maskPhone(request.to),
        remoteNumber: request.to,
        machineId: this.deps.calls.machineId,
        bindingId: line.binding.id,
        idempotencyKey: request.idempotencyKey,
      });
    } catch (error) {
      await claims.release(target.tenantId, request.idempotencyKey, callId);
      const raced = await records.findByIdempotencyKey(target.tenantId, request.idempotencyKey);
      if (raced) return { callId: raced.id, status: raced.status, replayed: true };
      throw error;
    }
    this.placed.set(callId, { heard: false, answered: false, over: null });
    this.deps.background.run(this.dial(callId, target, line, request));
    return { callId, status: "dialing", replayed: false };
  }

  /**
   * What a status callback said of a call this machine is placing. It may come before the
   * session is live (Twilio calls back while its answer to Calls.json is on its way): what it
   * said is applied once the session is.
   */
  progress(callId: string, progress: CallProgress): void {
    const placed = this.placed.get(callId);
    if (!placed) return;
    placed.heard = true;
    if (progress.step === "answered") placed.answered = true;
    if (progress.step === "over") placed.over ??= progress.reason;
  }

  /** The agent's number and the tenant's Twilio account, or a 409 saying what is missing. */
  private async line(target: CallTarget) {
    if (!this.deps.publicBaseUrl)
      throw conflict("phone calls need PUBLIC_BASE_URL, where Twilio reaches this gateway");
    const binding = await this.deps.lineOf(target.tenantId, target.agentId);
    if (!binding) throw notFound("Twilio channel binding for this agent");
    const account = await this.deps.transfer.account(target.tenantId);
    if (!account) throw conflict("the tenant has no Twilio credential named 'twilio'");
    return { binding, account, publicBaseUrl: this.deps.publicBaseUrl.replace(/\/+$/, "") };
  }

  private async dial(
    callId: string,
    target: CallTarget,
    line: { binding: ChannelBinding; account: TwilioAccount; publicBaseUrl: string },
    request: PlacePhoneCall,
  ): Promise<void> {
    const { deps } = this;
    const leg = new TwilioStreamLeg(null, (error) =>
      deps.log.error("stream listener failed", { error }),
    );
    let callSid: string | null = null;
    let session: LiveCallSession | null = null;
    const to = `+${request.to}`;
    try {
      ({ session } = await deps.calls.start({
        target,
        existingCallId: callId,
        channel: "phone",
        direction: "outbound",
        ringsFirst: true,
        remoteParty: maskPhone(request.to),
        bindingId: line.binding.id,
        context: { contactNumber: to, variables: request.variables },
        abilities: phoneAbilities(deps.transfer, {
          tenantId: target.tenantId,
          callSid: () => callSid,
          leg,
          session: () => session,
        }),
        openMedia: async () => {
          callSid = await this.ring(callId, target.tenantId, line, to, leg, () => callSid);
          return { leg, result: callSid, providerCallId: callSid };
        },
      }));
    } catch (error) {
      this.placed.delete(callId);
      await this.fail(callId, error);
      return;
    }
    await deps.records.addEvent(callId, "dialled");
    const placed = this.placed.get(callId);
    // Dialling until Twilio says it rings (starting the session set it to connecting).
    if (!placed?.heard) await deps.records.setStatus(callId, "dialing");
    if (placed?.over) void session.hangUp(placed.over);
    else if (placed?.answered) session.expectMediaWithin(deps.calls.connectTimeoutMs);
    this.watch(callId, callSid ?? "", session, line.account, leg);
  }

  /** Creates the Twilio call; its stream is awaited on this machine from now on. */
  private async ring(
    callId: string,
    tenantId: string,
    line: { binding: ChannelBinding; account: TwilioAccount; publicBaseUrl: string },
    to: string,
    leg: TwilioStreamLeg,
    callSid: () => string | null,
  ): Promise<string> {
    const { deps } = this;
    // Good while the phone may ring, and a little longer for Twilio to connect.
    const ttlMs = (this.ringSeconds + 60) * 1000;
    const token = await deps.tokens.issue(
      { kind: "outbound", tenantId, callId, accountSid: line.account.accountSid },
      ttlMs,
    );
    deps.streams.await(callId, { leg, callSid });
    try {
      return await deps.rest.placeCall(line.account, {
        to,
        from: `+${line.binding.address}`,
        twiml: connectStreamTwiml(streamUrl(line.publicBaseUrl, tenantId, token)),
        statusCallback: `${line.publicBaseUrl}/webhooks/twilio/${tenantId}/status?callId=${callId}`,
        ringSeconds: this.ringSeconds,
      });
    } catch (error) {
      deps.streams.forget(callId);
      await leg.close("connect_failed");
      throw error;
    }
  }

  /**
   * Until the call ends: no answer in time (status callbacks lost) ends it as `no_answer`; a call
   * that ends here before its stream opened is hung up at Twilio (one whose stream is open hangs
   * up when the stream closes).
   */
  private watch(
    callId: string,
    callSid: string,
    session: LiveCallSession,
    account: TwilioAccount,
    leg: TwilioStreamLeg,
  ): void {
    const { deps } = this;
    const placed = this.placed.get(callId);
    const timer = setTimeout(
      () => {
        if (!placed?.answered && !leg.streamed) void session.hangUp("no_answer");
      },
      (this.ringSeconds + 15) * 1000,
    );
    void session.ended.then(async () => {
      clearTimeout(timer);
      deps.streams.forget(callId);
      this.placed.delete(callId);
      if (leg.streamed || placed?.over) return;
      await deps.rest.updateCall(account, callSid, { status: "completed" }).catch((error) => {
        deps.log.warn("twilio call not hung up", { callId, error: String(error) });
      });
    });
  }

  /**
   * A call over the tenant's monthly minutes is refused (402) and kept; a repeated request for a
   * call placed earlier still gets that call.
   */
  private async refuseOverQuota(
    error: unknown,
    request: PlacePhoneCall,
  ): Promise<{ callId: string; status: string; replayed: true }> {
    if (!(error instanceof QuotaExceeded)) throw error;
    const earlier = await this.deps.records.findByIdempotencyKey(
      error.tenantId,
      request.idempotencyKey,
    );
    if (earlier) return { callId: earlier.id, status: earlier.status, replayed: true };
    return keepQuotaRefusal(this.deps.calls, error, {
      agentId: request.agentId,
      channel: "phone",
      direction: "outbound",
      remoteParty: maskPhone(request.to),
    });
  }

  private async fail(callId: string, cause: unknown): Promise<void> {
    const reason: EndReason =
      cause instanceof QuotaExceeded
        ? "quota_exceeded"
        : cause instanceof ProviderError
          ? "provider_failed"
          : cause instanceof DomainError
            ? "rejected"
            : "error";
    const message = cause instanceof Error ? cause.message : "failed";
    this.deps.log.warn("outbound call failed", { callId, reason, error: message });
    await this.deps.records.addEvent(callId, "failed", { reason: message });
    await this.deps.records.end(callId, { reason, usage: {}, metrics: {} });
    this.deps.calls.endedBeforeStart("phone", reason);
  }
}
