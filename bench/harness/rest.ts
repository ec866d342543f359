// One JSON request to a running gateway's REST API, as the benchmarks make them.

export interface RestReply<T> {
  status: number;
  body: T;
}

/** Sends `body` as JSON with the key as a Bearer token; the answer's shape is taken on trust. */
export async function restCall<T>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<RestReply<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Like restCall, but anything other than 2xx throws, naming the request and the answer. */
export async function restOk<T>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const reply = await restCall<T>(baseUrl, key, method, path, body);
  if (reply.status < 200 || reply.status >= 300) {
    throw new Error(`${method} ${path}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}
