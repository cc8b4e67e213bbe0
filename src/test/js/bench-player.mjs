// The page's player measured in headless Chromium (issue 14's Performance section; bench/browser.sh runs it against a
// server started from the built jar). Not a test: it prints figures, one JSON line.
// Usage: node bench-player.mjs PAGE_URL MODE SECONDS [VIEWERS]
// MODE:
//   webcodecs  one page on http://127.0.0.1 (a secure context): capture-to-paint latency of every frame, taken in the
//              WebCodecs output callback (the player's onFrame) as the page's server clock (/state) minus the frame's
//              capture time; p50/p99 overall and per 10 s
//   mse        the same with WebCodecs taken away (window.VideoDecoder deleted): latency in requestVideoFrameCallback,
//              whose mediaTime the player maps to the capture time (each fragment's prft box); p50 per minute, first and last
//   bytes      one page per path in turn, H.264 (WebCodecs) then MJPEG (the viewer's choice), SECONDS each: bytes per
//              second the page received (the player's onBytes), frames painted per second
//   mse-diagnose  one MSE page for SECONDS: its stalls ('waiting'), the player's jumps, buffered ranges, dropped frames,
//              and the capture-time gaps on a second (annexb) socket: why MSE paints fewer frames than WebCodecs
//   viewers-h264 | viewers-mjpeg  VIEWERS pages (one browser context each) play the camera for SECONDS; prints
//              "VIEWERS-READY" once every page has painted, and their painted frame rates at the end. The shell script
//              reads the server's CPU meanwhile.
import { launchChromium } from './browser.mjs';

const [url, mode, secondsText, viewersText] = process.argv.slice(2);
if (!url || !mode || !secondsText) {
  console.error('usage: node bench-player.mjs PAGE_URL webcodecs|mse|mse-diagnose|bytes|viewers-h264|viewers-mjpeg SECONDS [VIEWERS]');
  process.exit(2);
}
const seconds = Number(secondsText);
const PLAYBACK_KEY = 'edgecam.playback';

/** Wraps the page's player (app.js' `player`) so that every painted frame's latency and every byte is recorded. */
function instrument() {
  window.bench = { frames: [], bytes: 0, bytesSince: performance.now() };
  const onFrame = player.options.onFrame;
  player.options.onFrame = (info) => {
    if (info.captureMs > 0) {
      window.bench.frames.push({ at: Date.now(), ms: clock.serverNowMs() - info.captureMs,
        rawMs: Date.now() - info.captureMs });
    }
    onFrame(info);
  };
  const onBytes = player.options.onBytes;
  player.options.onBytes = (n) => {
    window.bench.bytes += n;
    onBytes(n);
  };
}

async function openPage(browser, { noWebCodecs = false, mjpeg = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  if (noWebCodecs) await page.addInitScript(() => { delete window.VideoDecoder; });
  await page.addInitScript(([key, value]) => {
    if (value) window.localStorage.setItem(key, value); else window.localStorage.removeItem(key);
  }, [PLAYBACK_KEY, mjpeg ? 'mjpeg' : '']);
  // A loaded machine once failed a navigation to loopback outright (net::ERR_SOCKET_NOT_CONNECTED): try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url);
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.waitForTimeout(1_000);
    }
  }
  await page.waitForFunction(() => typeof player === 'object' && player.framesPainted > 0);
  await page.evaluate(instrument);
  const path = await page.$eval('#stage', (el) => el.dataset.path);
  return { context, page, path };
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99), max: percentile(sorted, 1) };
}

/** Latency per window of {@code windowMs}: p50/p99 of each. */
function windows(frames, windowMs) {
  if (!frames.length) return [];
  const start = frames[0].at;
  const buckets = [];
  for (const f of frames) {
    const i = Math.floor((f.at - start) / windowMs);
    (buckets[i] ??= []).push(f.ms);
  }
  return buckets.map((b, i) => ({ fromS: i * windowMs / 1000, ...summary(b ?? []) }));
}

async function latency(browser, noWebCodecs) {
  const { page, path } = await openPage(browser, { noWebCodecs });
  const result = { path };
  await page.waitForTimeout(5_000); // settle: the first GOP, the clock's round trips
  await page.evaluate(() => { window.bench.frames = []; });
  const started = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const frames = await page.evaluate(() => window.bench.frames);
  result.seconds = (Date.now() - started) / 1000;
  result.framesPerSecond = Math.round(frames.length / result.seconds * 10) / 10;
  result.latencyMs = summary(frames.map((f) => f.ms));
  result.rawLatencyMs = summary(frames.map((f) => f.rawMs)); // local clock, no /state offset: the same machine
  result.per10s = windows(frames, 10_000);
  if (noWebCodecs) {
    const minutes = windows(frames, 60_000).filter((w) => w.count > 0);
    result.perMinute = minutes;
    if (minutes.length > 1) {
      result.firstMinuteP50 = minutes[0].p50;
      result.lastMinuteP50 = minutes[minutes.length - 1].p50;
      result.drift = Math.round((result.lastMinuteP50 - result.firstMinuteP50) * 10) / 10;
    }
    result.buffered = await page.evaluate(() => {
      const v = document.getElementById('video-mse');
      const r = v.buffered;
      return r.length ? { aheadS: r.end(r.length - 1) - v.currentTime, heldS: r.end(r.length - 1) - r.start(0),
        playbackRate: v.playbackRate, droppedFrames: v.getVideoPlaybackQuality?.().droppedVideoFrames } : null;
    });
  }
  return result;
}

