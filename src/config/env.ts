import * as v from "valibot";
import { readS3Config } from "../blobs/s3-config";
import { parseCidr } from "../net/ip";
import { PriceTableSetting } from "../usage/price-table";
import {
  appendMsSetting,
  channelListSetting,
  defaultCallWorkers,
  defaultMaxCallsPerMachine,
} from "./capacity-settings";
import { databaseSyncProblems } from "./database-sync";
import {
  PortRangeSetting,
  PublicIpSetting,
  TurnUrlsSetting,
  turnSettingProblems,
  twilioSettingProblems,
} from "./rtc-settings";

const integer = (fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  );

const url = v.pipe(v.string(), v.url("must be a URL"));

const secret = v.optional(v.pipe(v.string(), v.minLength(1)));

const IceServerSchema = v.object({
  urls: v.union([
    v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):/, "must be a stun: or turn: URL")),
    v.array(
      v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):/, "must be a stun: or turn: URL")),
    ),
  ]),
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});

/** STUN/TURN servers as a JSON array, in the browser's RTCIceServer shape. */
const iceServers = v.optional(
  v.pipe(
    v.string(),
    v.parseJson(undefined, "must be a JSON array of {urls, username?, credential?}"),
    v.array(IceServerSchema, "must be a JSON array of {urls, username?, credential?}"),
  ),
  "[]",
);

/** A URL with one of `schemes` (credentials in it are never echoed back in an error). */
const urlWithScheme = (schemes: string[], message: string) =>
  v.pipe(
    v.string(),
    v.check((text) => {
      if (!URL.canParse(text)) return false;
      const parsed = new URL(text);
      return schemes.includes(parsed.protocol) && parsed.hostname !== "";
    }, message),
  );

const otlpUrl = urlWithScheme(["http:", "https:"], "must be an http:// or https:// URL");
const otlpProtocol = v.picklist(
  ["http/protobuf", "http/json"],
  "must be http/protobuf or http/json (grpc is not supported)",
);

const notCidrs = (list: string[]) => list.filter((entry) => parseCidr(entry) === null);

/** Comma-separated CIDRs, e.g. `10.0.0.0/8,fd00::/8`. */
const cidrList = v.pipe(
  v.optional(v.string(), ""),
  v.transform((text) =>
    text
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
  ),
  v.check(
    (list) => notCidrs(list).length === 0,
    (issue) => `not an IPv4 or IPv6 CIDR such as 10.0.0.0/8: ${notCidrs(issue.input).join(", ")}`,
  ),
);

