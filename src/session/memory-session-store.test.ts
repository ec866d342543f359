import { MemorySessionStore } from "./memory-session-store";
import { describeSessionStore } from "./session-store-contract";

describeSessionStore("memory", async () => new MemorySessionStore());
