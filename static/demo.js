// The demo page: calls an agent from the microphone over WebRTC, shows the live transcript,
// hangs up. It uses only the public API: POST /v1/calls/web, GET /v1/calls/{id}/events,
// DELETE /v1/calls/{id}, GET /v1/calls/brand, and /readyz to tell whether the model simulator
// is answering.
import { showBrand } from "/static/brand.js";
import { LatencyBoard, startLevelMeter, startTimer } from "/static/call-gauges.js";
import { endSentence } from "/static/end-reasons.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
if (params.get("agent")) $("agent").value = params.get("agent");
if (params.get("token")) $("token").value = params.get("token");
if (params.get("agent") && params.get("token")) setStatus("Press Call and allow the microphone.");
showBrand($("token").value.trim());

let call = null; // { id, pc, mic, audio, events, stopGauges, hangingUp }
const lines = [];
const latency = new LatencyBoard($("latency"), $("latency-summary"), $("turn-latencies"));
// For the console and the browser test: the live call's peer connection (getStats()).
window.astraDemo = { peerConnection: () => call?.pc ?? null };

showModelMode();

async function showModelMode() {
  const ready = await fetch("/readyz")
    .then((res) => res.json())
    .catch(() => null);
  $("model-notice").hidden = ready?.model !== "simulator";
}

function setStatus(text) {
  $("status").textContent = text;
}

function addLine(role, text, offsetMs) {
  lines.push({ role, text, offsetMs });
  const li = document.createElement("li");
  li.className = role;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = `${role === "user" ? "Caller" : "Agent"} · ${(offsetMs / 1000).toFixed(1)} s`;
  const said = document.createElement("div");
  said.className = "text";
  said.textContent = text;
  li.append(who, said);
  $("transcript").append(li);
  $("export").disabled = false;
}

function waitForIce(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => pc.iceGatheringState === "complete" && resolve();
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, 3000);
  });
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${$("token").value.trim()}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok && res.status !== 204) {
    const err = await res.json().catch(() => ({}));
    throw new Error(err.error?.message ?? `HTTP ${res.status}`);
  }
  return res.status === 204 ? null : res;
}

/**
 * Follows the call's events until it ends. When the stream closes early (a proxy's idle timeout,
 * a network blip), the call's own state says whether to reconnect or how it ended.
 */
async function followEvents(callId, signal) {
  while (!signal.aborted && call?.id === callId) {
    await readEvents(callId, signal).catch(() => {});
    if (signal.aborted || call?.id !== callId) return;
    const state = await api("GET", `/v1/calls/${callId}`)
      .then((res) => res.json())
      .catch(() => null);
    if (!state?.live) return finish(endSentence(state?.endReason));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Reads the call's server-sent events through fetch, so the token travels in a header. */
async function readEvents(callId, signal) {
  const res = await api("GET", `/v1/calls/${callId}/events`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null");
      if (event === "transcript") addLine(data.role, data.text, data.offsetMs);
      if (event === "phase") setStatus(data.phase === "active" ? "Connected" : data.phase);
      if (event === "turn") latency.add(data);
      if (event === "ended") finish(call?.hangingUp ? "You hung up." : endSentence(data.reason));
    }
  }
}

async function startCall(event) {
  event.preventDefault();
  $("call").disabled = true;
  setStatus("Starting…");
  // Made while the Call press counts as the user's gesture, so the browser lets it run.
  const audio = new AudioContext();
  audio.resume().catch(() => {});
  const stops = [];
  try {
    const mic = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
    });
    const config = await (await api("GET", "/v1/calls/webrtc-config")).json();
    const pc = new RTCPeerConnection({ iceServers: config.iceServers });
    for (const track of mic.getTracks()) pc.addTrack(track, mic);
    pc.ontrack = (e) => {
      const voice = e.streams[0] ?? new MediaStream([e.track]);
      $("remote").srcObject = voice;
      stops.push(startLevelMeter(audio, voice, $("agent-level")));
    };
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIce(pc);
    const res = await api("POST", "/v1/calls/web", {
      agentId: $("agent").value.trim(),
      sdp: pc.localDescription.sdp,
    });
    const answer = await res.json();
    await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    const events = new AbortController();
    latency.reset();
    stops.push(startTimer($("timer")), startLevelMeter(audio, mic, $("mic-level")));
    const stopGauges = () => {
      for (const stop of stops) stop();
      audio.close().catch(() => {});
    };
    call = { id: answer.callId, pc, mic, events, stopGauges, hangingUp: false };
    document.body.dataset.callId = answer.callId;
    $("hangup").disabled = false;
    applyPushToTalk();
    setStatus("Connecting…");
    followEvents(answer.callId, events.signal).catch(() => {});
  } catch (error) {
    const expired = /expired/.test(error.message);
    setStatus(
      expired
        ? "Could not call: this link's call token has expired. Restart the service for a fresh link, or mint a new token."
        : `Could not call: ${error.message}`,
    );
    for (const stop of stops) stop();
    audio.close().catch(() => {});
    $("call").disabled = false;
  }
}

