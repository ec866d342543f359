import { afterAll, describe, expect, test } from "bun:test";
import { FakeGraphApi } from "../../test/fake-graph-api";
import { FakeWatiApi } from "../../test/fake-wati-api";
import { EgressPolicy } from "../net/egress-guard";
import { createWhatsAppProvider } from "./create-whatsapp-provider";
import { ProviderError } from "./provider-error";

const graph = new FakeGraphApi();
const wati = new FakeWatiApi();
afterAll(() => {
  graph.stop();
  wati.stop();
});

const ANSWER = "v=0\r\ns=-\r\n";

test("a Meta line talks to the configured Graph URL under its phone number id", async () => {
  const provider = createWhatsAppProvider(
    {
      credential: { kind: "whatsapp_cloud", accessToken: graph.accessToken, appSecret: "s" },
      phoneNumberId: "106540352242922",
    },
    { graphUrl: graph.url, watiBaseUrl: wati.url },
  );
  expect(provider.channel).toBe("whatsapp_cloud");
  expect(provider.capabilities.preAccept).toBe(true);
  await provider.terminate("wacid.X");
  expect(graph.requests.at(-1)?.path).toBe("/106540352242922/calls");
});

test("a Wati line uses the credential's base URL before WATI_BASE_URL", async () => {
  const credential = { kind: "wati" as const, watiTenantId: wati.tenantId, token: wati.token };
  const fromSetting = createWhatsAppProvider(
    { credential, businessNumber: "15550001111" },
    { watiBaseUrl: wati.url },
  );
  await fromSetting.accept("wati-call-0001", ANSWER);
  const fromCredential = createWhatsAppProvider(
    { credential: { ...credential, baseUrl: wati.url }, businessNumber: "15550001111" },
    // The fake listens on loopback: the allow-list must name it for a tenant's URL to reach it.
    { watiBaseUrl: "http://127.0.0.1:9", egress: EgressPolicy.allowing(["127.0.0.1/32"]) },
  );
  await fromCredential.accept("wati-call-0002", ANSWER);
  expect(wati.requests.map((r) => r.path)).toEqual([
    `${wati.callsPath}/wati-call-0001/accept`,
    `${wati.callsPath}/wati-call-0002/accept`,
  ]);
});

test("a Wati line with no base URL anywhere is refused up front", () => {
  const credential = { kind: "wati" as const, watiTenantId: "1001", token: "t" };
  expect(() => createWhatsAppProvider({ credential, businessNumber: "15550001111" })).toThrow(
    ProviderError,
  );
});

describe("a Wati credential's own base URL goes through the egress guard", () => {
  const credential = { kind: "wati" as const, watiTenantId: wati.tenantId, token: wati.token };
  const line = (baseUrl: string) => ({
    credential: { ...credential, baseUrl },
    businessNumber: "1",
  });

  test("on loopback without an allow-list: refused, not retried, nothing sent", async () => {
    const before = wati.requests.length;
    for (const baseUrl of [wati.url, wati.url.replace("127.0.0.1", "localhost")]) {
      const provider = createWhatsAppProvider(line(baseUrl), { watiBaseUrl: wati.url });
      const error = await provider.terminate("wati-call-0003").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ category: "egress_refused", attempts: 1, retryable: false });
      expect((error as Error).message).toMatch(
        /^wati terminate failed: refused to connect to (127\.0\.0\.1|localhost):\d+.*: it is a loopback address$/,
      );
    }
    expect(wati.requests.length).toBe(before);
  });

  test("the allow-list opens only the ranges it names", async () => {
    const provider = createWhatsAppProvider(line(wati.url), {
      egress: EgressPolicy.allowing(["10.0.0.0/8", "127.0.0.2/32"]),
    });
    const error = await provider.terminate("wati-call-0004").catch((e: unknown) => e);
    expect(error).toMatchObject({ category: "egress_refused" });
  });
});
