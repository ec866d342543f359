// Reads another process's CPU time and memory from /proc (Linux only), so the gateway is
// measured from outside without changing it.

import { readdirSync, readFileSync } from "node:fs";

/** Kernel clock ticks per second for utime/stime; 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

interface ThreadStat {
  name: string;
  cpuSeconds: number;
}

/** utime + stime of one /proc stat line; the name in parentheses may itself hold spaces. */
function parseStat(line: string): ThreadStat {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  const name = line.slice(open + 1, close);
  // Fields after ")" start at field 3 (state); utime and stime are fields 14 and 15.
  const fields = line.slice(close + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { name, cpuSeconds: ticks / TICKS_PER_SECOND };
}

/** CPU seconds (user + system) the process has used so far, all threads together. */
export function cpuSeconds(pid: number): number {
  return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8")).cpuSeconds;
}

/** Resident memory in MB (VmRSS). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * CPU seconds per thread name (threads of one kind, e.g. a thread pool, summed). Threads that
 * ended meanwhile are missing, so compare two snapshots only for long-lived threads.
 */
export function cpuByThreadName(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: ThreadStat;
    try {
      stat = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
    } catch {
      continue; // the thread ended between listing and reading
    }
    const name = stat.name.replace(/\d+$/, "#");
    byName.set(name, (byName.get(name) ?? 0) + stat.cpuSeconds);
  }
  return byName;
}

/** Busy and total CPU seconds of the whole machine so far (all cores, from /proc/stat). */
function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export interface UsageWindow {
  wallSeconds: number;
  cpuSeconds: number;
  /** CPU seconds per wall second: 1.0 is one core kept busy. */
  cores: number;
  rssMeanMb: number;
  rssMaxMb: number;
  /** CPU seconds per thread name over the window, largest first. */
  threads: Array<{ name: string; cpuSeconds: number }>;
  /** Cores kept busy by each group of other processes watched alongside. */
  others: Record<string, number>;
  /** Cores kept busy on the whole machine, by anything. */
  machineBusyCores: number;
}

/**
 * Samples a process's RSS once a second while a window runs, and its CPU time at both ends;
 * also the CPU of other groups of processes (`others`, name -> pids) and of the machine.
 * The returned `stop()` ends the window and gives the figures.
 */
export function startUsageWindow(
  pid: number,
  others: Record<string, number[]> = {},
): { stop(): UsageWindow } {
  const startedAt = performance.now();
  const cpuAtStart = cpuSeconds(pid);
  const threadsAtStart = cpuByThreadName(pid);
  const groupCpu = (pids: number[]) => pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const othersAtStart = Object.fromEntries(
    Object.entries(others).map(([name, pids]) => [name, groupCpu(pids)]),
  );
  const machineAtStart = machineCpuSeconds();
  const rss: number[] = [rssMb(pid)];
  const timer = setInterval(() => rss.push(rssMb(pid)), 1000);
  return {
    stop() {
      clearInterval(timer);
      rss.push(rssMb(pid));
      const wallSeconds = (performance.now() - startedAt) / 1000;
      const cpu = cpuSeconds(pid) - cpuAtStart;
      const threads = [...cpuByThreadName(pid)]
        .map(([name, seconds]) => ({ name, cpuSeconds: seconds - (threadsAtStart.get(name) ?? 0) }))
        .filter((t) => t.cpuSeconds > 0)
        .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
      const machine = machineCpuSeconds();
      const cores = (seconds: number) => seconds / wallSeconds;
      return {
        others: Object.fromEntries(
          Object.entries(others).map(([name, pids]) => [
            name,
            cores(groupCpu(pids) - (othersAtStart[name] ?? 0)),
          ]),
        ),
        machineBusyCores: cores(machine.busy - machineAtStart.busy),
        wallSeconds,
        cpuSeconds: cpu,
        cores: cpu / wallSeconds,
        rssMeanMb: rss.reduce((a, b) => a + b, 0) / rss.length,
        rssMaxMb: Math.max(...rss),
        threads,
      };
    },
  };
}
