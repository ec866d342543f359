import { join } from "node:path";
import type { Subprocess } from "bun";

const MAIN = join(import.meta.dir, "..", "src", "main.ts");

/** A port nothing listens on right now. */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

/**
 * The real gateway (`bun src/main.ts`) run in a folder of its own, as an operator runs it: for
 * tests that kill, signal and restart it on the same database and blob folder.
 */
export class GatewayProcess {
  readonly port = freePort();
  readonly base = `http://127.0.0.1:${this.port}`;
  private current: Subprocess | undefined;

  constructor(
    private readonly options: {
      workDir: string;
      adminKey: string;
      env?: Record<string, string>;
      /** Where its log lines go; default nowhere. */
      logFile?: string;
    },
  ) {}

  /** The running process, if any. */
  get process(): Subprocess | undefined {
    return this.current;
  }

  /** Starts it and waits until /healthz answers. */
  async start(): Promise<Subprocess> {
    const started = Bun.spawn([process.execPath, MAIN], {
      cwd: this.options.workDir,
      env: {
        PATH: process.env.PATH ?? "",
        PORT: String(this.port),
        ADMIN_API_KEY: this.options.adminKey,
        SEED_DEMO: "false",
        ...this.options.env,
      },
      stdout: this.options.logFile ? Bun.file(this.options.logFile) : "ignore",
      stderr: "ignore",
    });
    this.current = started;
    for (let attempt = 0; attempt < 200; attempt++) {
      const up = await fetch(`${this.base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return started;
      await Bun.sleep(100);
    }
    throw new Error("the gateway never answered /healthz");
  }

  /** Kills it (SIGKILL by default) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    this.current?.kill(signal);
    await this.current?.exited;
  }

  /** A request with the operator's key; the body is parsed as JSON when it is JSON. */
  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.adminKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  }
}
