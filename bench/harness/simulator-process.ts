// Starts the model simulator (simulator-main.ts) as a child process and waits for its URL.

import type { Subprocess } from "bun";
import type { Children } from "./children";

const SIMULATOR_MAIN = new URL("./simulator-main.ts", import.meta.url).pathname;
const START_TIMEOUT_MS = 30_000;

/** 60 ms chunks at real-time speed, first audio 150 ms after `response.create`. */
export const SIMULATOR_PACING = { chunkMs: 60, playbackSpeed: 1, firstAudioDelayMs: 150 };

export interface SimulatorProcess {
  child: Subprocess;
  url: string;
}

/** Output goes to `logFile` when given, else to this process's own. */
export function startSimulator(children: Children, logFile?: string): Promise<SimulatorProcess> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the model simulator did not start")),
      START_TIMEOUT_MS,
    );
    const child = children.spawn({
      args: [SIMULATOR_MAIN],
      ...(logFile && { logFile }),
      onMessage: (message) => {
        const ready = message as { type?: string; url?: string };
        if (ready.type !== "ready" || !ready.url) return;
        clearTimeout(timer);
        resolve({ child, url: ready.url });
      },
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the model simulator exited (${code})${logFile ? `; see ${logFile}` : ""}`));
    });
  });
}
