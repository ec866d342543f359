import { expect, test } from "bun:test";
import { readGraphFailure } from "./graph-errors";

const graph = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: "m", type: "OAuthException", code, fbtrace_id: "T", ...extra },
});

test("successes are not failures", () => {
  expect(readGraphFailure(200, { success: true })).toBeNull();
  expect(readGraphFailure(200, null)).toBeNull();
});

test("Graph codes decide the category before the HTTP status does", () => {
  const cases: Array<[number, unknown, string]> = [
    [400, graph(138006), "no_permission"],
    [401, graph(190), "auth"],
    [400, graph(190), "auth"],
    [403, graph(10), "auth"],
    [400, graph(130429), "rate_limited"],
    [400, graph(4), "rate_limited"],
    [500, graph(1), "server"],
    [400, graph(2), "server"],
    [400, graph(131000, { is_transient: true }), "server"],
    [400, graph(100), "invalid_request"],
    [404, graph(100), "not_found"],
    [429, null, "rate_limited"],
    [502, "<html>bad gateway</html>", "server"],
    [401, null, "auth"],
  ];
  for (const [status, body, category] of cases) {
    expect([status, body, readGraphFailure(status, body)?.category]).toEqual([
      status,
      body,
      category,
    ]);
  }
});

test("the code, subcode and trace id are kept for the record", () => {
  expect(readGraphFailure(400, graph(138006, { error_subcode: 2494010 }))).toEqual({
    category: "no_permission",
    message: "m (code 138006)",
    code: 138006,
    subcode: 2494010,
    traceId: "T",
  });
});
