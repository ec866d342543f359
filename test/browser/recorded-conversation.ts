import { dialBrowser } from "../browser-calls";
import { callerRecording } from "../caller-audio";
import type { CallerPeer } from "../caller-peer";
import { eventually, until } from "../eventually";
import type { ServedApp } from "./serve-app";

// A finished conversation made the way real ones are: a WebRTC caller dials the gateway, hears
// the greeting, asks something, the model (the simulator) calls a tool, answers, and the call is
// hung up. It ends with a stereo recording, a transcript placed on the call clock, and an analysis.

interface StoredMessage {
  role: string;
  tool: unknown;
  endMs: number | null;
}

async function conversation(served: ServedApp, key: string, callId: string) {
  return (await served.api.call("GET", `/v1/conversations/${callId}`, { key })).body;
}

/** Dials `agentId` and waits until the greeting is heard; the caller stays on the line. */
export async function liveCall(
  served: ServedApp,
  key: string,
  agentId: string,
  callers: CallerPeer[],
): Promise<{ caller: CallerPeer; callId: string }> {
  const call = await dialBrowser(served.api, key, agentId, callers);
  await eventually("the greeting to be heard", () => call.caller.audibleMs() > 800, 15_000);
  return call;
}

/** Places the call, hangs it up once the tool's answer was spoken, and waits for its records. */
export async function recordedConversation(
  served: ServedApp,
  key: string,
  agentId: string,
  callers: CallerPeer[],
): Promise<string> {
  const { caller, callId } = await liveCall(served, key, agentId, callers);
  // The caller speaks once the greeting has been heard out (no new audio for 400 ms).
  await until(
    "the greeting to finish",
    async () => {
      const heard = caller.audibleMs();
      await Bun.sleep(400);
      return caller.audibleMs() === heard;
    },
    30_000,
  );
  caller.play(callerRecording("en-hours.wav"));
  // Hung up once the reply after the tool call has been sent to its end, so the recording holds
  // all of it and nothing the model says later (its prompt after a silence).
  await until(
    "the tool call and the whole reply after it",
    async () => {
      const messages: StoredMessage[] = (await conversation(served, key, callId)).messages;
      const tool = messages.findIndex((m) => m.tool !== null);
      return (
        tool >= 0 && messages.slice(tool).some((m) => m.role === "assistant" && m.endMs !== null)
      );
    },
    30_000,
  );
  await served.api.call("DELETE", `/v1/calls/${callId}`, { key });
  await until(
    "the recording and the analysis",
    async () => {
      const record = await conversation(served, key, callId);
      return record.recording?.status === "ready" && record.analysis !== null;
    },
    30_000,
  );
  return callId;
}
