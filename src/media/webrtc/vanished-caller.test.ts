import { expect, test } from "bun:test";
import { eventually } from "../../../test/eventually";
import { answerWebRtcOffer } from "./answer-offer";
import { liveWebRtcLegs } from "./webrtc-leg";

const callerPeerPath = new URL("../../../test/caller-peer.ts", import.meta.url).pathname;

/** A caller in its own process, so that it can vanish without a word (SIGKILL). */
const callerScript = `
import { createCallerPeer } from ${JSON.stringify(callerPeerPath)};
const caller = await createCallerPeer({ pcm: new Int16Array(48000 * 60).fill(2000) });
console.log(JSON.stringify(caller.offerSdp));
for await (const line of console) await caller.answer(JSON.parse(line));
`;

test("a caller that vanishes without hanging up is reported, and the leg closes itself", async () => {
  const before = liveWebRtcLegs();
  const child = Bun.spawn([process.execPath, "-e", callerScript], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  try {
    const reader = child.stdout.getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the caller process ended before making its offer");
      text += new TextDecoder().decode(value);
    }
    const { leg, answerSdp } = await answerWebRtcOffer(
      JSON.parse(text.slice(0, text.indexOf("\n"))),
    );
    const events: string[] = [];
    let frames = 0;
    leg.on("connected", () => events.push("connected"));
    leg.on("disconnected", (reason) => events.push(`disconnected:${reason}`));
    leg.on("closed", () => events.push("closed"));
    leg.on("audio", () => frames++);
    child.stdin.write(`${JSON.stringify(answerSdp)}\n`);
    await child.stdin.flush();
    await eventually(
      "the caller's audio",
      () => events.includes("connected") && frames > 50,
      10_000,
    );

    child.kill("SIGKILL");
    // No DTLS close alert arrives: only ICE notices (disconnected, then the grace period).
    await eventually("the leg to give up on the caller", () => events.includes("closed"), 40_000);
    expect(events[0]).toBe("connected");
    expect(["disconnected:ice_disconnected", "disconnected:ice_failed"]).toContain(events[1] ?? "");
    expect(events.slice(2)).toEqual(["closed"]);
    expect(liveWebRtcLegs()).toBe(before);
  } finally {
    child.kill("SIGKILL");
  }
}, 60_000);
