import { invalid } from "../domain/errors";

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  data: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Cursors are opaque to clients: the id of the last item seen, newest first. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z]{3,4}_[0-9a-z]{23}$/.test(id)) throw invalid("cursor is not one this API returned");
  return id;
}

/** Rows were fetched with `limit + 1` so we know whether another page exists. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(last.id, "utf8").toString("base64url") : null;
  return { data, nextCursor };
}
