import {
  AudioFrame,
  AudioSource,
  AudioStream,
  DisconnectReason,
  LocalAudioTrack,
  ParticipantKind,
  type RemoteParticipant,
  type RemoteTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from "@livekit/rtc-node";
import { MEDIA_FRAME_SAMPLES, MEDIA_SAMPLE_RATE } from "../media/media-leg";
import { AgentPlayout } from "./agent-playout";
import type { JoinRoom } from "./room-joiner";
import { LiveKitRoomLeg } from "./room-leg";

/**
 * Agent audio the source holds before captureFrame waits: enough to ride out a late timer tick,
 * small enough that a barge-in has little to clear.
 */
const SOURCE_QUEUE_MS = 100;

/**
 * The only file that touches @livekit/rtc-node (loaded lazily by room-joiner.ts): joins the room
 * as the agent, publishes its microphone track, and drives a LiveKitRoomLeg from the room's
 * events. Not exercised by the tests here: it needs a LiveKit server (see the README).
 */
export const joinWithRtcNode: JoinRoom = async ({ url, token, callerIdentity, onError }) => {
  const room = new Room();
  const source = new AudioSource(MEDIA_SAMPLE_RATE, 1, SOURCE_QUEUE_MS);
  const playout = new AgentPlayout(
    source,
    (pcm) => new AudioFrame(pcm, MEDIA_SAMPLE_RATE, 1, MEDIA_FRAME_SAMPLES),
    onError,
  );
  const streams = new Set<AudioStream>();
  const leg = new LiveKitRoomLeg(
    {
      leave: async () => {
        room.removeAllListeners();
        await Promise.allSettled([...streams].map((stream) => stream.cancel()));
        await room.disconnect();
      },
    },
    playout,
    { ...(callerIdentity && { callerIdentity }), onListenerError: onError },
  );
  const isAgent = (p: RemoteParticipant) => p.kind === ParticipantKind.AGENT;
  room
    .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant: RemoteParticipant) => {
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      if (!leg.audioTrackFrom({ identity: participant.identity, isAgent: isAgent(participant) }))
        return;
      const stream = new AudioStream(track, {
        sampleRate: MEDIA_SAMPLE_RATE,
        numChannels: 1,
        frameSizeMs: 10,
      });
      streams.add(stream);
      void readFrames(stream, leg, onError).finally(() => streams.delete(stream));
    })
    .on(RoomEvent.ParticipantDisconnected, (participant: RemoteParticipant) =>
      leg.participantLeft(participant.identity),
    )
    .on(RoomEvent.DtmfReceived, (_code: number, digit: string, participant: RemoteParticipant) =>
      leg.dtmf(participant.identity, digit),
    )
    .on(RoomEvent.Disconnected, (reason: DisconnectReason) =>
      leg.roomDisconnected(DisconnectReason[reason] ?? String(reason)),
    );
  try {
    await room.connect(url, token, { autoSubscribe: true, dynacast: false });
    const track = LocalAudioTrack.createAudioTrack("agent", source);
    const options = new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
    await room.localParticipant?.publishTrack(track, options);
  } catch (error) {
    await leg.close("join failed");
    throw error;
  }
  return leg;
};

async function readFrames(
  stream: AudioStream,
  leg: LiveKitRoomLeg,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    for await (const frame of stream) leg.callerAudio(frame);
  } catch (error) {
    onError(error);
  }
}
