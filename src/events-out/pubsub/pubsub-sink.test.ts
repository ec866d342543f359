import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../../test/api-harness";
import { FakePubSub } from "../../../test/fake-pubsub";
import { ConfigError } from "../../config/env";
import { newId } from "../../domain/ids";
import { memoryLogger } from "../../log/logger";
import { operatorFetch } from "../../net/guarded-fetch";
import { pubSubSinkFor } from "../../startup/event-dispatch";
import { OutboxPublishing } from "../../store/outbox-publishing";
import { PubSubSink } from "./pubsub-sink";
import { ServiceAccountToken } from "./service-account-token";

const TOPIC = "projects/astra-test/topics/call-events";

let api: TestApi;
let pubsub: FakePubSub;
let tenant: { tenantId: string; key: string };
let agentId: string;
let nowMs: number;
let sink: PubSubSink | undefined;

beforeEach(async () => {
  nowMs = Date.now();
  sink = undefined;
});
afterEach(async () => {
  await api?.close();
  await pubsub?.close();
});

async function start(makeSink: (api: TestApi) => PubSubSink | undefined) {
  api = await startTestApi({
    events: {
      now: () => nowMs,
      sink: { publishPending: (at) => sink?.publishPending(at) ?? Promise.resolve(0) },
    },
  });
  sink = makeSink(api);
  tenant = await api.tenantWithKey();
  agentId = (await api.call("POST", "/v1/agents", { key: tenant.key, body: { name: "Desk" } })).body
    .id;
}

async function aCall(): Promise<string> {
  const id = newId("call");
  await api.stores.calls.create({
    id,
    tenantId: tenant.tenantId,
    agentId,
    agentVersion: 1,
    channel: "web",
    direction: "inbound",
    remoteParty: "browser",
    machineId: "test-machine",
  });
  await api.stores.calls.end(id, { reason: "caller_hung_up", usage: {}, metrics: {} });
  return id;
}

const outboxBodies = async () =>
  (await api.stores.db.execute("SELECT id, body FROM event_outbox ORDER BY seq")).rows.map((r) => ({
    id: String(r.id),
    body: String(r.body),
  }));

describe("the Pub/Sub sink", () => {
  test("through the emulator, every event is published once, in order, with its exact body", async () => {
    pubsub = new FakePubSub();
    await start((api) =>
      pubSubSinkFor(
        {
          PUBSUB_TOPIC: TOPIC,
          PUBSUB_EMULATOR_HOST: pubsub.hostPort,
          PUBSUB_CREDENTIALS_JSON: undefined,
        },
        api.stores,
        memoryLogger("info").logger,
      ),
    );
    const callId = await aCall();
    await api.events.runOnce();
    await api.events.runOnce();
    const events = await outboxBodies();
    expect(pubsub.messages.map((m) => m.data)).toEqual(events.map((e) => e.body));
    expect(pubsub.messages[0]).toEqual({
      topic: TOPIC,
      data: events[0]?.body as string,
      attributes: {
        type: "call.started",
        eventId: events[0]?.id as string,
        tenantId: tenant.tenantId,
        callId,
      },
    });
  });

  test("with a service account, it signs in with an RS256 JWT and publishes with the token", async () => {
    const keys = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey));
    const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
    pubsub = new FakePubSub(keys.publicKey);
    pubsub.requiredToken = "ya29.test-token";
    const account = {
      client_email: "events@astra-test.iam.gserviceaccount.com",
      private_key: pem,
      private_key_id: "key-1",
      token_uri: `${pubsub.url}/token`,
    };
    const token = new ServiceAccountToken(account, operatorFetch);
    await start(
      (api) =>
        new PubSubSink({
          topic: TOPIC,
          apiBaseUrl: pubsub.url,
          token: () => token.token(),
          outbox: new OutboxPublishing(api.stores.db),
          fetch: operatorFetch,
          log: memoryLogger("info").logger,
          batchSize: 1,
        }),
    );
    await aCall();
    await api.events.runOnce();
    expect(pubsub.messages.map((m) => m.attributes.type)).toEqual(["call.started", "call.ended"]);
    expect(pubsub.jwts).toHaveLength(1);
    expect(pubsub.jwts[0]).toMatchObject({
      header: { alg: "RS256", typ: "JWT", kid: "key-1" },
      claims: {
        iss: account.client_email,
        scope: "https://www.googleapis.com/auth/pubsub",
        aud: account.token_uri,
      },
      signatureValid: true,
    });
  });

  test("while Pub/Sub fails nothing is lost: each event is published once it is back", async () => {
    pubsub = new FakePubSub();
    await start((api) =>
      pubSubSinkFor(
        {
          PUBSUB_TOPIC: TOPIC,
          PUBSUB_EMULATOR_HOST: pubsub.hostPort,
          PUBSUB_CREDENTIALS_JSON: undefined,
        },
        api.stores,
        memoryLogger("info").logger,
      ),
    );
    pubsub.failWith = 503;
    await aCall();
    await api.events.runOnce();
    pubsub.failWith = null;
    await api.events.runOnce();
    expect(pubsub.messages).toHaveLength(0);
    nowMs += 60_000;
    await aCall();
    await api.events.runOnce();
    await api.events.runOnce();
    const events = await outboxBodies();
    expect(events).toHaveLength(4);
    expect(pubsub.messages.map((m) => m.attributes.eventId)).toEqual(events.map((e) => e.id));
  });

  test("a topic without credentials or an emulator, or a key that is not a service account's, is a configuration error", async () => {
    api = await startTestApi();
    const log = memoryLogger("info").logger;
    const env = { PUBSUB_TOPIC: TOPIC, PUBSUB_EMULATOR_HOST: undefined };
    expect(() =>
      pubSubSinkFor({ ...env, PUBSUB_CREDENTIALS_JSON: undefined }, api.stores, log),
    ).toThrow(ConfigError);
    expect(() =>
      pubSubSinkFor(
        { ...env, PUBSUB_CREDENTIALS_JSON: '{"private_key":"s3cr3t"' },
        api.stores,
        log,
      ),
    ).toThrow("PUBSUB_CREDENTIALS_JSON: is not JSON");
    expect(() =>
      pubSubSinkFor(
        { ...env, PUBSUB_CREDENTIALS_JSON: '{"private_key":"s3cr3t"}' },
        api.stores,
        log,
      ),
    ).toThrow(
      /^Invalid configuration: PUBSUB_CREDENTIALS_JSON: must be a service account key[^3]*$/,
    );
    expect(
      pubSubSinkFor(
        { ...env, PUBSUB_TOPIC: undefined, PUBSUB_CREDENTIALS_JSON: undefined },
        api.stores,
        log,
      ),
    ).toBeUndefined();
  });
});
