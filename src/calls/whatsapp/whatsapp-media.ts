import type { MediaLeg } from "../../media/media-leg";
import type { WhatsAppMedia } from "./whatsapp-calls";
import type { OutboundMedia } from "./whatsapp-dialler";

type Answerer = (offerSdp: string) => Promise<{ leg: MediaLeg; answerSdp: string }>;
type Offerer = () => Promise<{
  leg: MediaLeg;
  offerSdp: string;
  applyAnswer(sdp: string): Promise<void>;
}>;

/** Shapes plain WebRTC answers into what WhatsApp accepts. */
export function whatsAppMedia(
  answerOffer: Answerer,
  shapeAnswer: (answerSdp: string) => string,
): WhatsAppMedia {
  return {
    answer: async (offerSdp) => {
      const { leg, answerSdp } = await answerOffer(offerSdp);
      try {
        return { leg, answerSdp: shapeAnswer(answerSdp) };
      } catch (error) {
        await leg.close("answer_failed");
        throw error;
      }
    },
  };
}

/**
 * Our offers for calls we place. The wrtc offer is already one audio section with a sha-256
 * fingerprint; WhatsApp wants every candidate in it, so the trickle option is dropped.
 */
export function whatsAppOutboundMedia(createOffer: Offerer): OutboundMedia {
  return {
    offer: async () => {
      const offer = await createOffer();
      const offerSdp = offer.offerSdp
        .split("\r\n")
        .filter((line) => line !== "a=ice-options:trickle")
        .join("\r\n");
      return { ...offer, offerSdp };
    },
  };
}
