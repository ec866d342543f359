import { afterAll, expect, test } from "bun:test";
import { FakeGraphApi } from "./fake-graph-api";

const graph = new FakeGraphApi();
afterAll(() => graph.stop());

const post = (path: string, body: unknown, token = graph.accessToken) =>
  fetch(`${graph.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

test("answers off-contract bodies with Graph's error envelope, as Meta does", async () => {
  const response = await post("/1/calls", {
    messaging_product: "whatsapp",
    action: "accept",
    call_id: "c",
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: {
      type: "OAuthException",
      fbtrace_id: "AfakeTrace",
      message: "(#100) Invalid parameter: session",
      code: 100,
    },
  });
  expect((await post("/1/calls", { action: "terminate", call_id: "c" })).status).toBe(400);
  expect((await post("/1/settings", {})).status).toBe(400);
});

test("records each request with its path, query, headers and body", async () => {
  graph.requests.length = 0;
  await post(
    "/1/calls",
    { messaging_product: "whatsapp", action: "terminate", call_id: "c" },
    "bad",
  );
  expect(graph.requests).toEqual([
    expect.objectContaining({
      method: "POST",
      path: "/1/calls",
      query: {},
      body: { messaging_product: "whatsapp", action: "terminate", call_id: "c" },
      headers: expect.objectContaining({ authorization: "Bearer bad" }),
    }),
  ]);
});

test("a fault applies to as many matching requests as it says, then the normal answer resumes", async () => {
  graph.fail({ action: "terminate" }, { status: 500, error: { message: "x", code: 1 }, times: 2 });
  const body = { messaging_product: "whatsapp", action: "terminate", call_id: "c" };
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await post("/1/calls", body)).status);
  expect(statuses).toEqual([500, 500, 200]);
});
