import type { AnswerOffer, PlaceOffer } from "../../media/media-leg";
import type { WhatsAppMedia } from "./whatsapp-calls";
import type { OutboundMedia } from "./whatsapp-dialler";

/** Shapes plain WebRTC answers into what WhatsApp accepts. */
export function whatsAppMedia(
  answerOffer: AnswerOffer,
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
  createOffer: PlaceOffer,
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
