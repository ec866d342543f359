import type { CallRecordSink } from "../src/calls/call-records";
import type { EndReason, LineFacts, ToolCallRecord } from "../src/domain/call";

/** A call's records as the store would keep them, in memory, for call-session tests. */
export class RecordedCall implements CallRecordSink {
  milestones: string[] = [];
  /** When each milestone was stamped (its first time). */
  milestoneTimes: Record<string, string> = {};
  messages: Array<{
    seq: number;
    role: string;
    text: string;
    itemId: string | null;
    offsetMs?: number;
    tool?: ToolCallRecord;
    /** The line's transcript facts, with every later update merged in. */
    line?: LineFacts;
  }> = [];
  events: Array<{ kind: string; detail: Record<string, unknown> }> = [];
  interrupted: string[] = [];
  heartbeats: string[] = [];
  ended: {
    reason: EndReason;
    usage: Record<string, number>;
    metrics: Record<string, unknown>;
  } | null = null;

  async mark(_: string, milestone: string, at?: string) {
    this.milestones.push(milestone);
    if (at) this.milestoneTimes[milestone] ??= at;
  }
  async appendMessage(_: string, m: RecordedCall["messages"][number]) {
    this.messages.push(m);
  }
  async updateLine(_: string, itemId: string, patch: LineFacts & { text?: string }) {
    const message = this.messages.find((m) => m.itemId === itemId);
    if (!message) return;
    const { text, ...facts } = patch;
    if (text !== undefined) message.text = text;
    message.line = { ...message.line, ...facts };
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
