import type { Row } from "@libsql/client";

/** Typed reads of libSQL row values; a wrong type is a schema bug, so it throws. */
export function str(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new Error(`column ${column} is not text`);
  return value;
}

export function strOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : String(value);
}

export function num(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "number") throw new Error(`column ${column} is not a number`);
  return value;
}

export function numOrNull(row: Row, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : Number(value);
}

export function json<T>(row: Row, column: string): T {
  return JSON.parse(str(row, column)) as T;
}

export const nowIso = (): string => new Date().toISOString();
