// edgecam live page, part 4 of 4: the single view of one camera (its picture, played by player.js over the best path
// this browser has, with frame rate, resolution, bitrate, capture-to-screen latency, viewers, snapshot and settings) and which view
// the page shows. A server with one camera gets only the single view, at its unprefixed URLs; a server with several
// opens on the grid of all of them (grid.js), and #cam=ID is the single view of camera ID (the back button returns).
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

// ---------------------------------------------------------------- which view, of which camera
const page = {
  view: 'starting',   // until /state says how many cameras there are; then 'single' or 'grid'
  cameraId: null,     // the single view's camera on a server with several; null: the one camera, unprefixed URLs
  lastState: null,
  grid: null,
};

/** Where the single view's camera answers: '' (the unprefixed URLs) on a one-camera server, else /cam/ID. */
function cameraBase() {
  return page.cameraId === null ? '' : `/cam/${encodeURIComponent(page.cameraId)}`;
}

/** The camera #cam=ID names, or null. */
function cameraInAddress() {
  const match = /^#cam=(.+)$/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * Shows the view the address and /state call for: on a server with several cameras the grid, or the single view of
 * the camera #cam=ID names (the grid when there is no such camera); on a one-camera server always the single view.
 */
function route() {
  const state = page.lastState;
  if (!state) return;
  const cameras = state.cameras || [];
  if (cameras.length <= 1) {
    showSingle(null);
    return;
  }
  const wanted = cameraInAddress();
  if (wanted !== null && cameras.some((c) => c.id === wanted)) showSingle(wanted);
  else showGrid(cameras);
}

function showGrid(cameras) {
  if (page.view !== 'grid') {
    page.view = 'grid';
    page.cameraId = null;
    switchStream();
    document.body.dataset.view = 'grid';
    $('single-view').hidden = true;
    $('grid-view').hidden = false;
    $('back-to-grid').hidden = true;
    document.title = 'edgecam · all cameras';
    page.timeline.hide();
  }
  $('source-name').textContent = `${cameras.length} cameras`;
  page.grid.show(cameras);
  const offline = cameras.filter((c) => !c.source.online).length;
  if (connection.up) {
    setStatus(offline ? 'offline' : 'live', offline ? `${offline} of ${cameras.length} offline` : 'Live');
  }
}

function showSingle(cameraId) {
  if (page.view === 'single' && page.cameraId === cameraId) return;
  page.view = 'single';
  page.cameraId = cameraId;
  page.grid.clear();
  document.body.dataset.view = 'single';
  $('grid-view').hidden = true;
  $('single-view').hidden = false;
  $('back-to-grid').hidden = cameraId === null;
  document.title = cameraId === null ? 'edgecam · live' : `edgecam · ${cameraId}`;
  const origin = window.location.origin;
  for (const name of ['stream', 'snapshot']) $(`url-${name}`).textContent = `${origin}${cameraBase()}/${name}`;
  $('url-h264').textContent = `${origin.replace(/^http/, 'ws')}${cameraBase()}/h264`;
  $('settings-message').textContent = '';
  $('snapshot-message').textContent = '';
  resetViewer();
  setStatus('connecting', 'Connecting');
  setMessage(cameraId === null ? 'Connecting to the camera…' : `Connecting to camera ${cameraId}…`);
  loadSettings();
  renderState(page.lastState);
  switchStream();
  page.timeline.show(cameraId);
}

// ---------------------------------------------------------------- the live picture
const canvas = $('video');
const player = new LivePlayer(canvas, $('video-mse'), {
  onFrame: onDrawn,
  onBytes: (bytes) => viewer.bytesWindow.push({ at: performance.now(), bytes }),
  onState: onPlayerState,
  onPath: showPath,
  fixedWidth: 0,
});
const viewer = {
  lastFrameAt: 0,
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
};

/** Forgets the figures of the camera shown before (they are not this one's). */
function resetViewer() {
  viewer.lastFrameAt = 0;
  viewer.latencies = [];
  viewer.drawTimes = [];
  viewer.bytesWindow = [];
  viewer.width = 0;
  viewer.height = 0;
  viewer.frameBytes = 0;
  viewer.sourceOnline = true;
  canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  $('overlay-time').textContent = '';
  $('overlay-info').textContent = '';
}

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
  setGridMessage('');
  if (page.view === 'single') loadSettings();
  player.wake();
  page.grid.wake();
}