/** Every setting the service reads from its environment, with its default. */
export const EnvSchema = v.object({
  PORT: integer(8080, 0, 65535),
  HOST: v.optional(v.string(), "0.0.0.0"),
  DATA_DIR: v.optional(v.string(), "data"),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.minLength(1)), "file:data/astra.db"),
  DATABASE_AUTH_TOKEN: secret,
  DATABASE_SYNC_URL: v.optional(url),
  DATABASE_SYNC_INTERVAL_SECONDS: integer(60, 1, 86_400),
  ADMIN_API_KEY: v.optional(
    v.pipe(
      v.string(),
      v.minLength(24, "must be at least 24 characters"),
      // It travels as `Authorization: Bearer <key>`, so it must be one printable token.
      v.regex(/^[\x21-\x7e]*$/, "must be printable ASCII without spaces"),
    ),
  ),
  SECRETS_KEY: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as hex or base64"),
    ),
  ),
  OPENAI_API_KEY: secret,
  OPENAI_BASE_URL: v.optional(url, "https://api.openai.com/v1"),
  /** Gemini Live for agents with model.provider gemini; unset: only the simulator serves them. */
  GEMINI_API_KEY: secret,
  /** Where the Gemini Live WebSocket is (`http` becomes `ws`); a local simulator in tests. */
  GEMINI_BASE_URL: v.optional(url, "https://generativelanguage.googleapis.com"),
  /** The chat model that drafts agent configs (POST /v1/agents/generate). */
  OPENAI_DRAFT_MODEL: v.optional(v.pipe(v.string(), v.maxLength(100)), "gpt-4.1-mini"),
  PUBLIC_BASE_URL: v.optional(url),
  /** Seed a demo tenant and agent into an empty database; unset: only when there is no OpenAI key. */
  SEED_DEMO: v.optional(
    v.pipe(
      v.picklist(["true", "false"], "must be true or false"),
      v.transform((value) => value === "true"),
    ),
  ),
  ICE_SERVERS: iceServers,
  /** UDP ports for calls' media, `min-max`: one port per live call (see README, Media on Fly). */
  RTC_PORT_RANGE: PortRangeSetting,
  /** The address calls' media is reached at, announced in SDP instead of the machine's own. */
  RTC_PUBLIC_IP: PublicIpSetting,
  /** Shared secret of a TURN server (coturn `use-auth-secret`): short-lived credentials are minted. */
  TURN_SECRET: secret,
  TURN_URLS: TurnUrlsSetting,
  /** How long minted TURN credentials last; longer than the longest call. */
  TURN_TTL_SECONDS: integer(86_400, 600, 604_800),
  /** The operator's Twilio account: TURN credentials from its Network Traversal Service. */
  TWILIO_ACCOUNT_SID: v.optional(
    v.pipe(v.string(), v.regex(/^AC[0-9a-f]{32}$/, "must be a Twilio account SID (AC…)")),
  ),
  TWILIO_AUTH_TOKEN: secret,
  /** Where Twilio's REST API is (every Twilio request: calls, transfers, TURN); a test server. */
  TWILIO_API_BASE_URL: v.optional(url),
  /** Channels whose calls negotiate Opus DTX (`usedtx=1`); see BENCHMARKS.md, Capacity levers. */
  RTC_OPUS_DTX: channelListSetting("none"),
  /** Channels whose calls send no packets while the agent is silent (stretches the next reply). */
  RTC_SKIP_SILENT_FRAMES: channelListSetting("none"),
  /** Caller audio per `input_audio_buffer.append` message (ms): fewer messages, more delay. */
  MODEL_AUDIO_APPEND_MS: appendMsSetting(10),
  WHATSAPP_GRAPH_URL: v.optional(url, "https://graph.facebook.com/v23.0"),
  WHATSAPP_APP_SECRET: secret,
  WHATSAPP_VERIFY_TOKEN: secret,
  /** How long an outbound call waits for the user's reply to its call permission request. */
  WHATSAPP_PERMISSION_WAIT_MINUTES: integer(1440, 1, 10_080),
  WATI_BASE_URL: v.optional(url, "https://live-mt-server.wati.io"),
  /** Private ranges that URLs from tenants (a Wati credential's baseUrl...) may reach anyway. */
  ALLOW_PRIVATE_EGRESS: cidrList,
  LOG_LEVEL: v.optional(v.picklist(["debug", "info", "warn", "error"]), "info"),
  MAX_BODY_BYTES: integer(1_048_576, 1024, 64 * 1_048_576),
  RATE_LIMIT_PER_MINUTE: integer(600, 1, 1_000_000),
  MAX_CONCURRENT_CALLS_PER_TENANT: integer(10, 0, 100_000),
  /** Unset: 25 calls per core (measured; see capacity-settings.ts and BENCHMARKS.md). */
  MAX_CALLS_PER_MACHINE: integer(defaultMaxCallsPerMachine(), 1, 100_000),
  CONNECT_TIMEOUT_SECONDS: integer(30, 1, 600),
  /** Worker threads that run calls' media, session and model legs; 0 runs them on the main thread. */
  CALL_WORKERS: integer(defaultCallWorkers(), 0, 256),
  /** After SIGTERM, how long live calls go on before the agent says goodbye and ends them. */
  DRAIN_SECONDS: integer(240, 0, 3600),
  /** A live call's lease in the session store: renewed every third; a lost machine's calls close after it. */
  CALL_LEASE_SECONDS: integer(15, 1, 600),
  WEBHOOK_RATE_LIMIT_PER_MINUTE: integer(1200, 1, 1_000_000),
  PUBLIC_RATE_LIMIT_PER_MINUTE: integer(300, 1, 1_000_000),
  CLIENT_IP_HEADER: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name")),
  ),
  RATE_LIMIT_PER_TENANT_PER_MINUTE: integer(3000, 1, 10_000_000),
  /** The OpenAI embedding model of new knowledge collections (with OPENAI_API_KEY). */
  EMBEDDING_MODEL: v.optional(
    v.pipe(v.string(), v.regex(/^[\w.:-]{1,100}$/, "must be a model name")),
    "text-embedding-3-small",
  ),
  /** Vector size of new knowledge collections; a collection keeps the one it was made with. */
  EMBEDDING_DIMENSIONS: integer(512, 16, 3072),
  KNOWLEDGE_MAX_UPLOAD_BYTES: integer(10_485_760, 1024, 100 * 1_048_576),
  /** Recordings and exports: `file:<folder>` or `s3://bucket/prefix` (with the S3_* variables). */
  BLOB_STORE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(file:.+|s3:\/\/[^/]+(\/.*)?)$/, "must be file:<folder> or s3://bucket/prefix"),
    ),
    "file:data/blobs",
  ),
  /** The model that writes each call's post-call analysis (summary, outcome, sentiment, fields). */
  OPENAI_ANALYSIS_MODEL: v.optional(
    v.pipe(v.string(), v.regex(/^[\w.:-]{1,100}$/, "must be a model name")),
    "gpt-4.1-mini",
  ),
  /** Caller lines less confident than this (0..1) are transcribed again; an agent may set its own. */
  TRANSCRIPT_CONFIDENCE_THRESHOLD: v.pipe(
    v.optional(v.string(), "0.75"),
    v.regex(/^(0(\.\d+)?|1(\.0+)?)$/, "must be a number from 0 to 1"),
    v.transform(Number),
  ),
  /** How often content past each tenant's retention period is erased; 0 turns the sweep off. */
  RETENTION_SWEEP_MINUTES: integer(60, 0, 10_080),
  /**
   * Events out (and their delivery log) are kept this long, then pruned by the retention sweep
   * once settled. At least 2: a failing delivery is retried for about 27.5 hours.
   */
  EVENTS_KEEP_DAYS: integer(30, 2, 3650),
  /** Every event out is also published to this Google Pub/Sub topic (the operator's sink). */
  PUBSUB_TOPIC: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^projects\/[^/\s]+\/topics\/[^/\s]+$/, "must be projects/<project>/topics/<topic>"),
    ),
  ),
  /** The JSON key of the service account that publishes to PUBSUB_TOPIC. */
  PUBSUB_CREDENTIALS_JSON: secret,
  /** host:port of a Pub/Sub emulator, used instead of Google (no credentials then). */
  PUBSUB_EMULATOR_HOST: v.optional(
    v.pipe(v.string(), v.regex(/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/, "must be host:port")),
  ),
  /** When set, GET /metrics wants it as `Authorization: Bearer <token>`; unset, it is open. */
  METRICS_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.minLength(16, "must be at least 16 characters"),
      v.regex(/^[\x21-\x7e]*$/, "must be printable ASCII without spaces"),
    ),
  ),
  /** Traces go over OTLP/HTTP when set (`/v1/traces` is appended); unset, nothing is traced. */
  OTEL_EXPORTER_OTLP_ENDPOINT: v.optional(otlpUrl),
  /** The traces URL in full, instead of the endpoint above. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: v.optional(otlpUrl),
  OTEL_EXPORTER_OTLP_PROTOCOL: v.optional(otlpProtocol),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: v.optional(otlpProtocol),
  OTEL_SDK_DISABLED: v.optional(
    v.pipe(
      v.picklist(["true", "false"], "must be true or false"),
      v.transform((value) => value === "true"),
    ),
  ),
  /** Model prices (USD per million tokens) laid over the built-in table, for usage cost estimates. */
  PRICE_TABLE: PriceTableSetting,
  /** A Redis-protocol server holding state the machines share (Redis, Valkey, Upstash over TCP). */
  REDIS_URL: v.optional(
    urlWithScheme(["redis:", "rediss:"], "must be a redis:// or rediss:// URL with a host"),
  ),
  /** Upstash's REST API instead, with UPSTASH_REDIS_REST_TOKEN. */
  UPSTASH_REDIS_REST_URL: v.optional(
    urlWithScheme(["https:", "http:"], "must be an https:// URL with a host"),
  ),
  UPSTASH_REDIS_REST_TOKEN: secret,
  /** How long one session-store operation may take before callers fall back as if unreachable. */
  SESSION_STORE_TIMEOUT_MS: integer(500, 10, 60_000),
  /** Put before every session-store key, so deployments can share one Redis. */
  SESSION_KEY_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[\w.:-]{1,64}$/, "must be 1-64 letters, digits, _ . : or -")),
    "astra:",
  ),
});

export type Env = v.InferOutput<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates the environment; the error names every offending variable and why. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.entries)) {
    const value = source[key];
    if (value !== undefined && value !== "") relevant[key] = value;
  }
  const result = v.safeParse(EnvSchema, relevant);
  if (result.success) {
    const url = result.output.BLOB_STORE_URL;
    const storage = url.startsWith("s3:") ? readS3Config(url, source).problems : [];
    const problems = [
      ...storage,
      ...turnSettingProblems(result.output),
      ...twilioSettingProblems(result.output),
      ...databaseSyncProblems(result.output),
    ];
    if (problems.length === 0) return result.output;
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const problems = result.issues.map((issue) => {
    const name = issue.path?.map((p) => String(p.key)).join(".") ?? "environment";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
