import type { App } from "../src/app";
import type { BlobStore } from "../src/blobs/blob-store";
import type { CallWorkers } from "../src/call-workers/call-workers";
import type { BackgroundTasks } from "../src/calls/background-tasks";
import type { CallRegistry } from "../src/calls/call-registry";
import type { CallService } from "../src/calls/call-service";
import type { FrameClock } from "../src/calls/frame-clock";
import type { KnowledgeSearch } from "../src/calls/knowledge-port";
import type { WhatsAppDialler } from "../src/calls/whatsapp/whatsapp-dialler";
import type { AgentConfig } from "../src/domain/agent-config";
import type { AgentDrafter } from "../src/drafting/agent-drafter";
import type { EventDispatcher, EventDispatcherOptions } from "../src/events-out/event-dispatcher";
import type { CallTokens } from "../src/http/call-tokens";
import type { LiveKit } from "../src/livekit/livekit";
import type { JoinRoom } from "../src/livekit/room-joiner";
import type { LogLevel } from "../src/log/logger";
import type { TurnCredentials } from "../src/media/turn-credentials";
import type { TwilioTurn } from "../src/media/twilio-turn";
import type { WebRtcOptions } from "../src/media/webrtc/answer-offer";
import type { GatewayMetrics } from "../src/metrics/gateway-metrics";
import type { ModelLeg } from "../src/models/model-leg";
import type { Lookup } from "../src/net/guarded-fetch";
import type { RecordingEncoders } from "../src/recording/encoders";
import type { Recordings } from "../src/recording/recordings";
import type { RetentionSweeper } from "../src/retention/retention-sweeper";
import type { SessionStore } from "../src/session/session-store";
import type { Knowledge } from "../src/startup/knowledge";
import type { Stores } from "../src/store/stores";
import type { TwilioPhone } from "../src/telephony/twilio-phone";

// What a test API takes and gives, apart from the harness that builds it (test/api-harness.ts).

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
  /** The response itself, unread, when asked for with `stream: true`. */
  raw?: Response;
}

