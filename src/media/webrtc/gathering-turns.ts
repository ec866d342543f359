/** Longest a peer connection holds the turn; a slow TURN server must not stall every call. */
const MAX_TURN_MS = 1000;
const POLL_MS = 10;

/**
 * Lets one peer connection gather at a time when they share a port range. libwebrtc gives every
 * session still gathering a fresh socket when another peer connection starts (measured: five
 * legs opened back to back held 14 ports of the range, one at a time held 5), so without turns
 * a burst of calls runs out of ports long before the range holds as many calls.
 */
export class GatheringTurns {
  private tail: Promise<void> = Promise.resolve();

  /**
   * Waits for the previous peer connection to finish gathering; the returned function hands
   * the turn on once `pc` has finished (or closed), or at once when given null.
   */
  async take(): Promise<(pc: RTCPeerConnection | null) => void> {
    const previous = this.tail;
    let handOn: () => void = () => {};
    this.tail = new Promise<void>((resolve) => {
      handOn = resolve;
    });
    await previous;
    return (pc) => {
      if (pc === null) handOn();
      else void gatheringOver(pc).then(handOn);
    };
  }
}

async function gatheringOver(pc: RTCPeerConnection): Promise<void> {
  const deadline = performance.now() + MAX_TURN_MS;
  while (
    pc.iceGatheringState !== "complete" &&
    pc.signalingState !== "closed" &&
    performance.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** One queue per process: every port range shares the one libwebrtc network manager. */
export const portRangeTurns = new GatheringTurns();
