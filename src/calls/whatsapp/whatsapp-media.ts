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

/** Our offers for calls we place, shaped to WhatsApp's media rules. */
export function whatsAppOutboundMedia(
  createOffer: Offerer,
  shapeOffer: (offerSdp: string) => string,
): OutboundMedia {
  return {
    offer: async () => {
      const offer = await createOffer();
      try {
        return { ...offer, offerSdp: shapeOffer(offer.offerSdp) };
      } catch (error) {
        await offer.leg.close("offer_failed");
        throw error;
      }
    },
  };
}
