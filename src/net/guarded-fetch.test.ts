import { afterEach, describe, expect, test } from "bun:test";
import { EgressPolicy, EgressRefused } from "./egress-guard";
import { guardedFetch, type Lookup } from "./guarded-fetch";

interface Seen {
  method: string;
  path: string;
  host: string | null;
  authorization: string | null;
  body: string;
}

/** A real local server that records what reached it. */
function server(
  hostname: string,
  answer: (url: URL) => Response = () => Response.json({}),
  port = 0,
) {
  const seen: Seen[] = [];
  const running = Bun.serve({
    hostname,
    port,
    fetch: async (request) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname,
        host: request.headers.get("host"),
        authorization: request.headers.get("authorization"),
        body: await request.text(),
      });
      return answer(url);
    },
  });
  servers.push(running);
  return { seen, port: running.port as number, url: `http://${hostname}:${running.port}` };
}

const servers: Array<ReturnType<typeof Bun.serve>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

const redirectTo =
  (location: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location } });

/** The refusal a fetch ended in (failing the test if it did not end in one). */
async function refusal(pending: Promise<Response>): Promise<EgressRefused> {
  const error = await pending.then(
    () => new Error("the request was sent"),
    (e: unknown) => e,
  );
  if (!(error instanceof EgressRefused)) throw error;
  return error;
}

const onlyFirst = EgressPolicy.allowing(["127.0.0.1/32"]);

describe("without an allow-list", () => {
  const plain = guardedFetch({ policy: EgressPolicy.publicOnly });

  test("a loopback URL is refused and nothing reaches the server", async () => {
    const local = server("127.0.0.1");
    const refused = await refusal(plain(`${local.url}/t/secret-path`));
    expect(refused.reason).toBe("loopback");
    expect(refused.message).not.toContain("secret-path");
    expect(local.seen).toEqual([]);
  });

  test("a name that resolves to loopback is refused after the lookup", async () => {
    const local = server("127.0.0.1");
    const refused = await refusal(plain(`http://localhost:${local.port}/`));
    expect(refused.reason).toBe("loopback");
    expect(refused.message).toBe(
      `refused to connect to localhost:${local.port} (127.0.0.1): it is a loopback address`,
    );
    expect(local.seen).toEqual([]);
  });

  test("a name with any one forbidden address among public ones is refused", async () => {
    const lookup: Lookup = async () => [{ address: "93.184.215.14" }, { address: "10.0.0.7" }];
    const refused = await refusal(
      guardedFetch({ policy: EgressPolicy.publicOnly, lookup })("https://api.example.com/"),
    );
    expect(refused.reason).toBe("private");
  });
});

