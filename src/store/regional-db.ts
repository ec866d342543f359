import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Transaction,
  TransactionMode,
} from "@libsql/client";

/** Statements that only read: they are answered by the local replica. */
export function isReadOnly(statement: InStatement | string): boolean {
  const sql = typeof statement === "string" ? statement : statement.sql;
  if (/^\s*(select|explain|pragma)\b/i.test(sql)) return true;
  return /^\s*with\b/i.test(sql) && !/\b(insert|update|delete|replace)\b/i.test(sql);
}

/**
 * One database over an embedded replica and its primary: reads are answered by the local
 * replica file; writes go to the primary through libSQL's HTTP protocol, which does not hold
 * the JavaScript thread (the replica's own forwarding blocks it for a round trip, and a
 * forwarded transaction that breaks mid-way leaves the replica's connection unusable).
 * A read after a write first pulls the primary's changes, so a request reads its own writes.
 */
export class RegionalDb implements Client {
  private changedSinceSync = false;
  /** After a failed pull, reads stay local for a while: each try may hold the thread. */
  private pullFailedAt = Number.NEGATIVE_INFINITY;
  private reattachTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private replica: Client,
    private readonly primary: Client,
    /**
     * Opens the embedded replica again, for a machine that started while the primary was out of
     * reach: until then `replica` is the replica's file opened on its own, which reads but
     * cannot pull.
     */
    private reattach: (() => Client) | null = null,
    private readonly pullBackoffMs = 5000,
  ) {
    if (reattach) {
      // Without writes nothing would pull: try on a timer until the primary answers.
      this.reattachTimer = setInterval(
        () => void this.sync().catch(() => undefined),
        pullBackoffMs,
      );
      this.reattachTimer.unref?.();
    }
  }

  get closed(): boolean {
    return this.replica.closed;
  }

  get protocol(): string {
    return this.replica.protocol;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const statement: InStatement =
      typeof stmt === "string" ? { sql: stmt, args: args ?? [] } : stmt;
    if (isReadOnly(statement)) {
      await this.catchUp();
      return this.replica.execute(statement);
    }
    const result = await this.primary.execute(statement);
    this.changedSinceSync = true;
    return result;
  }

  async batch(
    stmts: Array<InStatement | [string, InArgs?]>,
    mode?: TransactionMode,
  ): Promise<ResultSet[]> {
    if (mode === "read") {
      await this.catchUp();
      return this.replica.batch(stmts, mode);
    }
    const results = await this.primary.batch(stmts, mode);
    this.changedSinceSync = true;
    return results;
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const results = await this.primary.migrate(stmts);
    this.changedSinceSync = true;
    return results;
  }

  async transaction(mode?: TransactionMode): Promise<Transaction> {
    if (mode === "read") {
      await this.catchUp();
      return this.replica.transaction(mode);
    }
    this.changedSinceSync = true;
    return this.primary.transaction(mode);
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.primary.executeMultiple(sql);
    this.changedSinceSync = true;
  }

  /** Pulls what the primary has that the replica has not. */
  async sync(): Promise<Replicated> {
    if (this.reattach) {
      const replica = this.reattach();
      this.replica.close();
      this.replica = replica;
      this.reattach = null;
    }
    if (this.reattachTimer) clearInterval(this.reattachTimer);
    this.reattachTimer = null;
    const replicated = await this.replica.sync();
    this.changedSinceSync = false;
    return replicated;
  }

  close(): void {
    if (this.reattachTimer) clearInterval(this.reattachTimer);
    this.primary.close();
    this.replica.close();
  }

  reconnect(): void {
    this.primary.reconnect();
    this.replica.reconnect();
  }

  /** Read-your-writes; with the primary out of reach, the replica answers with what it has. */
  private async catchUp(): Promise<void> {
    if (!this.changedSinceSync) return;
    if (performance.now() - this.pullFailedAt < this.pullBackoffMs) return;
    await this.sync().catch(() => {
      this.pullFailedAt = performance.now();
    });
  }
}
