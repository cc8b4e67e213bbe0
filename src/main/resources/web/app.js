// edgecam live page: reads the MJPEG stream itself (so it can see each frame's X-Timestamp), draws the newest
// frame on a canvas, and shows frame rate, resolution, capture-to-screen latency and the server's state.
'use strict';

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- clock: server time vs this browser's time
// Latency is (when the frame is on screen) - (when the server captured it). The two clocks may differ, so the
// page estimates the offset from /state's server.timeMicros, NTP-style: offset = server - midpoint of the
// request, keeping the sample with the shortest round trip (its error is at most half that round trip).
const clock = {
  offsetMs: 0,
  bestRttMs: Infinity,
  sample(sentMs, receivedMs, serverMicros) {
    const rtt = receivedMs - sentMs;
    if (rtt <= this.bestRttMs * 1.5 || rtt < 5) {
      if (rtt < this.bestRttMs) this.bestRttMs = rtt;
      this.offsetMs = serverMicros / 1000 - (sentMs + receivedMs) / 2;
    }
  },
  serverNowMs() { return Date.now() + this.offsetMs; },
};

// ---------------------------------------------------------------- multipart/x-mixed-replace reader
/** Bytes received and not yet parsed, in one growable array: each byte is copied in once, not once per chunk. */
class ByteQueue {
  constructor() {
    this.bytes = new Uint8Array(1 << 20);
    this.start = 0;
    this.end = 0;
  }

  get length() { return this.end - this.start; }

  push(chunk) {
    if (this.end + chunk.length > this.bytes.length) {
      const live = this.length;
      if (live + chunk.length > this.bytes.length) {
        const bigger = new Uint8Array(Math.max(this.bytes.length * 2, live + chunk.length));
        bigger.set(this.bytes.subarray(this.start, this.end));
        this.bytes = bigger;
      } else {
        this.bytes.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = live;
    }
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Position of {@code pattern} from the start of the unparsed bytes, or -1. */
  indexOf(pattern) {
    const b = this.bytes;
    const last = this.end - pattern.length;
    outer: for (let i = this.start; i <= last; i++) {
      for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
      return i - this.start;
    }
    return -1;
  }

  /** Removes and returns the next {@code n} bytes (a copy: the queue's array is reused). */
  take(n) {
    const out = this.bytes.slice(this.start, this.start + n);
    this.start += n;
    return out;
  }

  skip(n) { this.start += n; }
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);
const MAX_PART_HEADER_BYTES = 64 * 1024;

class MultipartReader {
  constructor(reader, boundary) {
    this.reader = reader;
    this.marker = new TextEncoder().encode('\r\n--' + boundary);
    this.queue = new ByteQueue();
    this.bytesRead = 0;
  }

  async fill() {
    const { value, done } = await this.reader.read();
    if (done) throw new Error('the stream ended');
    this.bytesRead += value.length;
    this.queue.push(value);
  }

  /** The next part: { headers: Map(lowercase name -> value), body: Uint8Array }. */
  async next() {
    let end;
    while ((end = this.queue.indexOf(CRLF2)) < 0) {
      if (this.queue.length > MAX_PART_HEADER_BYTES) throw new Error('part headers too large');
      await this.fill();
    }
    const text = new TextDecoder('ascii').decode(this.queue.take(end));
    this.queue.skip(4);
    const headers = new Map();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const length = parseInt(headers.get('content-length'), 10);
    if (length >= 0) {
      while (this.queue.length < length) await this.fill();
      return { headers, body: this.queue.take(length) };
    }
    // Servers without Content-Length: the part ends at the next boundary.
    let at;
    while ((at = this.queue.indexOf(this.marker)) < 0) await this.fill();
    return { headers, body: this.queue.take(at) };
  }
}

// ---------------------------------------------------------------- the live picture
const canvas = $('video');
const ctx2d = canvas.getContext('2d');
const viewer = {
  framesDrawn: 0,
  lastFrameAt: 0,
  pending: null,      // newest frame not yet drawn (latest frame wins here too)
  decoding: false,
  latencies: [],
  drawTimes: [],
  bytesWindow: [],
  width: 0,
  height: 0,
  frameBytes: 0,
  sourceOnline: true, // from /state: while false the frames are the server's "no signal" picture
};

// ---------------------------------------------------------------- the connection to the server
// The server is "gone" when a request to it fails outright (not when it answers with an error). The page then
// says so, greys its controls and keeps asking /state with backoff (1 s doubling to 10 s); the stream loop keeps
// its own backoff and is woken as soon as /state answers again, so the picture returns without a reload.
const MAX_RETRY_MS = 10000;
const connection = {
  up: true,
  failures: 0,
  retryAt: 0,
  wakeStream: null,
};

/** The settings' permission from /state: {changeable, changedBy: 'anyone' | 'users' | 'nobody'}. */
let settingsAccess = { changeable: true, changedBy: 'anyone' };

/** Marks the server unreachable and returns how long to wait before asking again. */
function serverUnreachable() {
  connection.failures++;
  const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** (connection.failures - 1));
  connection.retryAt = Date.now() + delay;
  if (connection.up) {
    connection.up = false;
    updateControls();
  }
  showDisconnected();
  return delay;
}

function serverReachable() {
  connection.failures = 0;
  if (connection.up) return;
  connection.up = true;
  updateControls();
  setStatus('connecting', 'Reconnecting');
  setMessage('Server is back · loading the picture…');
  loadSettings();
  if (connection.wakeStream) connection.wakeStream();
}

function showDisconnected() {
  const seconds = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
  setStatus('disconnected', 'Disconnected');
  setMessage(`Disconnected: the server does not answer · trying again ${seconds ? `in ${seconds} s` : 'now'}…`);
}

/** Enables what may be used now: nothing while disconnected, the settings only when this server lets them change. */
function updateControls() {
  const up = connection.up;
  document.body.dataset.connection = up ? 'connected' : 'disconnected';
  $('snapshot-button').disabled = !up;
  const changeable = up && settingsAccess.changeable !== false;
  for (const control of $('settings-form').elements) control.disabled = !changeable;
  $('settings-badge').hidden = settingsAccess.changeable !== false;
  $('settings-note').replaceChildren(...(settingsAccess.changeable === false
    ? ['Read-only: this server was started with ', flag('--read-only-settings'), ', so nobody can change the picture here.']
    : settingsAccess.changedBy === 'users'
      ? ['Changes apply to every viewer; only logged-in users can make them.']
      : ['Changes apply to every viewer, and anyone on this network can make them (the server has no logins). '
        + 'To limit that, start it with ', flag('--auth-file'), ' or ', flag('--read-only-settings'), '.']));
}

/** A command-line flag in running text, kept on one line. */
function flag(name) {
  const code = document.createElement('code');
  code.textContent = name;
  return code;
}

function setMessage(text) {
  const el = $('stage-message');
  el.textContent = text || '';
  el.hidden = !text;
}

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status-text').textContent = text;
  $('live-badge').classList.toggle('on', state === 'live');
}

