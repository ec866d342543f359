// Preloaded into each child the WhatsApp benchmark starts (`bun --preload`): the child exits
// once the benchmark is gone, so that a benchmark killed outright leaves nothing running.

// A module, so that its names stay its own.
export {};

const parentPid = process.ppid;

function parentGone(): boolean {
  if (process.ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch {
    return true;
  }
}

setInterval(() => {
  if (parentGone()) process.exit(2);
}, 1000).unref();
