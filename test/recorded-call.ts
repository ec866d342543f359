import type { CallRecordSink } from "../src/calls/call-records";
import type { EndReason, ToolCallRecord } from "../src/domain/call";

/** A call's records as the store would keep them, in memory, for call-session tests. */
export class RecordedCall implements CallRecordSink {
  milestones: string[] = [];
  messages: Array<{
    seq: number;
    role: string;
    text: string;
    itemId: string | null;
    tool?: ToolCallRecord;
  }> = [];
  events: Array<{ kind: string; detail: Record<string, unknown> }> = [];
  interrupted: string[] = [];
  heartbeats: string[] = [];
  ended: {
    reason: EndReason;
    usage: Record<string, number>;
    metrics: Record<string, unknown>;
  } | null = null;

  async mark(_: string, milestone: string) {
    this.milestones.push(milestone);
  }
  async appendMessage(_: string, m: RecordedCall["messages"][number]) {
    this.messages.push(m);
  }
  async addEvent(_: string, kind: string, detail: Record<string, unknown> = {}) {
    this.events.push({ kind, detail });
  }
  async markInterrupted(_: string, itemId: string) {
    this.interrupted.push(itemId);
  }
  async heartbeat(_: string, at: string) {
    this.heartbeats.push(at);
  }
  async end(_: string, outcome: NonNullable<RecordedCall["ended"]>) {
    this.ended = outcome;
  }

  /** The tool calls on the record, in order. */
  get toolCalls(): ToolCallRecord[] {
    return this.messages.flatMap((m) => (m.tool ? [m.tool] : []));
  }
}
