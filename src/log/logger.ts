import { redact, redactText } from "./redact";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;
export type LogSink = (line: string) => void;

/** Fields a line takes from where it is written (the active trace's ids); unset unless tracing. */
let ambientFields: (() => LogFields | undefined) | undefined;

export function useAmbientLogFields(source: (() => LogFields | undefined) | undefined): void {
  ambientFields = source;
}

/** Structured JSON-line logger. Every field passes through redaction before it is written. */
export class Logger {
  constructor(
    private readonly level: LogLevel = "info",
    private readonly bound: LogFields = {},
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
  ) {}

  child(fields: LogFields): Logger {
    return new Logger(this.level, { ...this.bound, ...fields }, this.sink);
  }

  debug(msg: string, fields?: LogFields): void {
    this.write("debug", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write("info", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write("warn", msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write("error", msg, fields);
  }

  private write(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.level]) return;
    const record = {
      time: new Date().toISOString(),
      level,
      msg: redactText(msg),
      ...(redact({ ...ambientFields?.(), ...this.bound, ...fields }) as LogFields),
    };
    this.sink(JSON.stringify(record));
  }
}

/** A logger that keeps its lines in memory, for tests that check what was logged. */
export function memoryLogger(level: LogLevel = "debug"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new Logger(level, {}, (line) => lines.push(line)), lines };
}