function finish(text) {
  if (!call) return;
  // The buttons about to be disabled would drop the keyboard's focus; Call takes it instead.
  const focusWasOnCall = [$("hangup"), $("talk")].includes(document.activeElement);
  call.events.abort();
  call.stopGauges();
  call.pc.close();
  for (const track of call.mic.getTracks()) track.stop();
  call = null;
  setStatus(text);
  $("call").disabled = false;
  $("hangup").disabled = true;
  $("talk").disabled = true;
  $("talk").setAttribute("aria-pressed", "false");
  if (focusWasOnCall) $("call").focus();
}

async function hangUp() {
  if (!call) return;
  call.hangingUp = true;
  await api("DELETE", `/v1/calls/${call.id}`).catch(() => {});
  finish("You hung up.");
}

function setMic(enabled) {
  for (const track of call?.mic.getAudioTracks() ?? []) track.enabled = enabled;
}

/** "Hold to talk" held down (pointer or keyboard): the microphone is open while it is. */
function holdTalk(held) {
  if (!$("ptt").checked) return;
  $("talk").setAttribute("aria-pressed", String(held && !$("talk").disabled));
  setMic(held);
}

function applyPushToTalk() {
  const ptt = $("ptt").checked;
  $("talk").disabled = !call || !ptt;
  $("talk").setAttribute("aria-pressed", "false");
  setMic(!ptt);
}

function exportTranscript() {
  const text = lines
    .map(
      (l) =>
        `[${(l.offsetMs / 1000).toFixed(1)}s] ${l.role === "user" ? "Caller" : "Agent"}: ${l.text}`,
    )
    .join("\n");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  link.download = `transcript-${document.body.dataset.callId ?? "call"}.txt`;
  link.click();
}

$("setup").addEventListener("submit", startCall);
$("hangup").addEventListener("click", hangUp);
$("ptt").addEventListener("change", applyPushToTalk);
$("token").addEventListener("change", () => showBrand($("token").value.trim()));
$("talk").addEventListener("pointerdown", () => holdTalk(true));
$("talk").addEventListener("pointerup", () => holdTalk(false));
$("talk").addEventListener("pointerleave", () => holdTalk(false));
$("talk").addEventListener("blur", () => holdTalk(false));
// Space or Enter held down talks, as a held press does; key repeats change nothing.
const isTalkKey = (e) => e.key === " " || e.key === "Enter";
$("talk").addEventListener("keydown", (e) => {
  if (!isTalkKey(e)) return;
  e.preventDefault();
  if (!e.repeat) holdTalk(true);
});
$("talk").addEventListener("keyup", (e) => {
  if (!isTalkKey(e)) return;
  e.preventDefault();
  holdTalk(false);
});
$("export").addEventListener("click", exportTranscript);
