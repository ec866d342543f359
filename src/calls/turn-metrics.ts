import type { CallMetrics } from "../domain/call";
import { LatencyStats } from "./latency-stats";

/** One agent turn's timings, in milliseconds, as published on the call's event stream. */
export interface TurnTiming {
  turn: number;
  /** Caller stopped speaking → first agent audio sent to the caller. */
  responseLatencyMs: number | null;
  /** Caller stopped speaking (or the response was asked for) → first model audio received. */
  modelFirstAudioMs: number | null;
  /** First model audio received → that audio sent to the caller. */
  gatewayOutboundMs: number;
}

/**
 * Book-keeping of when things happened in each turn. Times are monotonic milliseconds from the
 * call session's clock.
 */
export class TurnMetrics {
  private turnStartedAt: number | null = null;
  private firstChunkAt: number | null = null;
  private firstFrameSent = false;
  private turns = 0;
  readonly responseLatency = new LatencyStats(256);
  readonly modelFirstAudio = new LatencyStats(256);
  readonly gatewayOutbound = new LatencyStats(256);
  readonly gatewayInbound = new LatencyStats(1024);
  underruns = 0;
  bargeIns = 0;

  /** The caller finished speaking, or the gateway asked for a response itself. */
  turnStarted(at: number): void {
    this.turnStartedAt = at;
    this.firstChunkAt = null;
    this.firstFrameSent = false;
  }

  modelAudioReceived(at: number): void {
    if (this.firstChunkAt === null) this.firstChunkAt = at;
  }

  /** Returns the finished turn's timing the first time its audio reaches the caller. */
  audioSent(at: number): TurnTiming | null {
    if (this.firstFrameSent || this.firstChunkAt === null) return null;
    this.firstFrameSent = true;
    this.turns++;
    const gatewayOutboundMs = at - this.firstChunkAt;
    this.gatewayOutbound.add(gatewayOutboundMs);
    let responseLatencyMs: number | null = null;
    let modelFirstAudioMs: number | null = null;
    if (this.turnStartedAt !== null) {
      responseLatencyMs = at - this.turnStartedAt;
      modelFirstAudioMs = this.firstChunkAt - this.turnStartedAt;
      this.responseLatency.add(responseLatencyMs);
      this.modelFirstAudio.add(modelFirstAudioMs);
    }
    return { turn: this.turns, responseLatencyMs, modelFirstAudioMs, gatewayOutboundMs };
  }

  /** The next response's audio starts a new measurement. */
  responseFinished(): void {
    this.firstChunkAt = null;
    this.firstFrameSent = false;
    this.turnStartedAt = null;
  }

  summary(): CallMetrics {
    return {
      turns: this.turns,
      responseLatencyMsP50: this.responseLatency.percentile(50),
      responseLatencyMsMax: this.responseLatency.max(),
      modelFirstAudioMsP50: this.modelFirstAudio.percentile(50),
      gatewayInboundMsP50: this.gatewayInbound.percentile(50),
      gatewayInboundMsP99: this.gatewayInbound.percentile(99),
      gatewayOutboundMsP50: this.gatewayOutbound.percentile(50),
      gatewayOutboundMsP99: this.gatewayOutbound.percentile(99),
      playoutUnderruns: this.underruns,
      bargeIns: this.bargeIns,
    };
  }
}