describe("with the allow-list naming one address", () => {
  test("a request reaches it with its method, body and headers", async () => {
    const allowed = server("127.0.0.1");
    const fetch = guardedFetch({ policy: onlyFirst });
    const response = await fetch(`${allowed.url}/calls`, {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
    expect(allowed.seen).toEqual([
      {
        method: "POST",
        path: "/calls",
        host: `127.0.0.1:${allowed.port}`,
        authorization: "Bearer t",
        body: '{"a":1}',
      },
    ]);
  });

  test("a redirect to another loopback address is refused before it is followed", async () => {
    const forbidden = server("127.0.0.2");
    const allowed = server("127.0.0.1", redirectTo(`${forbidden.url}/admin`));
    const refused = await refusal(guardedFetch({ policy: onlyFirst })(`${allowed.url}/`));
    expect(refused.reason).toBe("loopback");
    expect(refused.message).toBe(
      `refused a redirect to 127.0.0.2:${forbidden.port}: it is a loopback address`,
    );
    expect(allowed.seen.length).toBe(1);
    expect(forbidden.seen).toEqual([]);
  });

  test("a redirect to the metadata service is refused", async () => {
    const allowed = server(
      "127.0.0.1",
      redirectTo("http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
    );
    const refused = await refusal(guardedFetch({ policy: onlyFirst })(`${allowed.url}/`));
    expect(refused.reason).toBe("metadata");
    expect(refused.message).not.toContain("security-credentials");
  });

  test("a redirect to a name that resolves inside is refused", async () => {
    const forbidden = server("127.0.0.2");
    const allowed = server("127.0.0.1", redirectTo(`http://internal.example:${forbidden.port}/`));
    const lookup: Lookup = async (name) => [
      { address: name === "internal.example" ? "127.0.0.2" : "127.0.0.1" },
    ];
    const refused = await refusal(guardedFetch({ policy: onlyFirst, lookup })(`${allowed.url}/`));
    expect(refused.reason).toBe("loopback");
    expect(forbidden.seen).toEqual([]);
  });

  test("redirects to other schemes or without a valid Location are refused", async () => {
    const fetch = guardedFetch({ policy: onlyFirst });
    const toFile = server("127.0.0.1", redirectTo("file:///etc/passwd"));
    expect((await refusal(fetch(`${toFile.url}/`))).reason).toBe("scheme");
    const broken = server("127.0.0.1", redirectTo("http://[::1"));
    expect((await refusal(fetch(`${broken.url}/`))).reason).toBe("bad_redirect");
  });

  test("an endless redirect stops after the limit", async () => {
    const loop = server("127.0.0.1", redirectTo("/again"));
    const refused = await refusal(guardedFetch({ policy: onlyFirst, maxRedirects: 2 })(loop.url));
    expect(refused.reason).toBe("too_many_redirects");
    expect(loop.seen.length).toBe(3);
  });
});

describe("following allowed redirects as fetch does", () => {
  test("307 keeps the method and body; another origin gets no Authorization", async () => {
    const target = server("127.0.0.1");
    const first = server("127.0.0.1", redirectTo(`${target.url}/moved`, 307));
    const response = await guardedFetch({ policy: onlyFirst })(`${first.url}/calls`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: "x=1",
    });
    expect(response.status).toBe(200);
    expect(target.seen).toEqual([
      {
        method: "POST",
        path: "/moved",
        host: `127.0.0.1:${target.port}`,
        authorization: null,
        body: "x=1",
      },
    ]);
  });

  test("303 becomes a GET without the body; the same origin keeps Authorization", async () => {
    const site = server("127.0.0.1", (url) =>
      url.pathname === "/done" ? Response.json({}) : redirectTo("/done", 303)(),
    );
    await guardedFetch({ policy: onlyFirst })(`${site.url}/submit`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: "x=1",
    });
    expect(site.seen.at(-1)).toMatchObject({
      method: "GET",
      path: "/done",
      authorization: "Bearer t",
      body: "",
    });
  });
});

describe("DNS rebinding", () => {
  test("the request goes to the address that was checked, not to a second lookup's", async () => {
    // Same port on two addresses: the checked one (allowed) and the one the system resolver
    // gives for `localhost` (forbidden). A fetch by name would land on the forbidden one.
    const [checked, other] = onOnePort("127.0.0.2", "127.0.0.1");
    const lookup: Lookup = async () => [{ address: "127.0.0.2" }];
    const fetch = guardedFetch({ policy: EgressPolicy.allowing(["127.0.0.2/32"]), lookup });
    const response = await fetch(`http://localhost:${checked.port}/path`);
    expect(response.status).toBe(200);
    expect(checked.seen).toEqual([
      {
        method: "GET",
        path: "/path",
        host: `localhost:${checked.port}`,
        authorization: null,
        body: "",
      },
    ]);
    expect(other.seen).toEqual([]);
  });
});

describe("failures that are not refusals", () => {
  test("a closed port fails naming only the host", async () => {
    const closed = server("127.0.0.1");
    servers.pop()?.stop(true);
    const error = await guardedFetch({ policy: onlyFirst })(`${closed.url}/t/secret-path`).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(EgressRefused);
    expect(String(error)).toContain(`request to 127.0.0.1:${closed.port} failed`);
    expect(String(error)).not.toContain("secret-path");
  });

  test("a lookup that never answers ends at the timeout", async () => {
    const lookup: Lookup = () => new Promise(() => {});
    const fetch = guardedFetch({ policy: onlyFirst, lookup, timeoutMs: 50 });
    const error = await fetch("http://slow.example/").catch((e: Error) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
  });

  test("a name that does not resolve says so", async () => {
    const lookup: Lookup = async () => [];
    const error = await guardedFetch({ policy: onlyFirst, lookup })("http://gone.example/").catch(
      (e: Error) => e,
    );
    expect(String(error)).toContain("could not resolve gone.example");
  });
});

/** Two servers on one port number, one per address (tried again if the port is taken). */
function onOnePort(first: string, second: string) {
  for (let attempt = 1; ; attempt++) {
    const one = server(first);
    try {
      return [one, server(second, () => Response.json({ wrong: true }), one.port)] as const;
    } catch (error) {
      if (attempt >= 5) throw error;
      servers.pop()?.stop(true);
    }
  }
}
