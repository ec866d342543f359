// What the demo page shows while a call runs: how long it has lasted, how loud the caller and
// the agent are, and how quickly the agent answers each turn.

/** m:ss (or h:mm:ss) */
function clock(ms) {
  const total = Math.floor(ms / 1000);
  const s = String(total % 60).padStart(2, "0");
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Counts up in `element` from now; the returned function stops it and keeps the last value. */
export function startTimer(element) {
  const startedAt = performance.now();
  const show = () => {
    element.textContent = clock(performance.now() - startedAt);
  };
  show();
  const timer = setInterval(show, 250);
  return () => {
    show();
    clearInterval(timer);
  };
}

/**
 * Shows a stream's level in a <meter> (0 = silence or muted, 1 = full scale), on a decibel scale
 * from -60 dBFS so that speech moves it visibly, read by an AnalyserNode on `context`. Used for
 * the caller's microphone and the agent's voice. Returns a function that stops it.
 */
export function startLevelMeter(context, stream, meter) {
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  // Chromium runs an analyser without it being connected on to the speakers, so the caller does
  // not hear themselves, nor the agent twice (its <audio> element plays it).
  const source = context.createMediaStreamSource(stream);
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let power = 0;
    for (const sample of samples) power += sample * sample;
    const rms = Math.sqrt(power / samples.length);
    const dbfs = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    meter.value = Math.max(0, Math.min(1, (dbfs + 60) / 60));
  }, 50);
  return () => {
    clearInterval(timer);
    source.disconnect();
    meter.value = 0;
  };
}

/**
 * Per-turn reply latency: the time from the end of the caller's speech (as the model's turn
 * detection heard it) to the agent's first audio leaving the gateway, from the call's `turn`
 * events. The greeting has no caller turn before it, so it carries no latency.
 */
export class LatencyBoard {
  /** `list`: an <ol> that gets one line per reply. */
  constructor(lastElement, summaryElement, list) {
    this.last = lastElement;
    this.summary = summaryElement;
    this.list = list;
    this.values = [];
  }

  reset() {
    this.values = [];
    this.last.textContent = "—";
    this.summary.textContent = "";
    this.list.replaceChildren();
  }

  add(turn) {
    if (typeof turn.responseLatencyMs !== "number") return;
    const ms = Math.round(turn.responseLatencyMs);
    this.values.push(ms);
    const sorted = [...this.values].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    this.last.textContent = `${ms} ms`;
    this.summary.textContent =
      this.values.length > 1 ? `median ${median} ms over ${this.values.length} replies` : "";
    const line = document.createElement("li");
    line.textContent = `Reply ${this.values.length}: ${ms} ms`;
    this.list.append(line);
  }
}
