// The machine a benchmark ran on, as BENCHMARKS.md records it.

import { readFileSync } from "node:fs";

export interface Machine {
  cores: number;
  cpuModel: string;
  bunVersion: string;
  date: string;
}

export function thisMachine(): Machine {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1];
  return {
    cores: Number(Bun.spawnSync(["nproc"]).stdout.toString().trim()),
    cpuModel: model?.trim() ?? "unknown",
    bunVersion: Bun.version,
    date: new Date().toISOString().slice(0, 10),
  };
}
