import { RedisClient } from "bun";

export interface UpstashRestServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

type Reply = string | number | null | Reply[];

/**
 * A local server speaking Upstash's REST protocol, backed by a real Redis: a POST of one JSON
 * command array to `/` answers `{result}` or `{error}` (400); `/pipeline` takes an array of
 * commands and answers one `{result}`/`{error}` each; `/multi-exec` runs them in one MULTI/EXEC.
 * `Authorization: Bearer <token>` is required (401 otherwise). With `Upstash-Encoding: base64`,
 * strings in results are base64 (except "OK"), as Upstash does. Translation only: Redis does
 * every command.
 */
export async function startUpstashRestServer(redisUrl: string): Promise<UpstashRestServer> {
  const token = `test-token-${crypto.randomUUID()}`;
  const redis = new RedisClient(redisUrl);
  await redis.connect();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      if (request.method !== "POST") return Response.json({ error: "POST only" }, { status: 405 });
      if (request.headers.get("authorization") !== `Bearer ${token}`)
        return Response.json({ error: "Unauthorized" }, { status: 401 });
      const base64 = request.headers.get("upstash-encoding")?.toLowerCase() === "base64";
      const encode = (reply: Reply) => (base64 ? toBase64(reply) : reply);
      const body = (await request.json().catch(() => undefined)) as unknown;
      const path = new URL(request.url).pathname;
      if (path === "/") {
        if (!isCommand(body)) return badRequest("the body must be a JSON array of strings");
        const outcome = await run(redis, body);
        return "error" in outcome
          ? Response.json(outcome, { status: 400 })
          : Response.json({ result: encode(outcome.result) });
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || !body.every(isCommand))
          return badRequest("the body must be a JSON array of command arrays");
        const outcomes =
          path === "/pipeline"
            ? await Promise.all(body.map((command) => run(redis, command)))
            : await transaction(redisUrl, body);
        return Response.json(
          outcomes.map((outcome) =>
            "error" in outcome ? outcome : { result: encode(outcome.result) },
          ),
        );
      }
      return Response.json({ error: "Not found" }, { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    token,
    async close() {
      await server.stop(true);
      redis.close();
    },
  };
}

const badRequest = (error: string) => Response.json({ error }, { status: 400 });

function isCommand(body: unknown): body is (string | number)[] {
  return (
    Array.isArray(body) &&
    body.length > 0 &&
    body.every((part) => typeof part === "string" || typeof part === "number")
  );
}

type Outcome = { result: Reply } | { error: string };

async function run(redis: RedisClient, [name, ...args]: (string | number)[]): Promise<Outcome> {
  try {
    return { result: asResp2(await redis.send(String(name), args.map(String))) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** MULTI ... EXEC on a connection of its own, so no other request's command lands inside. */
async function transaction(redisUrl: string, commands: (string | number)[][]): Promise<Outcome[]> {
  const redis = new RedisClient(redisUrl, { enableAutoPipelining: false });
  try {
    await redis.send("MULTI", []);
    for (const [name, ...args] of commands) await redis.send(String(name), args.map(String));
    const results = (await redis.send("EXEC", [])) as unknown[];
    return results.map((result) =>
      result instanceof Error ? { error: result.message } : { result: asResp2(result) },
    );
  } catch (error) {
    return [{ error: (error as Error).message }];
  } finally {
    redis.close();
  }
}

/** Bun's client speaks RESP3; Upstash answers in RESP2 shapes (maps as flat arrays). */
function asResp2(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? 1 : null;
  if (Array.isArray(value)) return value.map(asResp2);
  if (typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => [key, asResp2(item)]);
  return String(value);
}

function toBase64(reply: Reply): Reply {
  if (typeof reply === "string")
    return reply === "OK" ? reply : Buffer.from(reply, "utf8").toString("base64");
  if (Array.isArray(reply)) return reply.map(toBase64);
  return reply;
}
