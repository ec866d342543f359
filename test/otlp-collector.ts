/**
 * A local OTLP/HTTP trace collector: accepts `POST /v1/traces` in either encoding the exporters
 * speak (`application/json`, or `application/x-protobuf` decoded from the wire format by the
 * message layout of opentelemetry-proto's trace.proto) and keeps the spans it was sent.
 */

export type AttributeValue = string | number | boolean | null | AttributeValue[];
export type Attributes = Record<string, AttributeValue>;

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Attributes;
  events: { name: string; attributes: Attributes }[];
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  resource: Attributes;
}

export interface OtlpCollector {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: CollectedSpan[];
  /** Each request's content type and headers, as received. */
  requests: { contentType: string; headers: Headers }[];
  stop(): void;
}

export function startOtlpCollector(): OtlpCollector {
  const spans: CollectedSpan[] = [];
  const requests: OtlpCollector["requests"] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      if (request.method !== "POST" || path !== "/v1/traces")
        return new Response("not found", { status: 404 });
      const contentType = request.headers.get("content-type") ?? "";
      requests.push({ contentType, headers: request.headers });
      const bytes = new Uint8Array(await request.arrayBuffer());
      if (contentType.startsWith("application/json")) {
        spans.push(...fromJson(JSON.parse(new TextDecoder().decode(bytes))));
        return Response.json({});
      }
      if (contentType.startsWith("application/x-protobuf")) {
        spans.push(...fromProtobuf(bytes));
        return new Response(new Uint8Array(), {
          headers: { "content-type": "application/x-protobuf" },
        });
      }
      return new Response("unsupported content type", { status: 415 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, spans, requests, stop: () => server.stop(true) };
}

// JSON encoding (OTLP/HTTP JSON: ids as hex, attributes as {key, value: {stringValue…}}).

type JsonValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: JsonValue[] };
};
type JsonKeyValue = { key: string; value?: JsonValue };

function jsonValue(value: JsonValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return null;
}

const jsonAttributes = (list: JsonKeyValue[] | undefined): Attributes =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));

function fromJson(body: any): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = jsonAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? [])
      for (const span of ss.spans ?? [])
        out.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? "",
          name: span.name,
          kind: span.kind ?? 0,
          attributes: jsonAttributes(span.attributes),
          events: (span.events ?? []).map((e: { name: string; attributes?: JsonKeyValue[] }) => ({
            name: e.name,
            attributes: jsonAttributes(e.attributes),
          })),
          statusCode: span.status?.code ?? 0,
          resource,
        });
  }
  return out;
}

// Protobuf wire format: each field is a varint key (number << 3 | wire type) and its value.

type Field = { number: number; varint?: bigint; bytes?: Uint8Array; fixed64?: DataView };

function readFields(bytes: Uint8Array): Field[] {
  const fields: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error("truncated varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) fields.push({ number, varint: varint() });
    else if (wireType === 1) {
      fields.push({ number, fixed64: new DataView(bytes.buffer, bytes.byteOffset + at, 8) });
      at += 8;
    } else if (wireType === 2) {
      const length = Number(varint());
      fields.push({ number, bytes: bytes.subarray(at, at + length) });
      at += length;
    } else if (wireType === 5) at += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  return fields;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("hex");
const messages = (fields: Field[], number: number) =>
  fields
    .filter((f) => f.number === number && f.bytes)
    .map((f) => readFields(f.bytes as Uint8Array));
const first = (fields: Field[], number: number) => fields.find((f) => f.number === number);

/** AnyValue: 1 string, 2 bool, 3 int, 4 double, 5 array. */
function protoValue(fields: Field[]): AttributeValue {
  const field = fields[0];
  if (!field) return null;
  if (field.number === 1) return text(field.bytes);
  if (field.number === 2) return field.varint === 1n;
  if (field.number === 3) return Number(BigInt.asIntN(64, field.varint ?? 0n));
  if (field.number === 4) return field.fixed64?.getFloat64(0, true) ?? null;
  if (field.number === 5)
    return messages(readFields(field.bytes ?? new Uint8Array()), 1).map(protoValue);
  return null;
}

/** Repeated KeyValue (1 key, 2 value) at `number`. */
const protoAttributes = (fields: Field[], number: number): Attributes =>
  Object.fromEntries(
    messages(fields, number).map((kv) => [
      text(first(kv, 1)?.bytes),
      protoValue(messages(kv, 2)[0] ?? []),
    ]),
  );

/** ExportTraceServiceRequest → ResourceSpans (1 resource, 2 scope spans) → ScopeSpans (2 spans). */
function fromProtobuf(bytes: Uint8Array): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of messages(readFields(bytes), 1)) {
    const resource = protoAttributes(messages(rs, 1)[0] ?? [], 1);
    for (const ss of messages(rs, 2))
      for (const span of messages(ss, 2)) {
        const status = messages(span, 15)[0] ?? [];
        out.push({
          traceId: hex(first(span, 1)?.bytes),
          spanId: hex(first(span, 2)?.bytes),
          parentSpanId: hex(first(span, 4)?.bytes),
          name: text(first(span, 5)?.bytes),
          kind: Number(first(span, 6)?.varint ?? 0n),
          attributes: protoAttributes(span, 9),
          events: messages(span, 11).map((event) => ({
            name: text(first(event, 2)?.bytes),
            attributes: protoAttributes(event, 3),
          })),
          statusCode: Number(first(status, 3)?.varint ?? 0n),
          resource,
        });
      }
  }
  return out;
}
