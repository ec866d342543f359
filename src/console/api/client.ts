import type { ApiOperations } from "./api-types.gen";

/** An operation the console may call, as `METHOD /path` (see operations.ts). */
export type Operation = keyof ApiOperations;
type Parts<O extends Operation> = ApiOperations[O];
type NoFields = Record<string, never>;

/** What a call of `O` must carry: its path parameters, its query, its body. */
export type RequestOf<O extends Operation> = (Parts<O>["path"] extends NoFields
  ? { path?: never }
  : { path: Parts<O>["path"] }) &
  (Parts<O>["query"] extends NoFields ? { query?: never } : { query?: Parts<O>["query"] }) &
  (Parts<O>["body"] extends undefined ? { body?: never } : { body: Parts<O>["body"] }) & {
    /** Request headers an operation asks for, e.g. `Idempotency-Key`. */
    headers?: Record<string, string>;
  };
export type ResponseOf<O extends Operation> = Parts<O>["response"];

/** One field the API named as wrong, e.g. `{ field: "body.name", message: "must not be empty" }`. */
export interface FieldIssue {
  field: string;
  message: string;
}

const FIELD_MESSAGE = /^((?:body|query|path)(?:\.[\w-]+)+): (.+)$/;

/** A refusal or failure of the API, with the fields it named and its request id. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }

  /** What the API said about `field` (e.g. "body.name"), if it named it. */
  issueFor(field: string): string | undefined {
    return this.issues.find((issue) => issue.field === field)?.message;
  }

  /** The error's body as the API sends it: `{error: {code, message, details?, requestId}}`. */
  static async from(res: Response): Promise<ApiError> {
    const body = (await res.json().catch(() => null)) as {
      error?: {
        code?: string;
        message?: string;
        details?: { issues?: FieldIssue[] };
        requestId?: string;
      };
    } | null;
    const error = body?.error;
    const message = error?.message ?? `the gateway answered ${res.status} ${res.statusText}`;
    let issues = error?.details?.issues ?? [];
    // Some refusals name one field in their message only ("body.expiresAt: must not be …").
    if (issues.length === 0) {
      issues = message.split("; ").flatMap((part) => {
        const match = FIELD_MESSAGE.exec(part);
        return match ? [{ field: match[1] as string, message: match[2] as string }] : [];
      });
    }
    return new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      message,
      issues,
      error?.requestId,
    );
  }
}

/** Fills `{name}` in a path template from `params`, each escaped. */
function pathOf(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for ${name}`);
    return encodeURIComponent(value);
  });
}

function queryOf(query: Record<string, string | undefined> = {}): string {
  const entries = Object.entries(query).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries)}`;
}

/**
 * The console's only way to the API: every call is one of the listed operations, sent with the
 * signed-in key as `Authorization: Bearer …` to this same origin.
 */
export class ApiClient {
  constructor(
    private readonly key: string,
    /** Told when the API stops accepting the key (revoked, expired, tenant suspended). */
    private readonly onRefused: (error: ApiError) => void = () => {},
  ) {}

  async call<O extends Operation>(
    operation: O,
    ...[request]: Record<string, never> extends RequestOf<O> ? [RequestOf<O>?] : [RequestOf<O>]
  ): Promise<ResponseOf<O>> {
    const res = await this.send(operation, request);
    if (res.status === 204) return null as ResponseOf<O>;
    return (await res.json()) as ResponseOf<O>;
  }

  /**
   * Like `call`, for an answer read as it arrives (a call's server-sent events): its body,
   * unread, until `signal` aborts.
   */
  async stream<O extends Operation>(
    operation: O,
    request: RequestOf<O>,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const res = await this.send(operation, request, signal);
    if (!res.body) throw new ApiError(res.status, "no_body", "the gateway sent no stream");
    return res.body;
  }

  /**
   * Like `call`, for a multipart body (a file), reporting the bytes sent as they go:
   * `onProgress(sent, total)`. XMLHttpRequest, because fetch tells nothing of an upload's progress.
   */
  upload<O extends Operation>(
    operation: O,
    request: { path: Parts<O>["path"]; form: FormData },
    onProgress: (sent: number, total: number) => void,
  ): Promise<ResponseOf<O>> {
    const [method = "POST", template = ""] = operation.split(" ");
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, pathOf(template, request.path as Record<string, string>));
      xhr.setRequestHeader("authorization", `Bearer ${this.key}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      };
      xhr.onerror = () =>
        reject(
          new ApiError(
            0,
            "unreachable",
            "The gateway could not be reached. Check your connection and try again.",
          ),
        );
      xhr.onload = async () => {
        const res = new Response(xhr.status === 204 ? null : xhr.responseText, {
          status: xhr.status,
          statusText: xhr.statusText,
        });
        if (res.ok) return resolve((await res.json()) as ResponseOf<O>);
        const error = await ApiError.from(res);
        if (res.status === 401) this.onRefused(error);
        reject(error);
      };
      xhr.send(request.form);
    });
  }

  private async send(operation: Operation, request: unknown, signal?: AbortSignal) {
    const [method = "GET", template = ""] = operation.split(" ");
    const {
      path,
      query,
      body,
      headers: extra,
    } = (request ?? {}) as {
      path?: Record<string, string>;
      query?: Record<string, string | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
    };
    const headers: Record<string, string> = { ...extra, authorization: `Bearer ${this.key}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(pathOf(template, path) + queryOf(query), {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // Nothing about the console's calls belongs in a cache or another site's logs.
        cache: "no-store",
        referrerPolicy: "no-referrer",
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(
        0,
        "unreachable",
        "The gateway could not be reached. Check your connection and try again.",
      );
    }
    if (!res.ok) {
      const error = await ApiError.from(res);
      if (res.status === 401) this.onRefused(error);
      throw error;
    }
    return res;
  }
}