function offer(frame) {
  viewer.pending = frame;
  if (!viewer.decoding) drawPending();
}

async function drawPending() {
  viewer.decoding = true;
  try {
    while (viewer.pending) {
      const frame = viewer.pending;
      viewer.pending = null;
      let bitmap;
      try {
        bitmap = await createImageBitmap(new Blob([frame.body], { type: 'image/jpeg' }));
      } catch (e) {
        continue; // a damaged frame: skip it, the next one will do
      }
      if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
      }
      ctx2d.drawImage(bitmap, 0, 0);
      bitmap.close();
      onDrawn(frame);
    }
  } finally {
    viewer.decoding = false;
  }
}

function onDrawn(frame) {
  const now = performance.now();
  viewer.framesDrawn++;
  canvas.dataset.frames = String(viewer.framesDrawn);
  viewer.lastFrameAt = now;
  viewer.drawTimes.push(now);
  viewer.width = canvas.width;
  viewer.height = canvas.height;
  viewer.frameBytes = frame.body.length;
  const stamp = parseFloat(frame.headers.get('x-timestamp'));
  if (stamp > 0) {
    const latency = clock.serverNowMs() - stamp * 1000;
    viewer.latencies.push({ at: now, ms: Math.max(0, latency) });
    $('overlay-time').textContent = new Date(stamp * 1000).toLocaleTimeString([], { hour12: false })
        + '.' + String(Math.floor((stamp % 1) * 1000)).padStart(3, '0');
  }
  const seq = frame.headers.get('x-sequence');
  $('overlay-info').textContent = `${canvas.width}×${canvas.height}` + (seq ? ` · #${seq}` : '');
  setMessage('');
  // "No signal" pictures keep arriving while the source is offline: the badge follows the source, not the stream.
  if (!connection.up) return;
  if (viewer.sourceOnline) setStatus('live', 'Live');
  else setStatus('offline', 'Source offline');
}

async function runStream() {
  let backoffMs = 500;
  for (;;) {
    try {
      const response = await fetch('/stream', { cache: 'no-store' });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const type = response.headers.get('content-type') || '';
      const boundary = (/boundary=("?)([^";]+)\1/i.exec(type) || [])[2] || 'boundarydonotcross';
      const reader = new MultipartReader(response.body.getReader(), boundary);
      let lastBytes = 0;
      backoffMs = 500;
      for (;;) {
        const part = await reader.next();
        viewer.bytesWindow.push({ at: performance.now(), bytes: reader.bytesRead - lastBytes });
        lastBytes = reader.bytesRead;
        offer(part);
      }
    } catch (e) {
      if (typeof ReadableStream === 'undefined') return useImageFallback();
      if (connection.up) {
        setStatus('offline', 'Reconnecting');
        setMessage('Connection lost · reconnecting…');
      }
      // Woken early when /state finds the server back.
      await new Promise((r) => { connection.wakeStream = r; setTimeout(r, backoffMs); });
      connection.wakeStream = null;
      backoffMs = Math.min(5000, backoffMs * 2);
    }
  }
}

