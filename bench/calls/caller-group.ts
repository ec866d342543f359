// The benchmark's side of the caller processes: starts them, shares the calls out among them,
// and collects what they report. Browser and phone callers speak the same protocol.

import type { Subprocess } from "bun";
import type { Children } from "../harness/children";
import type { DialledCall, DialOrder, FromCaller, HeardCall, ToCaller } from "./caller-protocol";
import { Mailbox } from "./mailbox";

/**
 * Callers run at a lower priority: on a small machine they would otherwise take CPU from the
 * gateway under test, whose figures would then show the machine's overload, not its own cost.
 */
const CALLER_NICE = 10;

interface CallerProcess {
  child: Subprocess;
  mailbox: Mailbox<FromCaller>;
}

export type CallPlan = Omit<DialOrder, "type" | "calls" | "staggerMs">;

export class CallerGroup {
  private constructor(
    private readonly children: Children,
    private readonly processes: CallerProcess[],
  ) {}

  get pids(): number[] {
    return this.processes.map((p) => p.child.pid);
  }

  /** `main` is the caller processes' entry file (a CallerKind's). */
  static async start(children: Children, processCount: number, main: string): Promise<CallerGroup> {
    const processes = Array.from({ length: processCount }, (_, i) => {
      const mailbox = new Mailbox<FromCaller>(`caller process ${i + 1}`);
      const child = children.spawn({
        args: [main],
        nice: CALLER_NICE,
        onMessage: (message) => mailbox.deliver(message as FromCaller),
      });
      void child.exited.then((code) =>
        mailbox.fail(new Error(`caller process ${i + 1} exited (code ${code})`)),
      );
      return { child, mailbox };
    });
    await Promise.all(processes.map((p) => p.mailbox.next("ready", 20_000)));
    return new CallerGroup(children, processes);
  }

  /**
   * Dials `total` calls, shared out evenly, each process starting one every `staggerMs`;
   * resolves once every call is connected or has failed.
   */
  async dial(
    total: number,
    staggerMs: number,
    plan: CallPlan,
  ): Promise<{ calls: DialledCall[]; failures: string[] }> {
    const n = this.processes.length;
    const replies = await Promise.all(
      this.processes.map((p, i) => {
        const calls = Math.floor(total / n) + (i < total % n ? 1 : 0);
        const order: ToCaller = { type: "dial", calls, staggerMs, ...plan };
        p.child.send(order);
        return p.mailbox.next("dialled", 30_000 + calls * staggerMs);
      }),
    );
    return {
      calls: replies.flatMap((r) => r.calls),
      failures: replies.flatMap((r) => r.failures),
    };
  }

  /** Every call is hung up through the API and its peer closed; the processes then exit. */
  async hangUp(): Promise<HeardCall[]> {
    const replies = await Promise.all(
      this.processes.map((p) => {
        p.child.send({ type: "hangUp" } satisfies ToCaller);
        return p.mailbox.next("hungUp", 30_000);
      }),
    );
    await Promise.all(this.processes.map((p) => this.children.stop(p.child, 5000)));
    return replies.flatMap((r) => r.calls);
  }

  async kill(): Promise<void> {
    await Promise.all(this.processes.map((p) => this.children.stop(p.child, 2000)));
  }
}
