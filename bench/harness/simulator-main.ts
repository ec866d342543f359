// Child process: the realtime model simulator, streaming its audio in real time (playback
// speed 1) as a live model does. Reports {type: "ready", url} over IPC; runs until SIGTERM.

import { startModelSimulator } from "../../src/models/simulator/server";
import { SIMULATOR_PACING } from "./simulator-process";

const simulator = await startModelSimulator({
  port: 0,
  hostname: "127.0.0.1",
  pacing: SIMULATOR_PACING,
});
process.send?.({ type: "ready", url: simulator.url });
process.on("SIGTERM", () => {
  void simulator.stop().finally(() => process.exit(0));
});
