// The kinds of caller a call scenario dials with. The scenario (fresh gateway, warm-up, idle
// and steady-state windows, stored metrics) is the same for all; what differs is the caller
// processes and what the tenant needs before it can be called.

import type { CallLine } from "./caller-protocol";
import { setUpAgent } from "./gateway-api";

export interface CallerKind {
  /** Short name for logs and tables, e.g. "WebRTC". */
  label: string;
  /** Entry file of one caller process (speaks caller-protocol.ts). */
  main: string;
  /** A tenant on a fresh gateway, with an agent and whatever its calls come through. */
  setUp(
    baseUrl: string,
    adminKey: string,
    recording: boolean,
  ): Promise<{ tenantKey: string; line: CallLine }>;
}

/** Browser calls: real WebRTC peers posting offers to `POST /v1/calls/web`. */
export const webCallers: CallerKind = {
  label: "WebRTC",
  main: new URL("./caller-main.ts", import.meta.url).pathname,
  async setUp(baseUrl, adminKey, recording) {
    const { tenantKey, agentId } = await setUpAgent(baseUrl, adminKey, recording);
    return { tenantKey, line: { kind: "web", key: tenantKey, agentId } };
  },
};