export interface TestApi {
  /** The app itself, for tests that serve it on a real port (e.g. to a browser). */
  app: App;
  stores: Stores;
  registry: CallRegistry;
  /** Starts calls; `calls.refuseNewCalls()` begins a drain. */
  calls: CallService;
  /** Webhook events still being acted on after their acknowledgement. */
  background: BackgroundTasks;
  callTokens: CallTokens;
  /** Recordings and exports. */
  blobs: BlobStore;
  /** Calls' recordings: finish, close after a crash, erase. */
  recordings: Recordings;
  /** The knowledge base: `knowledge.ingestion.idle()` waits until uploads are read. */
  knowledge: Knowledge;
  /** The retention sweep, run on demand (`retention.sweep(now)`); no timer runs in tests. */
  retention: RetentionSweeper;
  /** Events out: not started; a test runs `events.runOnce()` when it wants a pass. */
  events: EventDispatcher;
  /** Places WhatsApp calls; no timer gives up permission waits: `expirePermissionWaits(now)` does. */
  whatsappDialler: WhatsAppDialler;
  /** What GET /metrics serves (the main thread's event-loop lag is not sampled in tests; call workers' is). */
  metrics: GatewayMetrics;
  /** Phone calls over Twilio: serve `twilio.streams` beside `app` for media streams. */
  twilio: TwilioPhone;
  /** LiveKit rooms (the agent joins through `livekitJoin`). */
  livekit: LiveKit;
  /** The call worker threads calls run on (shared by every test API of the process), if any. */
  workers: CallWorkers | null;
  logLines: string[];
  /** Sends a request through the real app; `key` null sends no Authorization header. */
  call<T = any>(
    method: string,
    path: string,
    options?: {
      key?: string | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      stream?: boolean;
    },
  ): Promise<Reply<T>>;
  /** Creates a tenant and a key for it, for tests that act as that tenant. */
  tenantWithKey(name?: string): Promise<{ tenantId: string; key: string }>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  dbUrl?: string;
  rateLimitPerMinute?: number;
  rateLimitPerTenantPerMinute?: number;
  maxBodyBytes?: number;
  logLevel?: LogLevel;
  /** Where calls' model legs connect: a model simulator's base URL. */
  modelBaseUrl?: string;
  /** Where Gemini agents' legs connect (a Gemini simulator); unset, Gemini agents are refused. */
  geminiBaseUrl?: string;
  createModelLeg?: (config: AgentConfig) => ModelLeg;
  clock?: FrameClock;
  /** STUN/TURN servers handed to browsers; default: one example server, never contacted in tests. */
  iceServers?: RTCIceServer[];
  /** Mints TURN credentials for browsers, as TURN_SECRET and TURN_URLS would. */
  turnCredentials?: TurnCredentials;
  /** Options of the gateway's own peer connections (port range, announced address). */
  peerOptions?: WebRtcOptions;
  /** Where WhatsApp provider calls go: the fake Graph API and fake Wati API. */
  graphUrl?: string;
  watiBaseUrl?: string;
  whatsappAppSecret?: string;
  whatsappVerifyToken?: string;
  /** WHATSAPP_PERMISSION_WAIT_MINUTES, in ms; default a day. */
  whatsappPermissionWaitMs?: number;
  webhookRateLimitPerMinute?: number;
  publicRateLimitPerMinute?: number;
  maxConcurrentCallsPerTenant?: number;
  maxCallsPerMachine?: number;
  connectTimeoutMs?: number;
  /** ALLOW_PRIVATE_EGRESS: the private ranges a tenant's own URLs may reach; default none. */
  allowPrivateEgress?: string[];
  /** The operator's key, as ADMIN_API_KEY would give it; default ADMIN_KEY. */
  adminKey?: string;
  /** Drafts agent configs; default: from templates, as without OPENAI_API_KEY. */
  drafter?: AgentDrafter;
  /** DNS for tool URLs and MCP servers; default the system's. */
  toolLookup?: Lookup;
  /** DNS for webhook endpoint URLs; default the system's. */
  eventLookup?: Lookup;
  /** The event dispatcher's clock, retry waits and sink (see EventDispatcherOptions). */
  events?: Pick<
    EventDispatcherOptions,
    "now" | "random" | "retryScheduleMs" | "attemptTimeoutMs" | "sink"
  >;
  /** What lookup_knowledge searches; default nothing. */
  knowledge?: KnowledgeSearch;
  /** KNOWLEDGE_MAX_UPLOAD_BYTES; default 1 MiB. */
  knowledgeMaxUploadBytes?: number;
  /** Where recordings and exports go; default a fresh temporary folder. */
  blobs?: BlobStore;
  /** Where the post-call analysis asks its model; default `modelBaseUrl`. */
  analysisBaseUrl?: string;
  /** TRANSCRIPT_CONFIDENCE_THRESHOLD; default 0.75. */
  transcriptConfidenceThreshold?: number;
  /** How recordings are encoded; default one worker thread shared by every test API. */
  recordingEncoders?: RecordingEncoders;
  /** Audio gathered before each recording part is written; default 3 s. */
  recordingPartMs?: number;
  /** Runs as behind Fly's proxy (FLY_MACHINE_ID set): a draining machine replays call webhooks. */
  onFly?: boolean;
  /** Call worker threads (CALL_WORKERS); default from CALL_WORKERS, else 0. Ignored with createModelLeg. */
  callWorkers?: number;
  /** METRICS_TOKEN; default none (GET /metrics open). */
  metricsToken?: string;
  /** The public proxy's header that, without a token, makes /metrics refuse; default none. */
  metricsPublicEdgeHeader?: string;
  /**
   * State shared with other machines (limits, receipts, idempotency keys): two test APIs given
   * the same store (and `dbUrl`) act as two machines. Default a memory store of this API's own.
   */
  sessionStore?: SessionStore;
  /** The secrets key; machines sharing a database share it. Default a fresh random one. */
  secretsKey?: Uint8Array<ArrayBuffer>;
  /** PUBLIC_BASE_URL; default none. */
  publicBaseUrl?: string;
  /** TWILIO_API_BASE_URL: a local server speaking Twilio's REST API; default a closed port. */
  twilioApiUrl?: string;
  /** TURN from an operator's Twilio account, as TWILIO_ACCOUNT_SID would give it. */
  twilioTurn?: TwilioTurn;
  /**
   * MACHINE_ID: stream tokens name it (default `test-machine`); with it given, calls are leased
   * in `sessionStore` under this machine's name and requests and webhooks about calls leased to
   * another are answered with `fly-replay`, as main.ts wires it. Default: no ownership.
   */
  machineId?: string;
  /** How the agent joins a LiveKit room; default @livekit/rtc-node (needs a LiveKit server). */
  livekitJoin?: JoinRoom;
}
