// Child process: the realtime model simulator, paced in real time so that the gateway's
// playout sees audio arrive the way a live model streams it. Sends {type:"ready", url} over IPC
// and runs until SIGTERM.

import { startModelSimulator } from "../../src/models/simulator/server";

const simulator = await startModelSimulator({
  port: 0,
  hostname: "127.0.0.1",
  pacing: { chunkMs: 60, playbackSpeed: 1, firstAudioDelayMs: 150 },
});
process.send?.({ type: "ready", url: simulator.url });

process.on("SIGTERM", () => {
  void simulator.stop().finally(() => process.exit(0));
});
