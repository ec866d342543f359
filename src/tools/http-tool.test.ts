import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { runWithDeadline } from "../calls/tool-calls";
import type { ToolOwner } from "../calls/tool-port";
import { type ToolConfig, ToolSchema } from "../domain/agent-tools";
import type { CredentialValues } from "../domain/credentials";
import { memoryLogger } from "../log/logger";
import { EgressPolicy } from "../net/egress-guard";
import type { Lookup } from "../net/guarded-fetch";
import { ExternalToolRunner } from "./tool-runner";

/** The business's booking service, as a local server that records what it is sent. */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}
const seen: Seen[] = [];
let aborted = 0;
let service: ReturnType<typeof Bun.serve>;
/** A server the tools must never reach (127.0.0.2 is outside the allowed range). */
let forbidden: ReturnType<typeof Bun.serve>;
let forbiddenHits = 0;

beforeAll(() => {
  service = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(request.headers),
        body: await request.text(),
      });
      if (url.pathname === "/slow") {
        request.signal.addEventListener("abort", () => aborted++);
        await Bun.sleep(3000);
      }
      if (url.pathname === "/full") return new Response("no slots left that day", { status: 409 });
      if (url.pathname === "/huge") return new Response("x".repeat(2_000_000));
      if (url.pathname === "/empty") return new Response(null, { status: 204 });
      if (url.pathname === "/redirect") {
        const to = url.searchParams.get("to") ?? "/";
        return new Response(null, { status: 302, headers: { location: to } });
      }
      return Response.json({ slots: ["10:00", "11:30"] });
    },
  });
  forbidden = Bun.serve({
    hostname: "127.0.0.2",
    port: 0,
    fetch() {
      forbiddenHits++;
      return new Response("you should not be here");
    },
  });
});
afterAll(() => {
  service.stop(true);
  forbidden.stop(true);
});

const base = () => `http://127.0.0.1:${service.port}`;
const credentials: Record<string, CredentialValues> = {
  "booking-bearer": { kind: "http_auth", scheme: "bearer", value: "bk-secret-token" },
  "booking-basic": { kind: "http_auth", scheme: "basic", username: "clinic", password: "pa:ss" },
  "booking-header": {
    kind: "http_auth",
    scheme: "header",
    headerName: "X-Api-Key",
    value: "key-123",
  },
  wati: { kind: "wati", watiTenantId: "1", token: "t" },
};
/** Test DNS: names that point at the local servers. */
const lookup: Lookup = async (name) => {
  const table: Record<string, string> = {
    "booking.example.test": "127.0.0.1",
    "internal.example.test": "127.0.0.2",
    "mixed.example.test": "127.0.0.2",
  };
  const address = table[name];
  if (!address) throw new Error("ENOTFOUND");
  return name === "mixed.example.test"
    ? [{ address: "93.184.216.34" }, { address }]
    : [{ address }];
};

function runner(allow: string[] = ["127.0.0.1/32"]) {
  const log = memoryLogger();
  const tools = new ExternalToolRunner({
    egress: EgressPolicy.allowing(allow),
    reveal: async (_tenant, name) => {
      const found = credentials[name];
      if (!found) throw new Error("not found");
      return found;
    },
    log: log.logger,
    lookup,
  });
  return { tools, log };
}

const OWNER: ToolOwner = { tenantId: "ten_1", agentId: "agt_1", version: "v1" };
const VARIABLES = { clinic: "north side", contact_number: "919800000002" };

function httpTool(fields: Record<string, unknown>): ToolConfig {
  return v.parse(ToolSchema, {
    type: "http",
    name: "check_slots",
    description: "Free slots",
    url: `${base()}/clinics/{{clinic}}/slots/{day}`,
    ...fields,
  });
}

async function run(tool: ToolConfig, args: unknown, allow?: string[]) {
  const { tools } = runner(allow);
  const box = tools.open(OWNER, [tool], VARIABLES);
  return runWithDeadline(box, "check_slots", JSON.stringify(args), new AbortController().signal);
}

