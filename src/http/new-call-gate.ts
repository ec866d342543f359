import type { Context, Next } from "hono";
import type { AppEnv } from "./context";
import { errorResponse } from "./errors";

/** Whether this machine takes a new call now, and how it hands one on when it does not. */
export interface NewCallGate {
  draining: () => boolean;
  atCapacity: () => boolean;
  /**
   * Behind Fly's proxy (FLY_MACHINE_ID set): answer `fly-replay: elsewhere=true`, so the proxy
   * replays the request on another machine of the app instead of the client seeing an error.
   */
  replayElsewhere: boolean;
}

/** The requests that start a call: a browser's offer, an outbound call, a LiveKit room. */
const CALL_STARTS = new Set(["/v1/calls", "/v1/calls/web", "/v1/livekit/rooms"]);
const startsCall = (c: Context) => c.req.method === "POST" && CALL_STARTS.has(c.req.path);

/**
 * Refuses a request that would start a call on a machine that drains or is full, before
 * anything else is done for it (no key checked, no rate limit counted, nothing stored), so a
 * replay on another machine is its first and only handling.
 */
export function refuseNewCallsHere(gate: NewCallGate) {
  return async (c: Context<AppEnv>, next: Next) => {
    if (!startsCall(c)) return next();
    const refusal = gate.draining() ? "draining" : gate.atCapacity() ? "at_capacity" : null;
    if (refusal === null) return next();
    c.get("log")?.info("call request handed on", { refusal, replay: gate.replayElsewhere });
    if (gate.replayElsewhere) c.header("fly-replay", "elsewhere=true");
    return refusal === "draining"
      ? errorResponse(c, 503, refusal, "this gateway is shutting down; try again shortly")
      : errorResponse(
          c,
          503,
          refusal,
          "this gateway carries all the calls it can; try again shortly",
        );
  };
}
