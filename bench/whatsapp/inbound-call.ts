// One inbound WhatsApp call as Meta would place it, timed from the benchmark's side: a real
// wrtc caller makes a WhatsApp-style offer, the signed connect webhook goes to the gateway, the
// caller applies the answer that `pre_accept` or `accept` carries, listens for the agent, holds
// the line a while, then hangs up with a signed terminate webhook.

import { createCallerPeer } from "../../test/caller-peer";
import { connectBody, terminateBody } from "../../test/whatsapp-line";
import { CallerEar } from "./caller-ear";
import type { GatewayRest } from "./gateway-rest";
import type { TimedGraphApi } from "./timed-graph-api";

/** Milliseconds from the moment the connect webhook was sent. */
export interface CallTiming {
  providerCallId: string;
  /** Wall-clock time the webhook was sent (ms since the epoch), to set against stored times. */
  sentAtEpochMs: number;
  ackMs: number;
  preAcceptMs: number;
  acceptMs: number;
  /** The caller's peer connection reached "connected". */
  callerConnectedMs: number | null;
  firstHeardMs: number;
}

/** Which action's answer the caller applies: WhatsApp sets media up from `pre_accept`'s. */
export type AnswerOn = "pre_accept" | "accept";

/** The caller's media connected but the agent was never heard. */
export class SilentCallError extends Error {}

export interface CallPlan {
  providerCallId: string;
  answerOn: AnswerOn;
  appSecret: string;
  /** How long the caller stays on after first hearing the agent. */
  holdMs: number;
  timeoutMs: number;
}

export async function runInboundCall(
  rest: GatewayRest,
  graph: TimedGraphApi,
  plan: CallPlan,
): Promise<CallTiming> {
  const { providerCallId: id, appSecret, timeoutMs } = plan;
  const caller = await createCallerPeer({ whatsappStyle: true });
  const ear = new CallerEar(caller.pc);
  let connected = false;
  try {
    const body = connectBody(id, caller.offerSdp);
    const sentAtEpochMs = Date.now();
    const sentAt = performance.now();
    const preAccept = graph.arrival(id, "pre_accept", timeoutMs);
    const accept = graph.arrival(id, "accept", timeoutMs);
    // Awaited below; marked handled now so that an early failure leaves no stray rejection.
    for (const pending of [preAccept, accept]) pending.catch(() => {});
    const status = await rest.postWebhook(body, appSecret);
    const ackMs = performance.now() - sentAt;
    if (status !== 200) throw new Error(`connect webhook answered ${status}`);
    connected = true;

    const preAccepted = await preAccept;
    const answered = plan.answerOn === "pre_accept" ? preAccepted : await accept;
    await caller.answer(answered.request.body.session.sdp);
    const [accepted, heardAt] = await Promise.all([accept, heardWithin(ear, timeoutMs)]);
    const timing: CallTiming = {
      providerCallId: id,
      sentAtEpochMs,
      ackMs,
      preAcceptMs: preAccepted.at - sentAt,
      acceptMs: accepted.at - sentAt,
      callerConnectedMs: ear.connectedAt === null ? null : ear.connectedAt - sentAt,
      firstHeardMs: heardAt - sentAt,
    };
    await Bun.sleep(plan.holdMs);
    return timing;
  } finally {
    if (connected) await rest.postWebhook(terminateBody(id), appSecret).catch(() => 0);
    ear.close();
    caller.close();
    graph.forget(id);
  }
}

async function heardWithin(ear: CallerEar, timeoutMs: number): Promise<number> {
  try {
    return await ear.firstSound(timeoutMs);
  } catch (error) {
    if (ear.connectedAt === null) throw error;
    throw new SilentCallError(`media connected but no agent audio within ${timeoutMs} ms`);
  }
}
