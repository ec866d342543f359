// Runs the call benchmark inside a network namespace of its own that holds nothing but the
// loopback device (`unshare -rn`, no root needed where user namespaces are allowed). libwebrtc
// gathers ICE candidates on every interface and learns peer-reflexive ones from the far side's
// checks, so filtering SDP alone cannot keep media on 127.0.0.1; an empty namespace can.

import { spawnSync } from "node:child_process";

const MARK = "ASTRA_BENCH_PRIVATE_NETWORK";
const ORPHAN_GUARD = new URL("./orphan-guard.ts", import.meta.url).pathname;

export type NetworkMode = "private loopback-only namespace" | "host network";

export function networkMode(): NetworkMode {
  return process.env[MARK] === "1" ? "private loopback-only namespace" : "host network";
}

/**
 * Runs this same script again inside a fresh loopback-only namespace and returns its exit
 * code; null when namespaces are not available here (the caller then runs on the host).
 */
export function rerunInPrivateNetwork(): number | null {
  if (process.env[MARK] === "1") return null;
  const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore" });
  if (probe.status !== 0) return null;
  const [bun = process.execPath, ...rest] = process.argv;
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
      ...rest,
    ],
    { stdio: "inherit", env: { ...process.env, [MARK]: "1" } },
  );
  return run.status ?? 1;
}
