import type { AfterCallStep, EndedCall } from "../calls/after-call";
import type { PendingRetranscriptions } from "./pending-retranscriptions";

/** Where the final transcript is marked, with its event (the store's TranscriptReadiness). */
export interface TranscriptFinisher {
  markReady(callId: string, tenantId: string): Promise<unknown>;
}

/**
 * The first after-call step: waits for the call's re-transcriptions, then marks the transcript
 * final and reports call.transcript.ready. Running it twice reports once.
 */
export class TranscriptStep implements AfterCallStep {
  readonly name = "transcript";

  constructor(
    private readonly pending: PendingRetranscriptions,
    private readonly finisher: TranscriptFinisher,
  ) {}

  async run(call: EndedCall): Promise<void> {
    await this.pending.settled(call.id);
    await this.finisher.markReady(call.id, call.tenantId);
  }
}
