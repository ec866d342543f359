import * as v from "valibot";
import { ConfigError, type Env } from "../config/env";
import { EventDispatcher } from "../events-out/event-dispatcher";
import { PubSubSink } from "../events-out/pubsub/pubsub-sink";
import {
  type ServiceAccount,
  ServiceAccountSchema,
  ServiceAccountToken,
} from "../events-out/pubsub/service-account-token";
import type { Logger } from "../log/logger";
import type { EgressPolicy } from "../net/egress-guard";
import { operatorFetch } from "../net/guarded-fetch";
import { OutboxPublishing } from "../store/outbox-publishing";
import type { Stores } from "../store/stores";

type PubSubEnv = Pick<Env, "PUBSUB_TOPIC" | "PUBSUB_CREDENTIALS_JSON" | "PUBSUB_EMULATOR_HOST">;

type PubSubSettings =
  | { topic: string; emulatorHost: string }
  | { topic: string; account: ServiceAccount };

/**
 * Where the operator's Pub/Sub sink publishes, if PUBSUB_TOPIC is set: through the emulator at
 * PUBSUB_EMULATOR_HOST, or Google's API signed in as the PUBSUB_CREDENTIALS_JSON account.
 * @throws ConfigError when the topic is set without either, or the key is not a service account's.
 */
export function pubSubSettings(env: PubSubEnv): PubSubSettings | undefined {
  const topic = env.PUBSUB_TOPIC;
  if (!topic) return undefined;
  if (env.PUBSUB_EMULATOR_HOST) return { topic, emulatorHost: env.PUBSUB_EMULATOR_HOST };
  if (!env.PUBSUB_CREDENTIALS_JSON)
    throw new ConfigError(
      "Invalid configuration: PUBSUB_TOPIC needs PUBSUB_CREDENTIALS_JSON or PUBSUB_EMULATOR_HOST",
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.PUBSUB_CREDENTIALS_JSON);
  } catch {
    throw new ConfigError("Invalid configuration: PUBSUB_CREDENTIALS_JSON: is not JSON");
  }
  const account = v.safeParse(ServiceAccountSchema, parsed);
  if (!account.success)
    throw new ConfigError(
      "Invalid configuration: PUBSUB_CREDENTIALS_JSON: must be a service account key (client_email, private_key)",
    );
  return { topic, account: account.output };
}

/** The operator's Pub/Sub sink, when PUBSUB_TOPIC is set (see pubSubSettings). */
export function pubSubSinkFor(env: PubSubEnv, stores: Stores, log: Logger): PubSubSink | undefined {
  const settings = pubSubSettings(env);
  if (!settings) return undefined;
  const { topic } = settings;
  const common = { topic, outbox: new OutboxPublishing(stores.db), fetch: operatorFetch, log };
  if ("emulatorHost" in settings)
    return new PubSubSink({ ...common, apiBaseUrl: `http://${settings.emulatorHost}` });
  const token = new ServiceAccountToken(settings.account, operatorFetch);
  return new PubSubSink({
    ...common,
    apiBaseUrl: "https://pubsub.googleapis.com",
    token: () => token.token(),
  });
}

/** Starts delivering events out (webhooks, and Pub/Sub when configured) in this process. */
export function startEventDispatch(
  env: PubSubEnv,
  stores: Stores,
  egress: EgressPolicy,
  log: Logger,
): EventDispatcher {
  const sink = pubSubSinkFor(env, stores, log);
  const dispatcher = new EventDispatcher({
    endpoints: stores.webhookEndpoints,
    deliveries: stores.webhookDeliveries,
    egress,
    log: log.child({ component: "events-out" }),
    ...(sink && { sink }),
  });
  dispatcher.start();
  if (sink) log.info("events are also published to Pub/Sub", { topic: env.PUBSUB_TOPIC });
  return dispatcher;
}
