// Runs a benchmark inside a network namespace of its own holding only the loopback device
// (`unshare -rn`, no root needed where user namespaces are allowed). libwebrtc gathers ICE
// candidates on every interface and learns peer-reflexive ones from the far side's checks, so
// filtering SDP alone cannot keep media on 127.0.0.1; an empty namespace can.

import { spawnSync } from "node:child_process";

const INSIDE = "ASTRA_BENCH_LOOPBACK_NAMESPACE";
const ORPHAN_GUARD = new URL("./orphan-guard.ts", import.meta.url).pathname;

export type NetworkMode = "a loopback-only network namespace" | "the host network";

export function networkMode(): NetworkMode {
  return process.env[INSIDE] === "1" ? "a loopback-only network namespace" : "the host network";
}

/**
 * Runs this same command again inside a fresh loopback-only namespace and returns its exit
 * code, or null when already inside one or when namespaces are not available here (the caller
 * then runs on the host network).
 */
export function rerunInLoopbackNamespace(): number | null {
  if (process.env[INSIDE] === "1") return null;
  const probe = spawnSync("unshare", ["-rn", "sh", "-c", "ip link set lo up"], { stdio: "ignore" });
  if (probe.status !== 0) return null;
  const [bun = process.execPath, ...args] = process.argv;
  const run = spawnSync(
    "unshare",
    // The inner run leaves with this one (orphan guard), and its own children with it.
    [
      "-rn",
      "sh",
      "-c",
      'ip link set lo up && exec "$@"',
      "sh",
      bun,
      "--preload",
      ORPHAN_GUARD,
    ].concat(args),
    { stdio: "inherit", env: { ...process.env, [INSIDE]: "1" } },
  );
  return run.status ?? 1;
}
