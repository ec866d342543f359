import type {
  CallMetrics,
  CallMilestone,
  EndReason,
  LineFacts,
  MessageRole,
  ToolCallRecord,
} from "../domain/call";

/** Where a call session writes what happens, as it happens. Implemented by the call store. */
export interface CallRecordSink {
  mark(callId: string, milestone: CallMilestone, at?: string): Promise<void>;
  appendMessage(
    callId: string,
    message: {
      seq: number;
      role: MessageRole;
      text: string;
      itemId: string | null;
      offsetMs: number;
      tool?: ToolCallRecord;
      /** Transcript lines: confidence, call-clock offsets and the like, as far as known. */
      line?: LineFacts;
    },
  ): Promise<void>;
  /** What became known of a transcript line (found by its item) after it was written. */
  updateLine(callId: string, itemId: string, patch: LineFacts & { text?: string }): Promise<void>;
  markInterrupted(callId: string, itemId: string): Promise<void>;
  /** One line of the call's lifecycle: what happened, with details safe to show. */
  addEvent(callId: string, kind: string, detail?: Record<string, unknown>): Promise<void>;
  /** The call is still alive at `at`: a crash later is dated from the last of these. */
  heartbeat(callId: string, at: string): Promise<void>;
  end(
    callId: string,
    outcome: {
      reason: EndReason;
      usage: Record<string, number>;
      metrics: Partial<CallMetrics>;
      /** The realtime model that answered, which prices the call's usage. */
      model?: string;
    },
  ): Promise<void>;
}

/**
 * Writes one call's records strictly in order, without making the audio path wait: each write
 * is chained after the previous one. A failed write is reported, and later ones still happen.
 */
export class OrderedRecordWriter {
  private tail: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly sink: CallRecordSink,
    private readonly callId: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Stamps a milestone now, or at `atMs` (epoch ms) when it happened earlier. */
  mark(milestone: CallMilestone, atMs?: number): void {
    const at = new Date(atMs ?? Date.now()).toISOString();
    this.enqueue(() => this.sink.mark(this.callId, milestone, at));
  }

  message(
    role: MessageRole,
    text: string,
    itemId: string | null,
    offsetMs: number,
    line?: LineFacts,
  ): void {
    const seq = ++this.seq;
    this.enqueue(() =>
      this.sink.appendMessage(this.callId, {
        seq,
        role,
        text,
        itemId,
        offsetMs,
        ...(line && { line }),
      }),
    );
  }

  /** Written after the line's own message, in order with everything else. */
  updateLine(itemId: string, patch: LineFacts & { text?: string }): void {
    this.enqueue(() => this.sink.updateLine(this.callId, itemId, patch));
  }

  /** A tool call, in line with the messages: its text is the tool's name. */
  toolCall(tool: ToolCallRecord, itemId: string | null, offsetMs: number): void {
    const seq = ++this.seq;
    this.enqueue(() =>
      this.sink.appendMessage(this.callId, {
        seq,
        role: "tool",
        text: tool.name,
        itemId,
        offsetMs,
        tool,
      }),
    );
  }

  event(kind: string, detail: Record<string, unknown>): void {
    this.enqueue(() => this.sink.addEvent(this.callId, kind, detail));
  }

  heartbeat(): void {
    const at = new Date().toISOString();
    this.enqueue(() => this.sink.heartbeat(this.callId, at));
  }

  interrupted(itemId: string): void {
    this.enqueue(() => this.sink.markInterrupted(this.callId, itemId));
  }

  end(outcome: Parameters<CallRecordSink["end"]>[1]): Promise<void> {
    this.enqueue(() => this.sink.end(this.callId, outcome));
    return this.tail;
  }

  /** Resolves when every write so far has been attempted. */
  flushed(): Promise<void> {
    return this.tail;
  }

  private enqueue(write: () => Promise<void>): void {
    this.tail = this.tail.then(write).catch(this.onError);
  }
}
