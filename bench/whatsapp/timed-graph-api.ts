// The fake Graph API (test/fake-graph-api.ts) with the arrival time of each call action, on
// this process's performance.now() clock, and a way to wait for one. The fake records each
// request once its body has been read; the time is taken at that moment by watching its list.

import { FakeGraphApi, type RecordedRequest } from "../../test/fake-graph-api";

export interface Arrival {
  /** performance.now() when the whole request had arrived. */
  at: number;
  request: RecordedRequest;
}

type Listener = (arrival: Arrival) => void;

export class TimedGraphApi {
  readonly fake = new FakeGraphApi();
  private readonly arrived = new Map<string, Arrival>();
  private readonly listeners = new Map<string, Listener>();

  constructor() {
    const requests = this.fake.requests;
    const push = requests.push.bind(requests);
    requests.push = (...items: RecordedRequest[]) => {
      const at = performance.now();
      for (const request of items) this.note({ at, request });
      return push(...items);
    };
  }

  get url(): string {
    return this.fake.url;
  }

  /** The `action` request for this call, once it has arrived (it may have already). */
  arrival(callId: string, action: string, timeoutMs: number): Promise<Arrival> {
    const key = `${callId}:${action}`;
    const known = this.arrived.get(key);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(key);
        reject(new Error(`no ${action} for ${callId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.set(key, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      });
    });
  }

  /** Forgets a finished call's arrivals. */
  forget(callId: string): void {
    for (const key of this.arrived.keys())
      if (key.startsWith(`${callId}:`)) this.arrived.delete(key);
  }

  stop(): void {
    this.fake.stop();
  }

  private note(arrival: Arrival): void {
    const { body } = arrival.request;
    if (typeof body?.call_id !== "string" || typeof body.action !== "string") return;
    const key = `${body.call_id}:${body.action}`;
    if (this.arrived.has(key)) return;
    this.arrived.set(key, arrival);
    const listener = this.listeners.get(key);
    this.listeners.delete(key);
    listener?.(arrival);
  }
}
