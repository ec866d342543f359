import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { KnowledgeSearch } from "../calls/knowledge-port";
import { defaultAgentConfig } from "../domain/agent-config";
import { memoryLogger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import { guardedFetch } from "../net/guarded-fetch";
import { openDb } from "../store/db";
import { createStores, type Stores } from "../store/stores";
import { AgentKnowledge, type KnowledgeSettings } from "./agent-knowledge";

interface Seen {
  path: string;
  authorization: string | null;
  apiKey: string | null;
  body: unknown;
}

/** A real local server that records what reached it and answers as told. */
function server(hostname: string, answer: (path: string) => Response) {
  const seen: Seen[] = [];
  const running = Bun.serve({
    hostname,
    port: 0,
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      const text = await request.text();
      seen.push({
        path,
        authorization: request.headers.get("authorization"),
        apiKey: request.headers.get("x-api-key"),
        body: text ? JSON.parse(text) : null,
      });
      return answer(path);
    },
  });
  servers.push(running);
  return { seen, port: running.port as number, url: `http://${hostname}:${running.port}` };
}
const servers: Array<ReturnType<typeof Bun.serve>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

let stores: Stores;
let tenantId: string;
const { logger, lines } = memoryLogger("warn");
beforeAll(async () => {
  const db = await openDb({ url: ":memory:" });
  stores = await createStores(db, crypto.getRandomValues(new Uint8Array(32)));
  tenantId = (await stores.tenants.create({ name: "Clinic" })).id;
});
afterAll(() => stores.db.close());

const onlyFirstLoopback = EgressPolicy.allowing(["127.0.0.1/32"]);
/** The tenant's own collections, answering one passage. */
const own: KnowledgeSearch = {
  search: async () => [
    {
      collectionId: "kbc_own",
      documentId: "kbd_own",
      title: "Hours",
      text: "Open at nine.",
      score: 1,
    },
  ],
};

function agentKnowledge(settings: Partial<KnowledgeSettings>, policy = onlyFirstLoopback) {
  const knowledge = { ...defaultAgentConfig().knowledge, ...settings };
  return new AgentKnowledge(
    { own, credentials: stores.credentials, fetch: guardedFetch({ policy }), log: logger },
    knowledge,
  );
}

const ask = (source: KnowledgeSearch, collectionIds: string[] = []) =>
  source.search({ tenantId, collectionIds, query: "Do you take insurance?", limit: 3 });

const DIFY_ANSWER = {
  answer: "Yes, we bill your insurer.",
  metadata: {
    retriever_resources: [
      {
        document_id: "d1",
        document_name: "Payment",
        content: "We send the bill to your insurer.",
        score: 0.82,
      },
      {
        document_id: "d2",
        document_name: "Prices",
        content: "A check-up costs 45 euros.",
        score: 0.41,
      },
    ],
  },
};

describe("a Dify app as the agent's knowledge", () => {
  test("the question goes to the app with its key; its retrieved passages come back", async () => {
    const dify = server("127.0.0.1", () => Response.json(DIFY_ANSWER));
    await stores.credentials.put(tenantId, "dify-main", {
      kind: "dify",
      baseUrl: `${dify.url}/v1`,
      token: "app-secret-token",
    });
    const found = await ask(agentKnowledge({ provider: "dify", credential: "dify-main" }));
    expect(found.map((p) => [p.title, p.text])).toEqual([
      ["Payment", "We send the bill to your insurer."],
      ["Prices", "A check-up costs 45 euros."],
    ]);
    expect(dify.seen).toEqual([
      {
        path: "/v1/chat-messages",
        authorization: "Bearer app-secret-token",
        apiKey: null,
        body: {
          inputs: {},
          query: "Do you take insurance?",
          response_mode: "blocking",
          user: "astra-voice",
        },
      },
    ]);
  });

  test("a base URL whose name resolves to loopback is refused without a packet sent", async () => {
    const dify = server("127.0.0.1", () => Response.json(DIFY_ANSWER));
    await stores.credentials.put(tenantId, "dify-local", {
      kind: "dify",
      baseUrl: `http://localhost:${dify.port}/v1`,
      token: "app-secret-token",
    });
    const refused = await ask(
      agentKnowledge({ provider: "dify", credential: "dify-local" }, EgressPolicy.publicOnly),
    ).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toBe(
      `the Dify app: refused to connect to localhost:${dify.port} (127.0.0.1): it is a loopback address`,
    );
    expect(dify.seen).toEqual([]);
  });

  test("with own collections named too, both answer; a failing app leaves the collections'", async () => {
    const down = server("127.0.0.1", () => new Response("busy", { status: 503 }));
    await stores.credentials.put(tenantId, "dify-down", {
      kind: "dify",
      baseUrl: down.url,
      token: "t",
    });
    const found = await ask(
      agentKnowledge({ provider: "dify", credential: "dify-down", collections: [] }),
      ["kbc_own"],
    );
    expect(found.map((p) => p.text)).toEqual(["Open at nine."]);
    expect(
      lines.some((l) => l.includes("a knowledge source failed") && l.includes("answered 503")),
    ).toBe(true);
  });
});

