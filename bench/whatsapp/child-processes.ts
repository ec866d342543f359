// The processes the WhatsApp benchmark starts, kept together so that every one of them is
// stopped at the end whatever happened (SIGTERM, then SIGKILL after a grace period).

import type { Subprocess } from "bun";

const PARENT_WATCH = new URL("./parent-watch.ts", import.meta.url).pathname;

export interface ChildSpec {
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** stdout and stderr go here. */
  logFile: string;
  /** JSON messages from the child over Bun's IPC channel. */
  onMessage?: (message: unknown) => void;
}

export class ChildProcesses {
  private readonly live = new Set<Subprocess>();

  spawn(spec: ChildSpec): Subprocess {
    const log = Bun.file(spec.logFile);
    const child = Bun.spawn({
      cmd: [process.execPath, "--preload", PARENT_WATCH, ...spec.args],
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdin: "ignore",
      stdout: log,
      stderr: log,
      ...(spec.onMessage && {
        ipc: (message: unknown) => spec.onMessage?.(message),
        serialization: "json" as const,
      }),
    });
    this.live.add(child);
    void child.exited.then(() => this.live.delete(child));
    return child;
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all([...this.live].map((child) => stop(child, graceMs)));
  }
}

async function stop(child: Subprocess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const exited = await Promise.race([
    child.exited.then(() => true),
    Bun.sleep(graceMs).then(() => false),
  ]);
  if (!exited) {
    child.kill("SIGKILL");
    await child.exited;
  }
}
