import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eventually } from "../../test/eventually";
import { FakeTwilioApi } from "../../test/twilio-api/server";
import { ACCOUNT_SID, AUTH_TOKEN } from "../../test/twilio-side";
import { memoryLogger } from "../log/logger";
import { twilioRest } from "../telephony/twilio-rest";
import { IceServerSource } from "./turn-credentials";
import { TwilioTurn } from "./twilio-turn";

const HOUR = 3_600_000;
let twilioApi: FakeTwilioApi;
let clock = Date.UTC(2026, 10, 26, 12, 0, 0);
const { logger, lines } = memoryLogger("debug");

beforeEach(() => {
  twilioApi = new FakeTwilioApi({ [ACCOUNT_SID]: AUTH_TOKEN });
});
afterEach(() => twilioApi.stop());

function twilioTurn(ttlSeconds = 86_400) {
  const rest = twilioRest({ baseUrl: twilioApi.url });
  return new TwilioTurn({
    mint: (ttl) => rest.traversalToken({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, ttl),
    ttlSeconds,
    log: logger,
    now: () => clock,
  });
}

const turnUser = (servers: RTCIceServer[]) =>
  servers.find((server) => String(server.urls).startsWith("turn:"))?.username;

describe("TURN credentials from Twilio's Network Traversal Service", () => {
  test("minted once with the account's credentials, then served from the cache", async () => {
    const turn = twilioTurn();
    const first = await turn.current();
    expect(first.map((s) => s.urls)).toEqual([
      "stun:127.0.0.1:9",
      "turn:127.0.0.1:9?transport=udp",
      "turn:127.0.0.1:9?transport=tcp",
    ]);
    expect(turnUser(first)).toBe("nts-user-1");
    expect(first[1]?.credential).toBe("nts-credential-1");
    const [request] = twilioApi.sent("/Tokens.json");
    expect(request?.account).toBe(ACCOUNT_SID);
    expect(request?.form.get("Ttl")).toBe("86400");

    clock += HOUR;
    expect(await turn.current()).toEqual(first);
    expect(turn.cached()).toEqual(first);
    expect(twilioApi.sent("/Tokens.json")).toHaveLength(1);
  });

  test("minted again once what is cached would not outlast the longest call; never more than a day", async () => {
    const start = clock;
    const turn = twilioTurn(604_800);
    expect(turnUser(await turn.current())).toBe("nts-user-1");
    // Twilio grants a day at most; a call may last 4 hours: fresh ones from 19 h 55 min on.
    expect(twilioApi.sent("/Tokens.json")[0]?.form.get("Ttl")).toBe("86400");
    clock = start + 19.9 * HOUR;
    expect(turnUser(await turn.current())).toBe("nts-user-1");
    clock = start + 20 * HOUR;
    expect(turnUser(await turn.current())).toBe("nts-user-2");
    expect(twilioApi.sent("/Tokens.json")).toHaveLength(2);
    // Requests at the same moment share one mint.
    clock = start + 40 * HOUR;
    const together = await Promise.all([turn.current(), turn.current(), turn.current()]);
    expect(together.map(turnUser)).toEqual(["nts-user-3", "nts-user-3", "nts-user-3"]);
    expect(twilioApi.sent("/Tokens.json")).toHaveLength(3);
  });

  test("a short lifetime is minted again halfway through it", async () => {
    const start = clock;
    const turn = twilioTurn(3600);
    await turn.current();
    clock = start + 0.49 * HOUR;
    await turn.current();
    clock = start + 0.5 * HOUR;
    await turn.current();
    expect(twilioApi.sent("/Tokens.json").map((r) => r.form.get("Ttl"))).toEqual(["3600", "3600"]);
  });

  test("when Twilio fails, browsers get the other servers and Twilio is asked again after 30 s", async () => {
    const start = clock;
    const turn = twilioTurn();
    twilioApi.fail({ path: "/Tokens.json", status: 500, code: 20500 });
    const ice = new IceServerSource([{ urls: "stun:stun.example.org" }], undefined, turn);
    expect(await ice.forBrowser("ten_x")).toEqual([{ urls: "stun:stun.example.org" }]);
    clock = start + 29_000;
    expect(await ice.forBrowser("ten_x")).toEqual([{ urls: "stun:stun.example.org" }]);
    expect(twilioApi.sent("/Tokens.json")).toHaveLength(1);
    clock = start + 30_000;
    expect(turnUser(await ice.forBrowser("ten_x"))).toBe("nts-user-1");
    expect(lines.join("\n")).toContain("Twilio TURN credentials could not be minted");
    expect(lines.join("\n")).not.toContain(AUTH_TOKEN);
    expect(lines.join("\n")).not.toContain("nts-credential");
  });

  test("the gateway's own peers take what is cached without waiting, and start a mint when due", async () => {
    const turn = twilioTurn();
    const ice = new IceServerSource([], undefined, turn);
    expect(ice.forPeer("gateway")).toEqual([]);
    expect(await eventually("the mint", () => turnUser(ice.forPeer("gateway")))).toBe("nts-user-1");
    expect(twilioApi.sent("/Tokens.json")).toHaveLength(1);
  });
});
