// Summarises a CPU profile of the gateway (`bun --cpu-prof`, Chrome .cpuprofile format): the
// functions the JavaScript thread was found running most often. Bun samples only while
// JavaScript runs, and each sample's time delta includes the idle gap before it, so samples
// are counted rather than deltas summed. Native threads (WebRTC, Opus, SRTP) are not in the
// profile; the benchmark counts their CPU per thread from /proc instead.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  samples: number;
  /** Fraction of all samples: of the JavaScript thread's busy time. */
  share: number;
}

/** The `top` functions by samples in which they were the one running (self time). */
export function topSelfTime(dir: string, top = 12): ProfileEntry[] {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const counts = new Map<string, ProfileEntry>();
  for (const id of profile.samples) {
    const frame = byNode.get(id);
    if (!frame) continue;
    const where = frame.url
      ? `${frame.url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${frame.lineNumber + 1}`
      : "native";
    const key = `${frame.functionName}@${where}`;
    const entry = counts.get(key) ?? {
      name: frame.functionName || "(anonymous)",
      where,
      samples: 0,
      share: 0,
    };
    entry.samples++;
    counts.set(key, entry);
  }
  const total = profile.samples.length;
  return [...counts.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, top)
    .map((e) => ({ ...e, share: e.samples / total }));
}

export function summariseProfile(dir: string): string {
  const rows = topSelfTime(dir).map(
    (e) =>
      `  ${(e.share * 100).toFixed(1).padStart(5)}%  ${String(e.samples).padStart(6)}  ${e.name}  ${e.where}`,
  );
  return ["gateway JavaScript thread, share of samples (self):", ...rows].join("\n");
}
