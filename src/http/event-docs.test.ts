import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";
import { EVENT_TYPES } from "../domain/events-out";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

test("the OpenAPI document describes every event out, its body and its signature headers", async () => {
  const doc = (await api.call("GET", "/openapi.json", { key: null })).body;
  expect(Object.keys(doc.webhooks)).toEqual([...EVENT_TYPES]);
  const started = doc.webhooks["call.started"].post;
  expect(started.parameters.map((p: { name: string }) => p.name)).toEqual([
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
  ]);
  const body = started.requestBody.content["application/json"].schema;
  expect(body.required).toEqual(["type", "timestamp", "data"]);
  expect(body.properties.data.required).toContain("remoteParty");
  expect(
    doc.paths["/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/retry"],
  ).toBeDefined();
});
