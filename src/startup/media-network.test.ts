import { afterEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { publishedAgent } from "../../test/browser-calls";
import { CallerPeer, whatsappFixtureOffer } from "../../test/caller-peer";
import { eventually } from "../../test/eventually";
import { expectedTurnCredential } from "../../test/turn-hmac";
import { FakeTwilioApi } from "../../test/twilio-api/server";
import { ACCOUNT_SID, AUTH_TOKEN } from "../../test/twilio-side";
import { readEnv } from "../config/env";
import { memoryLogger } from "../log/logger";
import { answerWebRtcOffer } from "../media/webrtc/answer-offer";
import { liveWebRtcLegs, type WebRtcLeg } from "../media/webrtc/webrtc-leg";
import { startModelSimulator } from "../models/simulator/server";
import { mediaNetwork } from "./media-network";

const base = 20_000 + Math.floor(Math.random() * 12_000);
const legs: WebRtcLeg[] = [];
const callers: CallerPeer[] = [];
let api: TestApi | undefined;

afterEach(async () => {
  for (const caller of callers.splice(0)) caller.close();
  for (const leg of legs.splice(0)) await leg.close();
  await api?.close();
  api = undefined;
});

describe("the media network from the environment", () => {
  test("the gateway's own peer connections use freshly minted TURN credentials", async () => {
    const { logger, lines } = memoryLogger("debug");
    const env = readEnv({
      TURN_SECRET: "gateway-secret",
      // Nothing listens there: gathering gives up on it and answers with host candidates.
      TURN_URLS: "turn:127.0.0.1:9?transport=udp",
      TURN_TTL_SECONDS: "7200",
      RTC_PORT_RANGE: `${base}-${base + 9}`,
    });
    const media = mediaNetwork(env, logger);
    const answered = await answerWebRtcOffer(whatsappFixtureOffer({ loopback: true }), {
      ...media.peerOptions("browser"),
      gatheringTimeoutMs: 300,
    });
    legs.push(answered.leg);
    const servers = answered.leg.pc.getConfiguration().iceServers ?? [];
    const turn = servers.find((server) => String(server.urls).includes("turn:127.0.0.1:9"));
    expect(turn?.username).toMatch(/^\d+:gateway$/);
    const username = turn?.username ?? "";
    expect(turn?.credential).toBe(await expectedTurnCredential("gateway-secret", username));
    const expiry = Number(username.split(":")[0]);
    expect(expiry - Math.floor(Date.now() / 1000)).toBeGreaterThan(7000);
    expect(lines.join("\n")).not.toContain("gateway-secret");
  });

  test("with the operator's Twilio account, the gateway's own peer connections use Twilio's TURN", async () => {
    const twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
    try {
      const { logger, lines } = memoryLogger("debug");
      const env = readEnv({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: twilioApi.url,
        RTC_PORT_RANGE: `${base + 30}-${base + 39}`,
      });
      const media = mediaNetwork(env, logger);
      // Minted at start, without waiting for a first browser.
      await eventually("Twilio's servers", () =>
        media.peerOptions("whatsapp").iceServers?.some((s) => s.username === "nts-user-1"),
      );
      const answered = await answerWebRtcOffer(whatsappFixtureOffer({ loopback: true }), {
        ...media.peerOptions("browser"),
        gatheringTimeoutMs: 300,
      });
      legs.push(answered.leg);
      const servers = answered.leg.pc.getConfiguration().iceServers ?? [];
      const relay = servers.find((s) => String(s.urls).includes("turn:127.0.0.1:9?transport=udp"));
      expect(relay).toMatchObject({ username: "nts-user-1", credential: "nts-credential-1" });
      expect(twilioApi.sent("/Tokens.json")).toHaveLength(1);
      expect(lines.join("\n")).not.toContain(AUTH_TOKEN);
    } finally {
      twilioApi.stop();
    }
  });

  test("the operator's Twilio account needs both its SID and its auth token", () => {
    expect(() => readEnv({ TWILIO_ACCOUNT_SID: ACCOUNT_SID })).toThrow(
      "TWILIO_AUTH_TOKEN: must be set with TWILIO_ACCOUNT_SID",
    );
    expect(() => readEnv({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })).toThrow(
      "TWILIO_ACCOUNT_SID: must be set with TWILIO_AUTH_TOKEN",
    );
    expect(() => readEnv({ TWILIO_ACCOUNT_SID: "AC123", TWILIO_AUTH_TOKEN: "x" })).toThrow(
      "TWILIO_ACCOUNT_SID: must be a Twilio account SID",
    );
  });

  test("a range smaller than MAX_CALLS_PER_MACHINE is reported at startup", () => {
    const { logger, lines } = memoryLogger("info");
    mediaNetwork(readEnv({ RTC_PORT_RANGE: "40000-40009", MAX_CALLS_PER_MACHINE: "50" }), logger);
    expect(lines.join("\n")).toContain("RTC_PORT_RANGE has fewer ports than MAX_CALLS_PER_MACHINE");
    const quiet = memoryLogger("info");
    mediaNetwork(readEnv({ RTC_PORT_RANGE: "40000-40099" }), quiet.logger);
    expect(quiet.lines).toEqual([]);
  });

  test("a browser call connects and greets with the range set and loopback announced", async () => {
    const sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
    try {
      const env = readEnv({
        RTC_PORT_RANGE: `${base + 10}-${base + 12}`,
        RTC_PUBLIC_IP: "127.0.0.1",
      });
      api = await startTestApi({
        modelBaseUrl: sim.url,
        peerOptions: mediaNetwork(env).peerOptions("browser"),
      });
      const { key } = await api.tenantWithKey();
      const agentId = await publishedAgent(api, key);
      // The caller keeps only 127.0.0.1 candidates: the call must connect on the announced one.
      const caller = new CallerPeer();
      callers.push(caller);
      const res = await api.call("POST", "/v1/calls/web", {
        key,
        body: { agentId, sdp: await caller.offer() },
      });
      expect(res.status).toBe(201);
      const hosts = [...res.body.sdp.matchAll(/ udp \d+ (\S+) (\d+) typ host/g)];
      const v4 = hosts.filter(([, address]) => !address.includes(":"));
      expect(v4.map(([, address]) => address)).toEqual(["127.0.0.1"]);
      for (const [, , port] of hosts) {
        expect(Number(port)).toBeGreaterThanOrEqual(base + 10);
        expect(Number(port)).toBeLessThanOrEqual(base + 12);
      }
      await caller.answer(res.body.sdp);
      await caller.waitForConnected();
      await eventually("the greeting to be heard", () => caller.audibleMs() > 500, 10_000);
    } finally {
      await api?.close();
      api = undefined;
      sim.stop();
    }
  });

  test("a browser call finding every port of the range taken gets 429 with the reason", async () => {
    const sim = await startModelSimulator({ pacing: { playbackSpeed: 3, firstAudioDelayMs: 20 } });
    try {
      const env = readEnv({ RTC_PORT_RANGE: `${base + 20}-${base + 20}` });
      api = await startTestApi({
        modelBaseUrl: sim.url,
        peerOptions: mediaNetwork(env).peerOptions("browser"),
      });
      const { key } = await api.tenantWithKey();
      const agentId = await publishedAgent(api, key);
      const dial = async () => {
        const caller = new CallerPeer();
        callers.push(caller);
        const body = { agentId, sdp: await caller.offer() };
        return { caller, res: await api?.call("POST", "/v1/calls/web", { key, body }) };
      };
      const first = await dial();
      expect(first.res?.status).toBe(201);
      const legsBefore = liveWebRtcLegs();
      const second = await dial();
      expect(second.res?.status).toBe(429);
      expect(second.res?.body.error.message).toContain("no free media port on the gateway");
      expect(liveWebRtcLegs()).toBe(legsBefore);
      // The first call is unharmed.
      await first.caller.answer(first.res?.body.sdp);
      await first.caller.waitForConnected();
    } finally {
      await api?.close();
      api = undefined;
      sim.stop();
    }
  });
});
