import { expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { createCallerPeer } from "../../../test/caller-peer";
import { eventually } from "../../../test/eventually";
import { answerWebRtcOffer } from "./answer-offer";
import { createWebRtcOffer } from "./create-offer";
import { liveWebRtcLegs } from "./webrtc-leg";

/** Open file descriptors: every peer connection holds UDP/TCP sockets while it lives. */
function openFds(): number {
  return existsSync("/proc/self/fd") ? readdirSync("/proc/self/fd").length : 0;
}

function rssMb(): number {
  Bun.gc(true);
  return process.memoryUsage().rss / 1_048_576;
}

/** One leg's life: every tenth connects to a real caller and hears it; the rest only negotiate. */
async function oneLeg(i: number, offerSdp: string): Promise<void> {
  if (i % 10 === 0) {
    const caller = await createCallerPeer({ pcm: new Int16Array(48_000).fill(3000) });
    const { leg, answerSdp } = await answerWebRtcOffer(caller.offerSdp);
    let frames = 0;
    leg.on("audio", () => frames++);
    await caller.answer(answerSdp);
    await eventually("caller audio at the leg", () => frames >= 20, 10_000);
    await leg.close("done");
    caller.close();
  } else if (i % 2 === 0) {
    const { leg } = await answerWebRtcOffer(offerSdp);
    await leg.close("done");
  } else {
    const { leg } = await createWebRtcOffer();
    await leg.close("done");
  }
}

test("200 legs opened and closed in a row leave no peer connection, socket or memory behind", async () => {
  const caller = await createCallerPeer();
  caller.close();
  const before = liveWebRtcLegs();
  for (let i = 0; i < 20; i++) await oneLeg(i, caller.offerSdp); // warm-up: JIT, pools, caches
  const fdsAfterWarmUp = openFds();
  const rssAfterWarmUp = rssMb();
  // The socket count is a fair measure of live peer connections: five open legs raise it.
  const five = await Promise.all([1, 2, 3, 4, 5].map(() => createWebRtcOffer()));
  expect(openFds()).toBeGreaterThan(fdsAfterWarmUp + 5);
  for (const { leg } of five) await leg.close("done");
  for (let i = 0; i < 200; i++) await oneLeg(i, caller.offerSdp);
  expect(liveWebRtcLegs()).toBe(before);
  // Sockets are released on wrtc's network thread, a moment after close().
  await eventually("sockets to be released", () => openFds() <= fdsAfterWarmUp + 4, 10_000);
  const rssAfterAll = rssMb();
  console.log(
    `media teardown: RSS ${rssAfterWarmUp.toFixed(1)} MB after warm-up, ${rssAfterAll.toFixed(1)} MB after 200 more legs; fds ${fdsAfterWarmUp} -> ${openFds()}`,
  );
  // Generous: a leak of a peer connection (a few MB of native buffers each) would double it.
  expect(rssAfterAll / rssAfterWarmUp).toBeLessThan(1.5);
}, 240_000);
