import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../../test/api-harness";

let api: TestApi;
let doc: any;
beforeAll(async () => {
  api = await startTestApi();
  doc = (await api.call("GET", "/openapi.json", { key: null })).body;
});
afterAll(() => api.close());

const METHODS = ["get", "put", "post", "patch", "delete"];
const ERROR_REF = "#/components/schemas/Error";

/** Every operation under /v1, as [label, operation]. */
function v1Operations(): Array<[string, any]> {
  return Object.entries(doc.paths as Record<string, any>)
    .filter(([path]) => path.startsWith("/v1/"))
    .flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m): [string, any] => [`${m} ${path}`, item[m]]),
    );
}

const jsonSchemaOf = (response: any) => response?.content?.["application/json"]?.schema;

describe("the OpenAPI document", () => {
  test("names its schemas, and operations refer to them", () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "Agent",
        "AgentConfig",
        "AgentVersion",
        "Tenant",
        "ApiKey",
        "Credential",
        "Binding",
        "Conversation",
        "ConversationDetail",
        "Error",
        "AgentPage",
      ]),
    );
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(jsonSchemaOf(doc.paths["/v1/agents/{agentId}"].get.responses[200])).toEqual(
      ref("Agent"),
    );
    expect(jsonSchemaOf(doc.paths["/v1/agents"].get.responses[200])).toEqual(ref("AgentPage"));
    expect(doc.components.schemas.AgentPage.properties.data.items).toEqual(ref("Agent"));
    expect(doc.components.schemas.Agent.properties.draft).toEqual(ref("AgentConfig"));
    expect(jsonSchemaOf(doc.paths["/v1/tenants"].post.responses[201])).toEqual(ref("Tenant"));
    expect(jsonSchemaOf(doc.paths["/v1/bindings/{bindingId}"].get.responses[200])).toEqual(
      ref("Binding"),
    );
    expect(
      jsonSchemaOf(doc.paths["/v1/tenants/{tenantId}/credentials/{name}"].get.responses[200]),
    ).toEqual(ref("Credential"));
    expect(
      jsonSchemaOf(doc.paths["/v1/tenants/{tenantId}/keys/{keyId}"].get.responses[200]),
    ).toEqual(ref("ApiKey"));
    expect(jsonSchemaOf(doc.paths["/v1/conversations/{callId}"].get.responses[200])).toEqual(
      ref("ConversationDetail"),
    );
    expect(doc.paths["/v1/agents"].post.requestBody.content["application/json"].schema).toEqual(
      ref("AgentCreate"),
    );
    const config = JSON.stringify(doc.components.schemas.AgentConfig);
    expect(config).toContain("turnDetection");
    expect(config).toContain("semantic_vad");
  });

  test("every $ref points at a schema the document defines", () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      const name = ref.replace(/^"\$ref":"#\/components\/(schemas|parameters)\//, "").slice(0, -1);
      const kind = ref.includes("/parameters/") ? "parameters" : "schemas";
      expect([ref, doc.components[kind]?.[name] !== undefined]).toEqual([ref, true]);
    }
  });

  test("every /v1 operation declares the failures the edge can give it, with the Error body", () => {
    const operations = v1Operations();
    expect(operations.length).toBeGreaterThan(30);
    for (const [label, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      const hasBody = operation.requestBody !== undefined;
      const hasInput = hasBody || (operation.parameters?.length ?? 0) > 0;
      const expected = ["401", "403", "429", ...(hasInput ? ["400"] : [])];
      if (hasBody) expected.push("413", "415");
      expect([label, statuses]).toEqual([label, expect.arrayContaining(expected)]);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect([label, status, jsonSchemaOf(operation.responses[status])]).toEqual([
          label,
          status,
          { $ref: ERROR_REF },
        ]);
      }
    }
  });

  test("POST /v1/calls declares its Idempotency-Key header and the provider's failures", () => {
    const place = doc.paths["/v1/calls"].post;
    expect(place.parameters).toContainEqual(
      expect.objectContaining({ in: "header", name: "Idempotency-Key", required: true }),
    );
    expect(Object.keys(place.responses)).toEqual(
      expect.arrayContaining(["202", "409", "502", "503", "504"]),
    );
  });
});
