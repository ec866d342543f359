// Runs the benchmark inside a network namespace of its own holding only the loopback device
// (`unshare -rn`, no root needed where user namespaces are allowed). libwebrtc gathers
// candidates on every interface and answers peer-reflexive ones, so filtering SDP alone cannot
// promise that media stays on 127.0.0.1; an empty namespace can.

import { spawnSync } from "node:child_process";

const INSIDE = "ASTRA_WHATSAPP_BENCH_NAMESPACE";

export function insideLoopbackNamespace(): boolean {
  return process.env[INSIDE] === "1";
}

/**
 * Runs this same command again inside a fresh loopback-only namespace and returns its exit
 * code, or null when namespaces are not available (the caller then runs on the host network).
 */
export function rerunInLoopbackNamespace(): number | null {
  if (insideLoopbackNamespace()) return null;
  const probe = spawnSync("unshare", ["-rn", "sh", "-c", "ip link set lo up"], { stdio: "ignore" });
  if (probe.status !== 0) return null;
  const [bun = process.execPath, ...args] = process.argv;
  const run = spawnSync(
    "unshare",
    ["-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", bun, ...args],
    { stdio: "inherit", env: { ...process.env, [INSIDE]: "1" } },
  );
  return run.status ?? 1;
}
