import type { Page } from "playwright-core";

export interface InboundAudio {
  packetsReceived: number;
  /** Root of the mean power over all received audio (1 = full scale). */
  rmsLevel: number;
  playing: boolean;
}

/** The page's inbound audio as WebRTC stats report it, and whether its audio element plays. */
export function inboundAudio(page: Page): Promise<InboundAudio | null> {
  return page.evaluate(async () => {
    const demo = (
      window as unknown as { astraDemo: { peerConnection(): RTCPeerConnection | null } }
    ).astraDemo;
    const pc = demo.peerConnection();
    if (!pc) return null;
    const remote = document.getElementById("remote") as HTMLAudioElement;
    for (const report of (await pc.getStats()).values()) {
      if (report.type !== "inbound-rtp" || report.kind !== "audio") continue;
      const duration = report.totalSamplesDuration ?? 0;
      return {
        packetsReceived: report.packetsReceived ?? 0,
        rmsLevel: duration > 0 ? Math.sqrt((report.totalAudioEnergy ?? 0) / duration) : 0,
        playing: remote.srcObject !== null && !remote.paused,
      };
    }
    return null;
  });
}

/**
 * Polls `check` every 100 ms until it gives a truthy value. Fails after 20 s, with what
 * `explain` says (the last value seen, the service's errors) in the message.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  explain: () => string = () => "",
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}. ${explain()}`);
    await Bun.sleep(100);
  }
}
