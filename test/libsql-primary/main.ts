import { appendFileSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "libsql";

/**
 * A stand-in libSQL primary for tests, run as its own process (an embedded replica's sync
 * blocks the JavaScript thread of the process that opens it). It speaks what @libsql/client's
 * embedded replica sends: `GET /info` and `GET /export/<generation>` to bootstrap the replica,
 * `GET /sync/<generation>/<start>/<end>` to pull WAL frames, and Hrana over HTTP
 * (`POST /v3/pipeline`) for the writes the replica forwards, and `POST /v2/pipeline`, which
 * @libsql/client's HTTP client uses for writes sent straight to the primary. Its state lives in a folder, so a
 * stopped primary restarted on the same port carries on where it was.
 * The primary is libSQL itself (the engine of the `libsql` package), so the schema's vector
 * indexes work as on a real primary. Usage: bun main.ts <folder> <port> <token>
 */

const [folder = ".", portArg = "0", token = ""] = process.argv.slice(2);
const PAGE = 4096;
const dbPath = join(folder, "primary.db");
const basePath = join(folder, "base.db");
const framesPath = join(folder, "frames.bin");

type Binding = null | bigint | number | string | Buffer;
const db = new Database(dbPath);
db.exec("PRAGMA journal_mode = DELETE");
if (!existsSync(basePath)) {
  db.exec(`PRAGMA page_size = ${PAGE}`);
  db.exec("CREATE TABLE primary_created (at TEXT)");
  copyFileSync(dbPath, basePath);
}
let lastImage = readFileSync(dbPath);
let frameCount = existsSync(framesPath) ? readFileSync(framesPath).length / (PAGE + 24) : 0;

/** After a commit: one WAL frame per changed page, the last one marked as the commit. */
function recordCommit(): void {
  const image = readFileSync(dbPath);
  const pages = image.length / PAGE;
  const changed: number[] = [];
  for (let page = 0; page < pages; page++) {
    const now = image.subarray(page * PAGE, (page + 1) * PAGE);
    const before = lastImage.subarray(page * PAGE, (page + 1) * PAGE);
    if (before.length !== PAGE || !now.equals(before)) changed.push(page);
  }
  if (changed.length === 0 && pages === lastImage.length / PAGE) return;
  if (changed.length === 0) changed.push(0);
  const frames = Buffer.alloc(changed.length * (PAGE + 24));
  changed.forEach((page, i) => {
    const at = i * (PAGE + 24);
    frames.writeUInt32BE(page + 1, at);
    frames.writeUInt32BE(i === changed.length - 1 ? pages : 0, at + 4);
    image.copy(frames, at + 24, page * PAGE, (page + 1) * PAGE);
  });
  appendFileSync(framesPath, frames);
  frameCount += changed.length;
  lastImage = image;
}

type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };
interface HranaStmt {
  sql?: string;
  sql_id?: number | null;
  args?: HranaValue[];
  named_args?: Array<{ name: string; value: HranaValue }>;
  want_rows?: boolean;
}

function fromHrana(value: HranaValue): Binding {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

function toHrana(value: unknown): HranaValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number")
    return Number.isInteger(value)
      ? { type: "integer", value: String(value) }
      : { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  return { type: "blob", base64: Buffer.from(value as Uint8Array).toString("base64") };
}

/** SQL texts a client stored once and refers to by id. */
const storedSql = new Map<number, string>();

function execute(stmt: HranaStmt) {
  const sql = stmt.sql ?? (stmt.sql_id != null ? storedSql.get(stmt.sql_id) : undefined) ?? "";
  const query = db.prepare(sql);
  const named: Record<string, Binding> = {};
  for (const arg of stmt.named_args ?? [])
    named[arg.name.replace(/^[:@$]/, "")] = fromHrana(arg.value);
  const args = stmt.args?.length ? stmt.args.map(fromHrana) : [];
  const bindings: unknown[] = stmt.named_args?.length ? [named] : args;
  let rows: unknown[][] = [];
  let changes = 0;
  let lastRowid: unknown = 0;
  if (query.reader) rows = query.raw(true).all(...bindings) as unknown[][];
  else {
    const info = query.run(...bindings) as { changes: number; lastInsertRowid: unknown };
    changes = info.changes;
    lastRowid = info.lastInsertRowid;
  }
  const cols = query.reader
    ? (query.columns() as Array<{ name: string }>).map((c) => ({ name: c.name, decltype: null }))
    : [];
  return {
    cols,
    rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(toHrana)),
    affected_row_count: changes,
    last_insert_rowid: String(lastRowid),
    replication_index: null as string | null,
    rows_read: 0,
    rows_written: 0,
    query_duration_ms: 0,
  };
}

interface BatchStep {
  stmt: HranaStmt;
  condition?: { type: string; step?: number; cond?: unknown; conds?: unknown[] } | null;
}

