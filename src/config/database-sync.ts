/**
 * What is wrong with the regional-data settings, if anything: a replica needs a local file to
 * live in, and a primary reached over TLS (Turso, a hosted sqld) needs its token.
 */
export function databaseSyncProblems(env: {
  DATABASE_URL: string;
  DATABASE_SYNC_URL?: string | undefined;
  DATABASE_AUTH_TOKEN?: string | undefined;
}): string[] {
  const syncUrl = env.DATABASE_SYNC_URL;
  if (!syncUrl) return [];
  const problems: string[] = [];
  if (!env.DATABASE_URL.startsWith("file:") || env.DATABASE_URL === "file::memory:")
    problems.push(
      "DATABASE_URL: must be a local file (file:...) to hold the replica of DATABASE_SYNC_URL",
    );
  if (/^(libsql|https):/i.test(syncUrl) && !env.DATABASE_AUTH_TOKEN)
    problems.push(
      "DATABASE_AUTH_TOKEN: DATABASE_SYNC_URL names a remote primary, which needs its token",
    );
  return problems;
}
