/** One request a fake provider server received, as tests inspect it. */
export interface RecordedRequest {
  method: string;
  /** The path, less any version prefix the fake strips. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or null when there was none. */
  body: any;
}

/** Reads a request into its recorded form; `pathPrefix` is removed from the path. */
export async function recordRequest(request: Request, pathPrefix = ""): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const text = await request.text();
  let body: any = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return {
    method: request.method,
    path: pathPrefix ? url.pathname.replace(pathPrefix, "") : url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(request.headers),
    body,
  };
}
