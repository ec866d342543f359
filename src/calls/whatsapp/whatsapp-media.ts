import type { WhatsAppMedia } from "./whatsapp-calls";

/** Shapes a plain WebRTC answer into what WhatsApp accepts. */
export function whatsAppMedia(
  answerOffer: (
    offerSdp: string,
  ) => Promise<{ leg: import("../../media/media-leg").MediaLeg; answerSdp: string }>,
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
