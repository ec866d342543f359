import type { CallAudioTap } from "../calls/audio-tap";
import type { CallAbilities } from "../calls/builtin-tools";
import type { CallRecordSink } from "../calls/call-records";
import type { KnowledgeSearch } from "../calls/knowledge-port";
import type { Toolbox } from "../calls/tool-port";
import { PendingRetranscriptions } from "../transcripts/pending-retranscriptions";
import {
  type MainApi,
  RECORD_OPS,
  type SessionSpec,
  TAP_AGENT,
  TAP_CALLER,
  TAP_TICK,
  type WorkerApi,
  type WorkerNotes,
} from "./protocol";
import type { Handlers, Rpc } from "./rpc";

/** The worker's end of the channel to the main thread. */
export type MainLink = Rpc<Handlers & WorkerApi, MainApi, WorkerNotes>;

/** A call's record writes, each one a request to the main thread's store. */
export function recordsOnMain(rpc: MainLink, callId: string): CallRecordSink {
  const sink: Record<string, (...args: unknown[]) => Promise<void>> = {};
  for (const op of RECORD_OPS) sink[op] = (...args) => rpc.call("record", { callId, op, args });
  return sink as unknown as CallRecordSink;
}

/** The call's HTTP and MCP tools, run by the main thread. */
export function toolboxOnMain(
  rpc: MainLink,
  callId: string,
  known: NonNullable<SessionSpec["tools"]["external"]>,
): Toolbox {
  const timeouts = new Map(Object.entries(known.timeouts));
  return {
    declared: known.declared,
    async listed(signal) {
      const { specs, timeouts: more } = await rpc.call("toolsListed", { callId }, { signal });
      for (const [name, ms] of Object.entries(more)) timeouts.set(name, ms);
      return specs;
    },
    timeoutMs: (name) => timeouts.get(name),
    run: (name, argumentsJson, signal) =>
      rpc.call("toolRun", { callId, name, argumentsJson }, { signal }),
    close: () => rpc.call("toolsClose", { callId }),
  };
}

export function knowledgeOnMain(rpc: MainLink, callId: string): KnowledgeSearch {
  return {
    search: ({ collectionIds, query, limit, signal }) =>
      rpc.call("knowledgeSearch", { callId, collectionIds, query, limit }, { signal }),
  };
}

export function abilitiesOnMain(
  rpc: MainLink,
  callId: string,
  has: SessionSpec["tools"]["abilities"],
): CallAbilities {
  return {
    ...(has.sendText && {
      sendText: (value, signal) =>
        rpc.call("ability", { callId, name: "sendText", value }, { signal }),
    }),
    ...(has.transfer && {
      transfer: (value, signal) =>
        rpc.call("ability", { callId, name: "transfer", value }, { signal }),
    }),
  };
}

/** Re-transcriptions run here; the main thread's after-call step learns when each is done. */
export class ForwardedRetranscriptions extends PendingRetranscriptions {
  private nextToken = 1;

  constructor(private readonly rpc: MainLink) {
    super();
  }

  override add(callId: string, work: Promise<void>): void {
    super.add(callId, work);
    const token = this.nextToken++;
    this.rpc.note("retranscription", { callId, token, done: false });
    const done = () => this.rpc.note("retranscription", { callId, token, done: true });
    work.then(done, done);
  }
}

/** Ticks gathered into one message to the main thread's recorder. */
const TICKS_PER_BATCH = 20;

/**
 * The recording's tap, gathered here and sent in batches of 200 ms: the recorder and its
 * encoder stay on the main thread, which then sees 5 messages a second per call, not 300.
 */
export class BatchedTap implements CallAudioTap {
  private kinds: number[] = [];
  private offsets: number[] = [];
  private frames: Int16Array[] = [];
  private ticks = 0;

  constructor(
    private readonly rpc: MainLink,
    private readonly callId: string,
  ) {}

  agentFrame(frame: Int16Array): void {
    this.kinds.push(TAP_AGENT);
    this.frames.push(frame.slice());
  }

  callerFrame(frame: Int16Array): void {
    this.kinds.push(TAP_CALLER);
    this.frames.push(frame.slice());
  }

  tick(offsetMs: number): void {
    this.kinds.push(TAP_TICK);
    this.offsets.push(offsetMs);
    if (++this.ticks >= TICKS_PER_BATCH) this.flush(false);
  }

  stop(): void {
    this.flush(true);
  }

  private flush(stop: boolean): void {
    const lengths = Uint16Array.from(this.frames, (frame) => frame.length);
    const pcm = new Int16Array(lengths.reduce((sum, n) => sum + n, 0));
    let at = 0;
    for (const frame of this.frames) {
      pcm.set(frame, at);
      at += frame.length;
    }
    const kinds = Uint8Array.from(this.kinds);
    const offsets = Float64Array.from(this.offsets);
    this.rpc.note("tap", { callId: this.callId, kinds, offsets, lengths, pcm, stop }, [
      pcm.buffer,
      kinds.buffer,
      offsets.buffer,
      lengths.buffer,
    ]);
    this.kinds = [];
    this.offsets = [];
    this.frames = [];
    this.ticks = 0;
  }
}
