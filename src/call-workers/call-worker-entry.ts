// Where a call worker thread starts: its own copy of the WebRTC addon first, then the worker.

import { useOwnWrtcCopy } from "./own-wrtc";

useOwnWrtcCopy();
await import("./call-worker");