/** Browsers without streaming fetch still show the picture, without per-frame numbers. */
function useImageFallback() {
  const img = $('fallback');
  canvas.hidden = true;
  img.hidden = false;
  img.src = '/stream';
  setMessage('');
  setStatus('live', 'Live');
}

// ---------------------------------------------------------------- numbers
function within(list, windowMs) {
  const since = performance.now() - windowMs;
  while (list.length && (list[0].at ?? list[0]) < since) list.shift();
  return list;
}

function renderLocalStats() {
  const times = within(viewer.drawTimes, 2000);
  const fps = times.length > 1 ? (times.length - 1) * 1000 / (times[times.length - 1] - times[0]) : 0;
  const stale = performance.now() - viewer.lastFrameAt > 3000;
  $('stat-fps').textContent = viewer.framesDrawn && !stale ? fps.toFixed(1) : '–';
  $('stat-resolution').textContent = viewer.width ? `${viewer.width}×${viewer.height}` : '–';
  $('stat-frame-size').textContent = viewer.frameBytes ? `${formatBytes(viewer.frameBytes)} per frame` : '\u00a0';
  const lat = within(viewer.latencies, 2000).map((l) => l.ms).sort((a, b) => a - b);
  $('stat-latency').textContent = lat.length && !stale ? String(Math.round(lat[Math.floor(lat.length / 2)])) : '–';
  $('stat-latency-note').textContent = Number.isFinite(clock.bestRttMs)
      ? `capture → screen ±${Math.max(1, Math.round(clock.bestRttMs / 2))}` : 'capture → screen';
  const bytes = within(viewer.bytesWindow, 2000).reduce((sum, b) => sum + b.bytes, 0);
  $('stat-bitrate').textContent = bytes ? (bytes * 8 / 2 / 1e6).toFixed(1) : '–';
  if (!connection.up) showDisconnected();
  else if (stale && viewer.framesDrawn) setStatus('offline', 'No signal');
}

function formatBytes(n) {
  if (n >= 1e6) return (n / 1e6).toFixed(1) + ' MB';
  if (n >= 1e3) return Math.round(n / 1e3) + ' KB';
  return n + ' B';
}

function formatDuration(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

function renderState(state) {
  const src = state.source, enc = state.encoder;
  $('source-name').textContent = src.description;
  $('src-kind').textContent = src.online ? src.kind : `${src.kind} · offline`;
  $('src-fps').textContent = `${src.measuredFps.toFixed(1)} / ${src.targetFps ? src.targetFps.toFixed(0) : '?'} fps`;
  $('enc-fps').textContent = `${enc.encodedFps.toFixed(1)} fps · q${enc.quality}`;
  $('enc-bytes').textContent = enc.meanFrameBytes ? formatBytes(enc.meanFrameBytes) : '–';
  $('enc-time').textContent = enc.meanEncodeMillis ? `${enc.meanEncodeMillis.toFixed(1)} ms` : '–';
  $('uptime').textContent = formatDuration(state.server.uptimeSeconds);
  $('stat-clients').textContent = String(state.totals.clients);
  const byKind = {};
  for (const c of state.clients) byKind[c.transport] = (byKind[c.transport] || 0) + 1;
  $('stat-clients-note').textContent = Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(' · ') || '\u00a0';
  $('clients-count').textContent = String(state.clients.length);
  const body = $('clients-body');
  body.replaceChildren();
  if (!state.clients.length) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.className = 'muted';
    cell.textContent = 'Nobody yet';
  }
  for (const c of state.clients) {
    const row = body.insertRow();
    const who = row.insertCell();
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = c.transport;
    who.append(kind, c.address);
    row.insertCell().textContent = c.fps.toFixed(1);
    row.insertCell().textContent = String(c.framesSent);
    row.insertCell().textContent = String(c.framesSkipped);
  }
  limitSettingsToSource(src);
  viewer.sourceOnline = src.online;
  if (!src.online) setStatus('offline', 'Source offline');
  renderSourceNotice(src);
  if (state.settings) {
    settingsAccess = state.settings;
    updateControls();
  }
}