/**
 * Why MSE paints fewer frames: over SECONDS, the video's 'waiting' stalls and the player's jumps ('seeking'), the
 * buffered ranges, the playback quality, and the capture-time gaps of the same camera's frames on a second socket
 * (annexb): a decode-time step over twice the sample duration is a discontinuity to Chromium's MSE, which then waits
 * for the next keyframe.
 */
async function mseDiagnose(browser) {
  const { page, path } = await openPage(browser, { noWebCodecs: true });
  await page.waitForTimeout(3_000);
  await page.evaluate(() => {
    const v = document.getElementById('video-mse');
    const d = { waiting: 0, seeking: 0, maxRanges: 0, frames: 0, gaps: [], framesOnSocket: 0, lastCapture: 0 };
    window.diagnosis = d;
    v.addEventListener('waiting', () => d.waiting++);
    v.addEventListener('seeking', () => d.seeking++);
    setInterval(() => { d.maxRanges = Math.max(d.maxRanges, v.buffered.length); }, 100);
    const q0 = v.getVideoPlaybackQuality();
    d.quality0 = { total: q0.totalVideoFrames, dropped: q0.droppedVideoFrames };
    const socket = new WebSocket(`ws://${location.host}/h264?format=annexb`);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (e) => {
      if (typeof e.data === 'string') return;
      const capture = Number(new DataView(e.data).getBigUint64(2)) / 1000;
      if (d.lastCapture) d.gaps.push(capture - d.lastCapture);
      d.lastCapture = capture;
      d.framesOnSocket++;
    };
    window.bench.frames = [];
  });
  await page.waitForTimeout(seconds * 1000);
  const d = await page.evaluate(() => {
    const v = document.getElementById('video-mse');
    const q = v.getVideoPlaybackQuality();
    const d = window.diagnosis;
    return { ...d, gaps: undefined, painted: window.bench.frames.length,
      quality: { total: q.totalVideoFrames - d.quality0.total, dropped: q.droppedVideoFrames - d.quality0.dropped },
      gapsOver67ms: d.gaps.filter((g) => g > 2000 / 30).length, gapsOver100ms: d.gaps.filter((g) => g > 100).length,
      gapP50: [...d.gaps].sort((a, b) => a - b)[Math.floor(d.gaps.length / 2)],
      gapMax: Math.max(...d.gaps) };
  });
  return { path, seconds, ...d };
}

async function bytes(browser) {
  const result = {};
  for (const [name, mjpeg] of [['h264', false], ['mjpeg', true]]) {
    const { context, page, path } = await openPage(browser, { mjpeg });
    await page.waitForTimeout(3_000);
    await page.evaluate(() => { window.bench.bytes = 0; window.bench.frames = []; window.bench.bytesSince = performance.now(); });
    await page.waitForTimeout(seconds * 1000);
    result[name] = await page.evaluate(() => {
      const s = (performance.now() - window.bench.bytesSince) / 1000;
      return { seconds: s, bytesPerSecond: Math.round(window.bench.bytes / s),
        framesPerSecond: Math.round(window.bench.frames.length / s * 10) / 10 };
    });
    result[name].path = path;
    await context.close();
  }
  result.ratio = Math.round(result.h264.bytesPerSecond / result.mjpeg.bytesPerSecond * 1000) / 1000;
  return result;
}

async function viewers(browser, mjpeg, count) {
  // A page that paints nothing in time (the machine is shared, and 20 pages decoding 720p load it fully) is counted
  // and left out, not the end of the run: the server's CPU is still measured with the others.
  const pages = [];
  const failures = [];
  for (let i = 0; i < count; i++) {
    try {
      pages.push(await openPage(browser, { mjpeg }));
    } catch (e) {
      failures.push(String(e.message || e).split('\n')[0]);
    }
  }
  for (const { page } of pages) await page.evaluate(() => { window.bench.frames = []; window.bench.bytes = 0; });
  console.log('VIEWERS-READY');
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const s = (Date.now() - started) / 1000;
  const rates = [];
  let bytesTotal = 0;
  for (const { page } of pages) {
    const [frames, received] = await page.evaluate(() => [window.bench.frames.length, window.bench.bytes]);
    rates.push(Math.round(frames / s * 10) / 10);
    bytesTotal += received;
  }
  const paths = [...new Set(pages.map((p) => p.path))];
  for (const { context } of pages) await context.close();
  return { viewers: pages.length, asked: count, failures, paths, seconds: s, framesPerSecondPerViewer: summary(rates),
    bytesPerSecondAll: Math.round(bytesTotal / s) };
}

const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
let result;
try {
  if (mode === 'webcodecs' || mode === 'mse') result = await latency(browser, mode === 'mse');
  else if (mode === 'bytes') result = await bytes(browser);
  else if (mode === 'mse-diagnose') result = await mseDiagnose(browser);
  else if (mode.startsWith('viewers-')) result = await viewers(browser, mode === 'viewers-mjpeg', Number(viewersText || 20));
  else throw new Error(`unknown mode ${mode}`);
} catch (e) {
  result = { error: String(e && e.stack || e) };
} finally {
  await browser.close();
}
console.log(JSON.stringify({ mode, ...result }));
process.exit(result.error ? 1 : 0);