describe("a retrieve endpoint (provider rag) as the agent's knowledge", () => {
  test("gets {query, limit} with the credential's header and answers passages", async () => {
    const rag = server("127.0.0.1", () =>
      Response.json({ passages: [{ title: "Payment", text: "We bill your insurer.", score: 3 }] }),
    );
    await stores.credentials.put(tenantId, "rag-key", {
      kind: "http_auth",
      scheme: "header",
      headerName: "x-api-key",
      value: "rag-secret",
    });
    const found = await ask(
      agentKnowledge({ provider: "rag", url: `${rag.url}/retrieve`, credential: "rag-key" }),
    );
    expect(found).toEqual([
      {
        collectionId: "rag",
        documentId: "rag-1",
        title: "Payment",
        text: "We bill your insurer.",
        score: 3,
      },
    ]);
    expect(rag.seen.map((s) => [s.path, s.apiKey, s.body])).toEqual([
      ["/retrieve", "rag-secret", { query: "Do you take insurance?", limit: 3 }],
    ]);
  });

  test("a redirect to another loopback address is refused before it is followed", async () => {
    const forbidden = server("127.0.0.2", () =>
      Response.json({ passages: [{ text: "internal" }] }),
    );
    const first = server(
      "127.0.0.1",
      () => new Response(null, { status: 302, headers: { location: `${forbidden.url}/admin` } }),
    );
    const refused = await ask(
      agentKnowledge({ provider: "rag", url: `${first.url}/retrieve` }),
    ).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(refused).toBe(
      `the retrieve endpoint: refused a redirect to 127.0.0.2:${forbidden.port}: it is a loopback address`,
    );
    expect(first.seen.length).toBe(1);
    expect(forbidden.seen).toEqual([]);
  });

  test("an answer not shaped as {passages: [{text}]} is a clear failure", async () => {
    const odd = server("127.0.0.1", () => Response.json({ results: ["a"] }));
    const failed = await ask(agentKnowledge({ provider: "rag", url: odd.url })).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toBe("the retrieve endpoint's answer is not {passages: [{text}]}");
  });
});

describe("without an external source", () => {
  test("the agent's collections are searched (all of the tenant's when none is named)", async () => {
    const asked: string[][] = [];
    const recording: KnowledgeSearch = {
      search: async (request) => {
        asked.push(request.collectionIds);
        return [];
      },
    };
    const knowledge = (collections: string[]) =>
      new AgentKnowledge(
        {
          own: recording,
          credentials: stores.credentials,
          fetch: guardedFetch({ policy: onlyFirstLoopback }),
          log: logger,
        },
        { ...defaultAgentConfig().knowledge, collections },
      );
    await ask(knowledge([]));
    await ask(knowledge(["kbc_a"]));
    await ask(knowledge(["kbc_a"]), ["kbc_b"]);
    expect(asked).toEqual([[], ["kbc_a"], ["kbc_b"]]);
  });
});

describe("the egress guard, for both sources", () => {
  /** The source's settings for a base URL (stored in a credential for Dify). */
  const settingsFor = async (
    source: "dify" | "rag",
    base: string,
  ): Promise<Partial<KnowledgeSettings>> => {
    if (source === "rag") return { provider: "rag", url: `${base}/retrieve` };
    await stores.credentials.put(tenantId, "dify-guarded", {
      kind: "dify",
      baseUrl: base,
      token: "t",
    });
    return { provider: "dify", credential: "dify-guarded" };
  };
  const failure = (pending: Promise<unknown>) =>
    pending.then(
      () => "answered",
      (error: Error) => error.message,
    );

  for (const source of ["dify", "rag"] as const) {
    test(`${source}: a name resolving to loopback, without ALLOW_PRIVATE_EGRESS, is never contacted`, async () => {
      const target = server("127.0.0.1", () => Response.json(DIFY_ANSWER));
      const settings = await settingsFor(source, `http://localhost:${target.port}`);
      expect(await failure(ask(agentKnowledge(settings, EgressPolicy.publicOnly)))).toContain(
        `refused to connect to localhost:${target.port} (127.0.0.1): it is a loopback address`,
      );
      expect(target.seen).toEqual([]);
    });

    test(`${source}: a redirect to 127.0.0.2 with only 127.0.0.1/32 allowed is not followed`, async () => {
      const forbidden = server("127.0.0.2", () => Response.json(DIFY_ANSWER));
      const first = server(
        "127.0.0.1",
        () => new Response(null, { status: 307, headers: { location: `${forbidden.url}/inside` } }),
      );
      const settings = await settingsFor(source, first.url);
      expect(await failure(ask(agentKnowledge(settings)))).toContain(
        `refused a redirect to 127.0.0.2:${forbidden.port}: it is a loopback address`,
      );
      expect(first.seen.length).toBe(1);
      expect(forbidden.seen).toEqual([]);
    });
  }
});
