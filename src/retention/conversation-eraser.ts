import { conflict } from "../domain/errors";
import type { Scope } from "../store/agents";
import type { CallStore } from "../store/calls";
import type { RetentionStore } from "../store/retention";
import type { ConversationPart } from "./conversation-parts";

/**
 * Deletes a conversation's content on request: every part is erased (transcript, recording,
 * analysis), then the call is marked deleted. The call row keeps its non-personal fields and
 * usage, so billing and totals stay right. Parts go first: a failure leaves the call unmarked,
 * and deleting again finishes the job.
 */
export class ConversationEraser {
  constructor(
    private readonly calls: CallStore,
    private readonly retention: RetentionStore,
    private readonly parts: readonly ConversationPart[],
    /** True while the call's after-call work (transcript, recording, analysis) still runs. */
    private readonly finishing: (callId: string) => boolean = () => false,
  ) {}

  async delete(scope: Scope, callId: string): Promise<void> {
    const call = await this.calls.get(scope, callId);
    if (call.status !== "ended")
      throw conflict("the call is not over; hang it up before deleting its conversation");
    // Erasing now would race the steps still writing the transcript, recording or analysis.
    if (this.finishing(call.id))
      throw conflict("the call's records are still being finished; try again in a few seconds");
    const ref = { id: call.id, tenantId: call.tenantId };
    for (const part of this.parts) await part.erase(ref);
    await this.retention.markDeleted(call.id);
    // The lifecycle says when, once (deleting again adds nothing).
    if (call.deletedAt === null) await this.calls.addEvent(call.id, "content_deleted");
  }
}
