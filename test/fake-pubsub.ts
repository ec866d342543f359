/**
 * A local server speaking Google Pub/Sub's REST publish (`POST /v1/{topic}:publish`) and an
 * OAuth token endpoint for service accounts (`POST /token`, JWT bearer grant), for tests.
 * With a public key, it checks the JWT's RS256 signature before issuing a token.
 */
export interface PublishedMessage {
  topic: string;
  data: string;
  attributes: Record<string, string>;
}

export interface JwtSeen {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signatureValid: boolean;
}

export class FakePubSub {
  readonly messages: PublishedMessage[] = [];
  readonly jwts: JwtSeen[] = [];
  /** Status the publish route answers with instead of publishing, while set. */
  failWith: number | null = null;
  /** When set, publish requires `Authorization: Bearer <this>`. */
  requiredToken: string | null = null;
  private readonly server: ReturnType<typeof Bun.serve>;

  constructor(private readonly publicKey?: CryptoKey) {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (request) => this.handle(request),
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  get hostPort(): string {
    return `127.0.0.1:${this.server.port}`;
  }

  async close(): Promise<void> {
    await this.server.stop(true);
  }

  private async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && path === "/token") return this.token(request);
    const publish = /^\/v1\/(projects\/[^/]+\/topics\/[^/:]+):publish$/.exec(path);
    if (request.method !== "POST" || !publish?.[1])
      return new Response("no route", { status: 404 });
    if (
      this.requiredToken &&
      request.headers.get("authorization") !== `Bearer ${this.requiredToken}`
    )
      return Response.json({ error: { code: 401 } }, { status: 401 });
    if (this.failWith)
      return Response.json({ error: { code: this.failWith } }, { status: this.failWith });
    const body = (await request.json()) as {
      messages: Array<{ data: string; attributes?: Record<string, string> }>;
    };
    const ids = body.messages.map((message) => {
      this.messages.push({
        topic: publish[1] as string,
        data: Buffer.from(message.data, "base64").toString("utf8"),
        attributes: message.attributes ?? {},
      });
      return String(this.messages.length);
    });
    return Response.json({ messageIds: ids });
  }

  private async token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    const jwt = form.get("assertion") ?? "";
    const [header = "", claims = "", signature = ""] = jwt.split(".");
    const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    const signatureValid = this.publicKey
      ? await crypto.subtle.verify(
          "RSASSA-PKCS1-v1_5",
          this.publicKey,
          Buffer.from(signature, "base64url"),
          new TextEncoder().encode(`${header}.${claims}`),
        )
      : false;
    this.jwts.push({ header: decode(header), claims: decode(claims), signatureValid });
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer" || !signatureValid)
      return Response.json({ error: "invalid_grant" }, { status: 400 });
    return Response.json({
      access_token: "ya29.test-token",
      expires_in: 3600,
      token_type: "Bearer",
    });
  }
}
