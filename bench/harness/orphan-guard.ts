// Preloaded into every process a benchmark starts (`bun --preload`): a child must never outlive
// the benchmark, even when the benchmark itself is killed and cannot clean up.

// A module, so that its names stay its own.
export {};

const parentPid = process.ppid;
const maxLifetimeMs = Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000);

function parentAlive(): boolean {
  if (process.ppid !== parentPid) return false;
  try {
    process.kill(parentPid, 0);
    return true;
  } catch {
    return false;
  }
}

setInterval(() => {
  if (!parentAlive()) process.exit(2);
}, 1000).unref();
setTimeout(() => process.exit(3), maxLifetimeMs).unref();