function conditionHolds(
  condition: BatchStep["condition"],
  done: Array<"ok" | "error" | null>,
): boolean {
  if (!condition) return true;
  switch (condition.type) {
    case "ok":
      return done[condition.step ?? -1] === "ok";
    case "error":
      return done[condition.step ?? -1] === "error";
    case "not":
      return !conditionHolds(condition.cond as BatchStep["condition"], done);
    case "and":
      return (condition.conds as BatchStep["condition"][]).every((c) => conditionHolds(c, done));
    case "or":
      return (condition.conds as BatchStep["condition"][]).some((c) => conditionHolds(c, done));
    case "is_autocommit":
      return !db.inTransaction;
    default:
      return false;
  }
}

function runBatch(steps: BatchStep[]) {
  const done: Array<"ok" | "error" | null> = [];
  const step_results: unknown[] = [];
  const step_errors: unknown[] = [];
  for (const step of steps) {
    if (!conditionHolds(step.condition, done)) {
      done.push(null);
      step_results.push(null);
      step_errors.push(null);
      continue;
    }
    try {
      step_results.push(execute(step.stmt));
      step_errors.push(null);
      done.push("ok");
    } catch (error) {
      step_results.push(null);
      step_errors.push(sqlError(error));
      done.push("error");
    }
  }
  return { step_results, step_errors, replication_index: null as string | null };
}

function sqlError(error: unknown) {
  const code = (error as { code?: string }).code ?? "SQLITE_ERROR";
  return { message: error instanceof Error ? error.message : String(error), code };
}

function describe(sql: string) {
  const query = db.prepare(sql);
  return {
    params: Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => ({ name: null })),
    cols: query.reader
      ? (query.columns() as Array<{ name: string }>).map((c) => ({ name: c.name, decltype: null }))
      : [],
    is_explain: /^\s*explain/i.test(sql),
    is_readonly: /^\s*(select|with)\b/i.test(sql),
  };
}

function pipeline(body: { baton?: string | null; requests: Array<Record<string, unknown>> }) {
  const results = body.requests.map((request) => {
    try {
      switch (request.type) {
        case "execute":
          return {
            type: "ok",
            response: { type: "execute", result: execute(request.stmt as HranaStmt) },
          };
        case "batch": {
          const result = runBatch((request.batch as { steps: BatchStep[] }).steps);
          return { type: "ok", response: { type: "batch", result } };
        }
        case "sequence":
          db.exec(String(request.sql ?? ""));
          return { type: "ok", response: { type: "sequence" } };
        case "store_sql":
          storedSql.set(Number(request.sql_id), String(request.sql));
          return { type: "ok", response: { type: "store_sql" } };
        case "close_sql":
          storedSql.delete(Number(request.sql_id));
          return { type: "ok", response: { type: "close_sql" } };
        case "describe":
          return {
            type: "ok",
            response: { type: "describe", result: describe(String(request.sql)) },
          };
        case "get_autocommit":
          return {
            type: "ok",
            response: { type: "get_autocommit", is_autocommit: !db.inTransaction },
          };
        case "close":
          return { type: "ok", response: { type: "close" } };
        default:
          return {
            type: "error",
            error: { message: `unsupported request ${request.type}`, code: "UNSUPPORTED" },
          };
      }
    } catch (error) {
      return { type: "error", error: sqlError(error) };
    }
  });
  if (!db.inTransaction) recordCommit();
  // Every result carries where the primary now is, so a replica can read its own writes.
  const index = String(frameCount);
  for (const result of results as Array<{ response?: { result?: Record<string, unknown> } }>) {
    const inner = result.response?.result;
    if (inner && "replication_index" in inner) inner.replication_index = index;
    for (const step of (inner?.step_results as Array<Record<string, unknown> | null>) ?? [])
      if (step) step.replication_index = index;
  }
  const closed = body.requests.some((request) => request.type === "close");
  return { baton: closed ? null : (body.baton ?? crypto.randomUUID()), base_url: null, results };
}

function framesFrom(start: number, end: number): Response {
  if (start > frameCount) return Response.json({ generation: 1 }, { status: 400 });
  const all = readFileSync(framesPath);
  const last = Math.min(end - 1, frameCount);
  return new Response(all.subarray((start - 1) * (PAGE + 24), last * (PAGE + 24)));
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(portArg),
  async fetch(request) {
    if (token && request.headers.get("authorization") !== `Bearer ${token}`)
      return new Response("unauthorized", { status: 401 });
    const path = new URL(request.url).pathname.split("/").filter(Boolean);
    if (request.method === "GET" && path[0] === "info")
      return Response.json({ current_generation: 1 });
    if (request.method === "GET" && path[0] === "export")
      return new Response(readFileSync(basePath));
    if (request.method === "GET" && path[0] === "sync")
      return framesFrom(Number(path[2]), Number(path[3]));
    if (
      request.method === "POST" &&
      (path[0] === "v2" || path[0] === "v3") &&
      path[1] === "pipeline"
    ) {
      const body = await request.json();
      const answer = pipeline(body);
      if (process.env.PRIMARY_TRACE) console.log(JSON.stringify(body), JSON.stringify(answer));
      return Response.json(answer);
    }
    if (request.method === "GET" && (path[0] === "v3" || path.length === 0))
      return new Response("ok");
    return new Response("not found", { status: 404 });
  },
});
console.log(`listening ${server.port}`);