describe("HTTP tools", () => {
  test("POST: placeholders filled and encoded, the other arguments as JSON, the bearer credential sent", async () => {
    seen.length = 0;
    const tool = httpTool({
      credential: "booking-bearer",
      headers: { "X-Caller": "{{contact_number}}" },
    });
    const outcome = await run(tool, { day: "mon/tue", people: 2, notes: { wheelchair: true } });
    expect(outcome).toMatchObject({ status: "ok", output: '{"slots":["10:00","11:30"]}' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: "/clinics/north%20side/slots/mon%2Ftue",
      body: '{"people":2,"notes":{"wheelchair":true}}',
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: "Bearer bk-secret-token",
      "content-type": "application/json",
      "x-caller": "919800000002",
    });
  });

  test("GET: the arguments go as the query; basic and named-header credentials", async () => {
    seen.length = 0;
    await run(httpTool({ method: "GET", credential: "booking-basic" }), {
      day: "mon",
      people: 2,
      tags: ["a", "b"],
    });
    expect(seen[0]).toMatchObject({
      method: "GET",
      query: { people: "2", tags: '["a","b"]' },
      body: "",
    });
    expect(seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("clinic:pa:ss").toString("base64")}`,
    );
    await run(httpTool({ method: "DELETE", credential: "booking-header" }), { day: "mon" });
    expect(seen[1]?.headers["x-api-key"]).toBe("key-123");
  });

  test("a long answer is cut to the tool's limit, and the cut is said", async () => {
    const outcome = await run(httpTool({ url: `${base()}/huge`, maxOutputChars: 500 }), {});
    expect(outcome.output?.startsWith("x".repeat(500))).toBe(true);
    expect(outcome.output).toContain("[cut to 500 characters]");
    expect(outcome.output?.length).toBeLessThan(600);
    const empty = await run(httpTool({ url: `${base()}/empty` }), {});
    expect(empty.output).toBe("done (HTTP 204, no content)");
  });

  test("an error answer fails the tool with its status and a little of what it said", async () => {
    const outcome = await run(httpTool({ url: `${base()}/full` }), {});
    expect(outcome).toMatchObject({
      status: "error",
      error: "the service answered HTTP 409: no slots left that day",
      reason: "http_status",
    });
  });

  test("bad arguments and missing credentials fail before anything is sent", async () => {
    seen.length = 0;
    expect((await run(httpTool({}), {})).error).toBe("day is required");
    expect((await run(httpTool({}), { day: ".." })).error).toBe("day is not a valid value");
    expect((await run(httpTool({}), [1, 2])).error).toBe("the arguments must be a JSON object");
    const missing = await run(httpTool({ credential: "nope" }), { day: "mon" });
    expect(missing.error).toBe("the credential nope is not set");
    const wrongKind = await run(httpTool({ credential: "wati" }), { day: "mon" });
    expect(wrongKind.error).toBe("the credential wati is not an http_auth credential");
    expect(seen).toEqual([]);
  });

  test("a slow service times out, and its request is cancelled", async () => {
    aborted = 0;
    const outcome = await run(httpTool({ url: `${base()}/slow`, timeoutMs: 200 }), {});
    expect(outcome).toMatchObject({ status: "timeout", error: "no answer within 0.2 s" });
    await Bun.sleep(100);
    expect(aborted).toBe(1);
  });
});

describe("the egress guard on HTTP tools", () => {
  test("every forbidden address class is refused, and nothing is sent", async () => {
    const cases: Array<[string, string]> = [
      ["http://127.0.0.2:1/", "loopback"],
      ["http://[::1]:1/", "loopback"],
      ["http://10.1.2.3/", "private network"],
      ["http://192.168.1.1/", "private network"],
      ["http://[fd00::1]/", "private network"],
      ["http://169.254.169.254/latest/meta-data", "cloud metadata"],
      ["http://metadata.google.internal/", "cloud metadata"],
      ["http://169.254.10.10/", "link-local"],
      ["http://[fe80::1]/", "link-local"],
      ["http://100.64.0.1/", "carrier-grade NAT"],
      ["http://224.0.0.1/", "multicast"],
      ["http://0.0.0.0/", "unspecified"],
      ["http://255.255.255.255/", "broadcast"],
      ["http://240.0.0.1/", "reserved"],
      ["http://[::ffff:10.0.0.1]/", "private network"],
    ];
    for (const [url, why] of cases) {
      const outcome = await run(httpTool({ url }), {});
      expect(outcome.status).toBe("error");
      expect(outcome.reason).toBe("egress_refused");
      expect(outcome.error).toContain(why);
    }
    expect(forbiddenHits).toBe(0);
  });

  test("a name resolving to a forbidden address is refused before connecting", async () => {
    for (const host of ["internal.example.test", "mixed.example.test"]) {
      const url = `http://${host}:${forbidden.port}/slots`;
      const outcome = await run(httpTool({ url }), {});
      expect(outcome.reason).toBe("egress_refused");
      expect(outcome.error).toContain("(127.0.0.2)");
    }
    expect(forbiddenHits).toBe(0);
    // The same name machinery reaches an allowed address.
    const allowed = await run(
      httpTool({ url: `http://booking.example.test:${service.port}/x` }),
      {},
    );
    expect(allowed.status).toBe("ok");
  });

  test("a redirect to a forbidden address, by number or by name, is refused", async () => {
    seen.length = 0;
    for (const to of [
      `http://127.0.0.2:${forbidden.port}/`,
      `http://internal.example.test:${forbidden.port}/`,
      "http://169.254.169.254/latest/meta-data",
    ]) {
      const url = `${base()}/redirect?to=${encodeURIComponent(to)}`;
      const outcome = await run(httpTool({ url, method: "GET" }), {});
      expect(outcome.reason).toBe("egress_refused");
      expect(outcome.error).toContain("refused a redirect");
    }
    expect(seen).toHaveLength(3);
    expect(forbiddenHits).toBe(0);
  });

  test("ALLOW_PRIVATE_EGRESS opens the ranges it names, and only those", async () => {
    const open = await run(httpTool({ url: `http://127.0.0.2:${forbidden.port}/` }), {}, [
      "127.0.0.2/32",
    ]);
    expect(open.status).toBe("ok");
    expect(forbiddenHits).toBe(1);
    const closed = await run(httpTool({ url: `${base()}/x` }), {}, ["127.0.0.2/32"]);
    expect(closed.reason).toBe("egress_refused");
  });
});
