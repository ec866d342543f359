import type { Context } from "hono";
import type { CallRegistry } from "../calls/call-registry";
import type { LineEvent, WebhookRoute, WhatsAppChannel } from "../calls/whatsapp/line-events";
import type { AppEnv } from "../http/context";
import { errorResponse } from "../http/errors";
import type { Logger } from "../log/logger";
import type { CallLeases, LeaseOwner } from "./call-leases";
import type { MachineIdentity } from "./machine-identity";

/**
 * The status of a `fly-replay` answer: 421 Misdirected Request says "this server is not the one
 * to answer". Fly's proxy replays on the header whatever the status; a client that reaches a
 * machine directly (no proxy) sees a 4xx it must not treat as success, and a provider retries.
 */
export const REPLAY_STATUS = 421;
export const REPLAY_DESCRIPTION =
  "The call is live on another machine: answered with `fly-replay: instance=<machine id>` and nothing done here; Fly's proxy replays the request on that machine";

/** True when Fly's proxy already replayed this request: never replay it again (no loops). */
export const alreadyReplayed = (c: Context<AppEnv>) => c.req.header("fly-replay-src") !== undefined;

/** Hands the request to the machine holding the call. */
export function replayTo(c: Context<AppEnv>, machine: string): Response {
  c.header("fly-replay", `instance=${machine}`);
  c.get("log").info("request replayed on the call's machine", { owner: machine });
  return errorResponse(
    c,
    REPLAY_STATUS,
    "call_elsewhere",
    `this call is live on machine ${machine}; the request must be sent there`,
  );
}

/** Which events name a provider call that may be live somewhere. */
const providerCallId = (event: LineEvent) => ("callId" in event ? event.callId : undefined);

/**
 * Answers "is this call live on another machine, and which?" for requests and webhooks: a call in
 * this machine's registry is here; otherwise its lease names the machine holding it. A store that
 * cannot be read answers "not elsewhere", so the request is handled here as before.
 */
export class CallOwners {
  constructor(
    private readonly deps: {
      registry: Pick<CallRegistry, "get" | "byProviderCallId">;
      leases: Pick<CallLeases, "ownerOfCall" | "ownerOfProviderCall">;
      machine: MachineIdentity;
      /** The tenant whose line `address` is on this route, or null. */
      tenantOfLine: (
        route: WebhookRoute,
        channel: WhatsAppChannel,
        address: string,
      ) => Promise<string | null>;
      log: Logger;
    },
  ) {}

  /** The owner of a call that is not live here, or null (live here, ended, or unknown). */
  async ofCall(callId: string): Promise<LeaseOwner | null> {
    if (this.deps.registry.get(callId)) return null;
    const owner = await this.deps.leases.ownerOfCall(callId).catch((error: unknown) => {
      this.deps.log.warn("call lease lookup failed", { error });
      return null;
    });
    return owner && owner.machine !== this.deps.machine.id ? owner : null;
  }

  /**
   * The machine to replay a webhook delivery on: the first of its events about a provider call
   * live on another machine decides for the whole delivery. Null: act here.
   */
  async ofDelivery(
    channel: WhatsAppChannel,
    route: WebhookRoute,
    events: readonly LineEvent[],
  ): Promise<string | null> {
    const owners = await this.ofEvents(channel, route, events);
    return owners.find((owner) => owner !== null) ?? null;
  }

  /** For each event, the other machine holding the provider call it is about, or null. */
  ofEvents(
    channel: WhatsAppChannel,
    route: WebhookRoute,
    events: readonly LineEvent[],
  ): Promise<Array<string | null>> {
    return Promise.all(events.map((event) => this.ofEvent(channel, route, event)));
  }

  private async ofEvent(
    channel: WhatsAppChannel,
    route: WebhookRoute,
    event: LineEvent,
  ): Promise<string | null> {
    const callId = providerCallId(event);
    if (callId === undefined) return null;
    try {
      const tenantId =
        route.kind === "tenant"
          ? route.tenantId
          : event.address === undefined
            ? null
            : await this.deps.tenantOfLine(route, channel, event.address);
      if (tenantId === null) return null;
      if (this.deps.registry.byProviderCallId({ tenantId, channel }, callId)) return null;
      const owner = await this.deps.leases.ownerOfProviderCall(tenantId, channel, callId);
      return owner && owner.machine !== this.deps.machine.id ? owner.machine : null;
    } catch (error) {
      this.deps.log.warn("call lease lookup failed", { error });
      return null;
    }
  }
}
