import { type Client, createClient, type InStatement, type InValue } from "@libsql/client";
import type { Db } from "./db";

/** Writes a group of statements as one. Resolves "queued" when they wait for the primary. */
export interface StatementWriter {
  write(statements: InStatement[]): Promise<"applied" | "queued">;
  /** Writes waiting for the primary. */
  depth(): number;
}

/** Writes straight to the database: a local file is always there. */
export class DirectWriter implements StatementWriter {
  constructor(private readonly db: Db) {}

  async write(statements: InStatement[]): Promise<"applied"> {
    if (statements.length === 1 && statements[0]) await this.db.execute(statements[0]);
    else await this.db.batch(statements, "write");
    return "applied";
  }

  depth(): number {
    return 0;
  }
}

/** The primary could not be reached (as opposed to a statement it refused). */
export function isUnreachable(error: unknown): boolean {
  const text = `${(error as { code?: unknown })?.code ?? ""} ${String(error)}`;
  return /connect|ECONNRESET|socket|network|fetch failed|timed? ?out|HTTP status 5\d\d|status=5\d\d/i.test(
    text,
  );
}

function alreadyApplied(error: unknown): boolean {
  return /UNIQUE constraint failed: applied_writes\.id/.test(String(error));
}

type Stored = null | number | string | { bigint: string } | { base64: string };

function store(value: InValue | undefined): Stored {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return { bigint: value.toString() };
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof ArrayBuffer || value instanceof Uint8Array)
    return { base64: Buffer.from(value as Uint8Array).toString("base64") };
  return value;
}

function restore(value: Stored): InValue {
  if (value === null || typeof value !== "object") return value;
  return "bigint" in value
    ? BigInt(value.bigint)
    : new Uint8Array(Buffer.from(value.base64, "base64"));
}

function serialise(statements: InStatement[]): string {
  return JSON.stringify(
    statements.map((s) => {
      if (typeof s === "string") return { sql: s, args: [] };
      const args = Array.isArray(s.args)
        ? s.args.map(store)
        : Object.fromEntries(Object.entries(s.args ?? {}).map(([k, v]) => [k, store(v)]));
      return { sql: s.sql, args };
    }),
  );
}

function deserialise(text: string): InStatement[] {
  const parsed = JSON.parse(text) as Array<{
    sql: string;
    args: Stored[] | Record<string, Stored>;
  }>;
  return parsed.map((s) => ({
    sql: s.sql,
    args: Array.isArray(s.args)
      ? s.args.map(restore)
      : Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, restore(v)])),
  }));
}

export interface OutboxOptions {
  /** The local file that keeps waiting writes across restarts. */
  path: string;
  /** How long to wait before trying the primary again. */
  retryMs?: number;
  onError?: (message: string, detail: Record<string, unknown>) => void;
}

/**
 * Call records written to the primary, or kept in order in a local libSQL file while the
 * primary cannot be reached and replayed in order once it can. Each write carries an id that
 * the primary records in the same transaction, so a write that reached it before the connection
 * broke is recognised on replay and not applied twice.
 */
export class WriteOutbox implements StatementWriter {
  private waiting = 0;
  private replaying: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  private constructor(
    private readonly primary: Db,
    private readonly local: Client,
    private readonly options: OutboxOptions,
  ) {}

  static async open(primary: Db, options: OutboxOptions): Promise<WriteOutbox> {
    const local = createClient({ url: `file:${options.path}` });
    // WAL with NORMAL sync: a queued write survives the process dying, at a fraction of the cost.
    await local.execute("PRAGMA journal_mode = WAL");
    await local.execute("PRAGMA synchronous = NORMAL");
    await local.execute(
      "CREATE TABLE IF NOT EXISTS waiting_writes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, statements TEXT NOT NULL, queued_at TEXT NOT NULL)",
    );
    await local.execute(
      "CREATE TABLE IF NOT EXISTS refused_writes (id TEXT PRIMARY KEY, statements TEXT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL)",
    );
    const outbox = new WriteOutbox(primary, local, options);
    const count = await local.execute("SELECT COUNT(*) AS n FROM waiting_writes");
    outbox.waiting = Number(count.rows[0]?.n ?? 0);
    if (outbox.waiting > 0) outbox.kick();
    return outbox;
  }

  depth(): number {
    return this.waiting;
  }

  async write(statements: InStatement[]): Promise<"applied" | "queued"> {
    const id = crypto.randomUUID();
    // Behind waiting writes, a new one waits too: records reach the primary in order.
    if (this.waiting === 0) {
      try {
        await this.apply(id, statements);
        return "applied";
      } catch (error) {
        if (!isUnreachable(error)) throw error;
      }
    }
    await this.local.execute({
      sql: "INSERT INTO waiting_writes (id, statements, queued_at) VALUES (?, ?, ?)",
      args: [id, serialise(statements), new Date().toISOString()],
    });
    this.waiting++;
    this.kick();
    return "queued";
  }

  /** Resolves when nothing waits, or when the primary is out of reach again. */
  async replay(): Promise<void> {
    if (!this.replaying)
      this.replaying = this.drain().finally(() => {
        this.replaying = null;
      });
    return this.replaying;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.local.close();
  }

  private kick(): void {
    if (this.replaying || this.retryTimer || this.closed) return;
    void this.replay();
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const next = await this.local.execute(
        "SELECT seq, id, statements FROM waiting_writes ORDER BY seq LIMIT 1",
      );
      const row = next.rows[0];
      if (!row) return;
      const [seq, id, text] = [Number(row.seq), String(row.id), String(row.statements)];
      try {
        await this.apply(id, deserialise(text));
      } catch (error) {
        if (isUnreachable(error)) {
          this.retryLater();
          return;
        }
        // A statement the primary refuses would block every write behind it: set it aside.
        await this.local.execute({
          sql: "INSERT OR REPLACE INTO refused_writes (id, statements, error, at) VALUES (?, ?, ?, ?)",
          args: [id, text, String(error), new Date().toISOString()],
        });
        this.options.onError?.("a waiting call-record write was refused by the primary", {
          writeId: id,
          error: String(error),
        });
      }
      await this.local.execute({ sql: "DELETE FROM waiting_writes WHERE seq = ?", args: [seq] });
      this.waiting = Math.max(0, this.waiting - 1);
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.options.retryMs ?? 2000);
    this.retryTimer.unref?.();
  }

  private async apply(id: string, statements: InStatement[]): Promise<void> {
    try {
      await this.primary.batch(
        [
          {
            sql: "INSERT INTO applied_writes (id, applied_at) VALUES (?, ?)",
            args: [id, new Date().toISOString()],
          },
          ...statements,
        ],
        "write",
      );
    } catch (error) {
      if (!alreadyApplied(error)) throw error;
    }
  }
}