function showDisconnected() {
  const seconds = Math.max(0, Math.ceil((connection.retryAt - Date.now()) / 1000));
  const text = `Disconnected: the server does not answer · trying again ${seconds ? `in ${seconds} s` : 'now'}…`;
  setStatus('disconnected', 'Disconnected');
  setMessage(text);
  setGridMessage(text);
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

/** The grid's line above the tiles (the pictures stay, dimmed, as in the single view). */
function setGridMessage(text) {
  const el = $('grid-message');
  el.textContent = text || '';
  el.hidden = !text;
}

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status-text').textContent = text;
  $('live-badge').classList.toggle('on', state === 'live');
}

/** After each painted frame: { captureMs (server clock), sequence, width, height } from player.js. */
function onDrawn(info) {
  const now = performance.now();
  viewer.lastFrameAt = now;
  viewer.drawTimes.push(now);
  viewer.width = info.width;
  viewer.height = info.height;
  if (info.captureMs > 0) {
    viewer.latencies.push({ at: now, ms: Math.max(0, clock.serverNowMs() - info.captureMs) });
    const captured = new Date(info.captureMs);
    $('overlay-time').textContent = captured.toLocaleTimeString([], { hour12: false })
        + '.' + String(captured.getMilliseconds()).padStart(3, '0');
  }
  $('overlay-info').textContent = `${info.width}×${info.height}` + (info.sequence ? ` · #${info.sequence}` : '');
  setMessage('');
  // "No signal" pictures keep arriving while the source is offline: the badge follows the source, not the stream.
  if (!connection.up) return;
  if (viewer.sourceOnline) setStatus('live', 'Live');
  else setStatus('offline', 'Source offline');
}

/** The player lost the picture and is trying again (the page's own /state check says when the server is gone). */
function onPlayerState(state) {
  if (state === 'reconnecting' && connection.up) {
    setStatus('offline', 'Reconnecting');
    setMessage('Connection lost · reconnecting…');
  }
}

/** Says which path plays the picture, and why that one. */
function showPath(path, why) {
  const label = path === 'mjpeg' ? 'MJPEG' : `H.264 · ${PATHS[path]}`;
  $('path-badge').textContent = label;
  $('path-badge').title = why;
  $('stage').dataset.path = path;
  $('path-note').textContent = `${label}: ${why}.`;
}