/** Why the source is offline, as text under the picture (the "no signal" picture says it too, but may cut it off). */
function renderSourceNotice(src) {
  $('source-notice').hidden = src.online;
  if (src.online) return;
  const since = src.offlineSince ? new Date(src.offlineSince) : null;
  const facts = [];
  if (since) facts.push(`since ${since.toLocaleTimeString([], { hour12: false })}`);
  if (src.retries) facts.push(`${src.retries} ${src.retries === 1 ? 'retry' : 'retries'} so far`);
  $('source-notice-title').textContent = `Source offline${facts.length ? ' · ' + facts.join(' · ') : ''}`;
  // FFmpeg's reasons end with their own full stop.
  $('source-notice-reason').textContent = (src.lastError || 'no reason given').replace(/[.\s]*$/, '. ')
      + 'The server keeps trying and the picture returns by itself.';
}

async function pollState() {
  for (;;) {
    let waitMs = 1000;
    try {
      const sent = Date.now();
      const response = await fetch('/state', { cache: 'no-store' });
      const received = Date.now();
      serverReachable();
      if (response.ok) {
        const state = await response.json();
        clock.sample(sent, received, state.server.timeMicros);
        renderState(state);
      }
    } catch (e) {
      waitMs = serverUnreachable();
    }
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

// ---------------------------------------------------------------- snapshot
async function takeSnapshot() {
  const button = $('snapshot-button');
  const message = $('snapshot-message');
  button.disabled = true;
  message.className = 'form-message';
  message.textContent = 'Capturing…';
  try {
    const response = await fetch('/snapshot', { cache: 'no-store' });
    if (!response.ok) throw new Error((await response.json()).error || `HTTP ${response.status}`);
    const blob = await response.blob();
    const stamp = parseFloat(response.headers.get('x-timestamp')) || Date.now() / 1000;
    const name = 'edgecam-' + new Date(stamp * 1000).toISOString().replace(/[:]/g, '-').replace(/\..*/, '') + '.jpg';
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    message.className = 'form-message ok';
    message.textContent = `Saved ${name} (${formatBytes(blob.size)})`;
  } catch (e) {
    message.className = 'form-message error';
    message.textContent = `Snapshot failed: ${e.message}`;
  } finally {
    button.disabled = !connection.up;
  }
}

// ---------------------------------------------------------------- settings
function showSettings(settings) {
  $('quality').value = settings.quality;
  $('quality-value').textContent = settings.quality;
  const fps = $('max-fps');
  const fpsValue = String(settings.maxFps === 0 ? 0 : settings.maxFps);
  if (![...fps.options].some((o) => o.value === fpsValue)) fps.add(new Option(`${fpsValue} fps`, fpsValue));
  fps.value = fpsValue;
  const size = $('output-size');
  const sizeValue = settings.outputSize || '';
  if (![...size.options].some((o) => o.value === sizeValue)) size.add(new Option(sizeValue, sizeValue));
  size.value = sizeValue;
}

// The server refuses sizes above the source's (no upscaling) and caps above its rate: offer only what it takes.
function limitSettingsToSource(src) {
  for (const option of $('output-size').options) {
    const [w, h] = option.value.split('x').map(Number);
    option.disabled = Boolean(option.value && src.width && src.height && (w > src.width || h > src.height));
  }
  for (const option of $('max-fps').options) {
    option.disabled = Number(option.value) > 0 && src.targetFps > 0 && Number(option.value) > src.targetFps;
  }
}

async function loadSettings() {
  try {
    const response = await fetch('/settings', { cache: 'no-store' });
    if (response.ok) showSettings(await response.json());
  } catch (e) {
    // shown as soon as the server answers again
  }
}

async function applySettings(event) {
  event.preventDefault();
  const message = $('settings-message');
  const body = {
    quality: parseInt($('quality').value, 10),
    maxFps: parseFloat($('max-fps').value),
    outputSize: $('output-size').value || null,
  };
  try {
    const response = await fetch('/settings', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    if (!response.ok) throw new Error(result.error || `HTTP ${response.status}`);
    showSettings(result);
    message.className = 'form-message ok';
    message.textContent = 'Applied · every viewer gets the new picture now';
  } catch (e) {
    message.className = 'form-message error';
    message.textContent = e.message;
  }
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else $('stage').requestFullscreen().catch(() => { /* not allowed here: stay as it is */ });
}

// ---------------------------------------------------------------- start
function start() {
  const origin = window.location.origin;
  for (const name of ['stream', 'snapshot', 'state', 'metrics']) $(`url-${name}`).textContent = `${origin}/${name}`;
  $('quality').addEventListener('input', () => { $('quality-value').textContent = $('quality').value; });
  $('settings-form').addEventListener('submit', applySettings);
  $('snapshot-button').addEventListener('click', takeSnapshot);
  $('fullscreen-button').addEventListener('click', toggleFullscreen);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'f' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) toggleFullscreen();
  });
  updateControls();
  setInterval(renderLocalStats, 500);
  loadSettings();
  pollState();
  runStream();
}

start();
