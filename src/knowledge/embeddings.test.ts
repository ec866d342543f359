import { afterEach, describe, expect, test } from "bun:test";
import { LocalEmbedder } from "./local-embedder";
import { OpenAIEmbedder } from "./openai-embedder";

const cosine = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const length = (a: Float32Array) => Math.sqrt(cosine(a, a));

describe("the offline embedding", () => {
  const embedder = new LocalEmbedder(256);

  test("is deterministic, of the asked dimension and of length 1", () => {
    const a = embedder.embedOne("Free parking behind the building");
    expect(a.length).toBe(256);
    expect(length(a)).toBeCloseTo(1, 5);
    expect(Array.from(new LocalEmbedder(256).embedOne("Free parking behind the building"))).toEqual(
      Array.from(a),
    );
  });

  test("texts sharing words and word forms are nearer than unrelated ones", () => {
    const question = embedder.embedOne("Where do I park?");
    const parking = embedder.embedOne("Parking: patients park for free behind the building.");
    const menu = embedder.embedOne("Tiramisu and panna cotta for dessert.");
    expect(cosine(question, parking)).toBeGreaterThan(cosine(question, menu) + 0.2);
    expect(cosine(embedder.embedOne("Café"), embedder.embedOne("cafe"))).toBeCloseTo(1, 5);
  });
});

describe("the OpenAI embedding", () => {
  const servers: Array<ReturnType<typeof Bun.serve>> = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.stop(true);
  });

  test("asks the configured model and dimension, in order, and scales to length 1", async () => {
    const asked: unknown[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request) => {
        const body = (await request.json()) as { input: string[] };
        asked.push({
          path: new URL(request.url).pathname,
          auth: request.headers.get("authorization"),
          body,
        });
        // Returned out of order, unnormalised: the client must sort and scale.
        const data = body.input
          .map((_, index) => ({
            object: "embedding",
            index,
            embedding: [3 * (index + 1), 4 * (index + 1), 0],
          }))
          .reverse();
        return Response.json({
          object: "list",
          data,
          model: "text-embedding-3-small",
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
      },
    });
    servers.push(server);
    const embedder = new OpenAIEmbedder({
      apiKey: "sk-test",
      baseUrl: `http://127.0.0.1:${server.port}/v1`,
      spec: { model: "text-embedding-3-small", dimensions: 3 },
    });
    const vectors = await embedder.embed(["one", "two"]);
    expect(vectors.map((v) => Array.from(v).map((x) => Number(x.toFixed(3))))).toEqual([
      [0.6, 0.8, 0],
      [0.6, 0.8, 0],
    ]);
    expect(asked).toEqual([
      {
        path: "/v1/embeddings",
        auth: "Bearer sk-test",
        body: {
          model: "text-embedding-3-small",
          input: ["one", "two"],
          dimensions: 3,
          encoding_format: "float",
        },
      },
    ]);
  });

  test("a vector of another dimension is refused", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () =>
        Response.json({
          object: "list",
          data: [{ object: "embedding", index: 0, embedding: [1, 0] }],
        }),
    });
    servers.push(server);
    const embedder = new OpenAIEmbedder({
      apiKey: "sk-test",
      baseUrl: `http://127.0.0.1:${server.port}/v1`,
      spec: { model: "text-embedding-3-small", dimensions: 3 },
    });
    expect(embedder.embed(["one"])).rejects.toThrow("returned 2 dimensions, not 3");
  });
});
