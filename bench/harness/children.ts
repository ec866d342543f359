// The processes a benchmark starts, kept in one place so that all of them are stopped at the
// end, whatever happened. Each child also has the orphan guard preloaded, in case this process
// is killed before it can stop them.

import type { Subprocess } from "bun";

const ORPHAN_GUARD = new URL("./orphan-guard.ts", import.meta.url).pathname;

export interface ChildOptions {
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Where stdout and stderr go; default: this process's own. */
  logFile?: string;
  /** Messages from the child over Bun's IPC channel. */
  onMessage?: (message: unknown) => void;
  /** Extra modules to preload (after the orphan guard). */
  preload?: string[];
  /** Extra Bun flags, e.g. --cpu-prof. */
  bunFlags?: string[];
  /** Lower CPU priority (`nice -n`), so that this child yields to the ones under test. */
  nice?: number;
}

export class Children {
  private readonly live = new Set<Subprocess>();

  spawn(options: ChildOptions): Subprocess {
    const preload = [ORPHAN_GUARD, ...(options.preload ?? [])].flatMap((p) => ["--preload", p]);
    const output = options.logFile ? Bun.file(options.logFile) : "inherit";
    const child = Bun.spawn({
      cmd: [
        ...(options.nice ? ["nice", "-n", String(options.nice)] : []),
        process.execPath,
        ...(options.bunFlags ?? []),
        ...preload,
        ...options.args,
      ],
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdin: "ignore",
      stdout: output,
      stderr: output,
      ...(options.onMessage && {
        ipc: (message: unknown) => options.onMessage?.(message),
        serialization: "json" as const,
      }),
    });
    this.live.add(child);
    void child.exited.then(() => this.live.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL for whatever is still running after `graceMs`. */
  async stop(child: Subprocess, graceMs = 8000): Promise<void> {
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

  async stopAll(graceMs = 8000): Promise<void> {
    await Promise.all([...this.live].map((child) => this.stop(child, graceMs)));
  }
}
