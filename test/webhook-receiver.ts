/**
 * A business's webhook receiver on a real port, for tests: it keeps every request it is sent
 * (headers and raw body) and answers as the test says: 200, an error status, or not at all
 * (the server is stopped, so connections are refused) until it comes back on the same port.
 */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  contentType: string;
  body: string;
  /** What the receiver answered this one with. */
  answeredWith: number;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** The status the next requests get; or a function choosing one per request. */
  answer: number | ((hook: Omit<ReceivedWebhook, "answeredWith">) => number | Promise<number>) =
    200;
  /** The Location header of its 3xx answers. */
  redirectTo = "http://169.254.169.254/latest/meta-data/";
  private server: ReturnType<typeof Bun.serve> | null = null;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/astra`;
  }

  /** Stops listening: connections are refused until `comeBack()`. */
  async goDown(): Promise<void> {
    await this.server?.stop(true);
    this.server = null;
  }

  comeBack(): void {
    this.listen();
  }

  async close(): Promise<void> {
    await this.goDown();
  }

  private listen(): void {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: this.port,
      fetch: async (request) => {
        const hook = {
          id: request.headers.get("webhook-id") ?? "",
          timestamp: request.headers.get("webhook-timestamp") ?? "",
          signature: request.headers.get("webhook-signature") ?? "",
          contentType: request.headers.get("content-type") ?? "",
          body: await request.text(),
        };
        const status = typeof this.answer === "number" ? this.answer : await this.answer(hook);
        this.received.push({ ...hook, answeredWith: status });
        return new Response(status === 200 ? "ok" : "receiver says no: secret-ish detail", {
          status,
          headers: status >= 300 && status < 400 ? { location: this.redirectTo } : {},
        });
      },
    });
    this.port = this.server.port ?? 0;
  }
}
