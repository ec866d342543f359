// Why a call ended, said the way a person would say it. The reasons are the API's end reasons
// (`endReason` of a call); a reason this page does not know yet still ends in a sentence.
const SENTENCES = {
  caller_hung_up: "You hung up.",
  hung_up_by_api: "The call was hung up through the API.",
  agent_ended: "The agent ended the call.",
  silence_timeout: "The call ended after a long silence.",
  max_duration: "The call reached its time limit.",
  model_unavailable: "The voice model could not be reached, so the call ended.",
  media_failed: "The audio connection was lost.",
  connect_timeout: "The audio connection could not be set up in time.",
  provider_terminated: "The phone network ended the call.",
  rejected: "The call was declined.",
  quota_exceeded: "The call was declined: this month's call minutes are used up.",
  no_answer: "Nobody answered.",
  busy: "The line was busy.",
  transferred: "The call was transferred to a person.",
  no_permission: "The caller has not allowed calls from this number.",
  permission_rejected: "The caller declined calls from this number.",
  permission_expired: "The caller did not answer the request to call them in time.",
  provider_failed: "The phone provider could not place the call.",
  gateway_shutdown: "The service shut down, so the call ended.",
  gateway_restarted: "The service restarted, so the call ended.",
  error: "Something went wrong, so the call ended.",
};

export function endSentence(reason) {
  return SENTENCES[reason] ?? "The call ended.";
}