/** Plays the camera the single view shows, or nothing in the grid (its tiles play their own). */
function switchStream() {
  if (page.view === 'single') player.open(cameraBase(), `${cameraBase()}/stream`, playbackChoice() === 'mjpeg');
  else player.close();
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
  $('stat-fps').textContent = player.framesPainted && !stale ? fps.toFixed(1) : '–';
  $('stat-resolution').textContent = viewer.width ? `${viewer.width}×${viewer.height}` : '–';
  const windowBytes = within(viewer.bytesWindow, 2000).reduce((sum, b) => sum + b.bytes, 0);
  viewer.frameBytes = times.length ? Math.round(windowBytes / times.length) : 0;
  $('stat-frame-size').textContent = viewer.frameBytes ? `${formatBytes(viewer.frameBytes)} per frame` : '\u00a0';
  const lat = within(viewer.latencies, 2000).map((l) => l.ms).sort((a, b) => a - b);
  $('stat-latency').textContent = lat.length && !stale ? String(Math.round(lat[Math.floor(lat.length / 2)])) : '–';
  $('stat-latency-note').textContent = Number.isFinite(clock.bestRttMs)
      ? `capture → screen ±${Math.max(1, Math.round(clock.bestRttMs / 2))}` : 'capture → screen';
  $('stat-bitrate').textContent = windowBytes ? (windowBytes * 8 / 2 / 1e6).toFixed(1) : '–';
  if (!connection.up) showDisconnected();
  else if (stale && player.framesPainted && page.view === 'single') setStatus('offline', 'No signal');
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

/** /state's figures of the single view's camera: its entry in the cameras array, or the top level for the first. */
function shownCamera(state) {
  if (page.cameraId === null) return state;
  return (state.cameras || []).find((c) => c.id === page.cameraId) || null;
}

function renderState(state) {
  const camera = state && shownCamera(state);
  if (!camera) return;
  const src = camera.source, enc = camera.encoder;
  $('source-name').textContent = page.cameraId === null ? src.description : `${page.cameraId} · ${src.description}`;
  $('src-kind').textContent = src.online ? src.kind : `${src.kind} · offline`;
  $('src-fps').textContent = `${src.measuredFps.toFixed(1)} / ${src.targetFps ? src.targetFps.toFixed(0) : '?'} fps`;
  $('enc-fps').textContent = `${enc.encodedFps.toFixed(1)} fps · q${enc.quality}`;
  $('enc-bytes').textContent = enc.meanFrameBytes ? formatBytes(enc.meanFrameBytes) : '–';
  $('enc-time').textContent = enc.meanEncodeMillis ? `${enc.meanEncodeMillis.toFixed(1)} ms` : '–';
  $('uptime').textContent = formatDuration(state.server.uptimeSeconds);
  $('stat-clients').textContent = String(camera.totals.clients);
  const byKind = {};
  for (const c of camera.clients) byKind[c.transport] = (byKind[c.transport] || 0) + 1;
  $('stat-clients-note').textContent = Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(' · ') || '\u00a0';
  $('clients-count').textContent = String(camera.clients.length);
  const body = $('clients-body');
  body.replaceChildren();
  if (!camera.clients.length) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.className = 'muted';
    cell.textContent = 'Nobody yet';
  }
  for (const c of camera.clients) {
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
        page.lastState = state;
        route();
        if (page.view === 'single') renderState(state);
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
    const response = await fetch(`${cameraBase()}/snapshot`, { cache: 'no-store' });
    if (!response.ok) throw new Error((await response.json()).error || `HTTP ${response.status}`);
    const blob = await response.blob();
    const stamp = parseFloat(response.headers.get('x-timestamp')) || Date.now() / 1000;
    const name = 'edgecam-' + (page.cameraId === null ? '' : `${page.cameraId}-`) + new Date(stamp * 1000).toISOString().replace(/[:]/g, '-').replace(/\..*/, '') + '.jpg';
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
  const bitrate = $('h264-bitrate');
  const bitrateValue = String(settings.h264Bitrate || 0);
  if (![...bitrate.options].some((o) => o.value === bitrateValue)) {
    bitrate.add(new Option(`${Number(bitrateValue) / 1000} kbit/s`, bitrateValue));
  }
  bitrate.value = bitrateValue;
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
    const response = await fetch(`${cameraBase()}/settings`, { cache: 'no-store' });
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
    h264Bitrate: parseInt($('h264-bitrate').value, 10),
  };
  try {
    const response = await fetch(`${cameraBase()}/settings`, {
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
  page.grid = new CameraGrid($('tiles'));
  page.timeline = new RecordingTimeline({
    card: $('timeline-card'), day: $('timeline-day'), bar: $('timeline'), track: $('timeline-track'),
    cursor: $('timeline-cursor'), scale: $('timeline-scale'), video: $('timeline-video'), note: $('timeline-note'),
  });
  setInterval(() => page.timeline.refresh(), 5000);
  window.addEventListener('hashchange', route);
  $('quality').addEventListener('input', () => { $('quality-value').textContent = $('quality').value; });
  $('settings-form').addEventListener('submit', applySettings);
  $('snapshot-button').addEventListener('click', takeSnapshot);
  $('fullscreen-button').addEventListener('click', toggleFullscreen);
  $('player-mode').value = playbackChoice();
  $('player-mode').addEventListener('change', () => {
    choosePlayback($('player-mode').value);
    switchStream();
    page.grid.replay();
  });
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (e.key === 'f' && page.view === 'single' && !typing) toggleFullscreen(); // the grid has no picture to enlarge
  });
  updateControls();
  setInterval(renderLocalStats, 500);
  pollState();
}

start();
