// The page's MSE path against a camera whose frames now and then come late (a busy board; a camera that stalls for a
// second): after each late frame the picture must go on with the next frames, not freeze until the next keyframe.
// Usage: node mse-late-frames-test.mjs PAGE_URL ARTIFACT_DIR SECONDS
// WebCodecs is taken away (window.VideoDecoder deleted before the page loads), so the player uses Media Source
// Extensions. For SECONDS it records every painted frame (the player's onFrame: when, and the capture-to-paint
// latency on the page's server clock), the video's 'waiting' stalls (and how many came away from a late frame) and
// 'seeking' jumps, the most buffered ranges at once, and, on a second socket (annexb, whose header has each frame's
// capture time), when each late frame (a capture step over 100 ms) arrived. Then, per late frame: the frames painted in the 1.5 s after it arrived and the longest
// pause between paints in that time. Prints one JSON line (MseLateFramesBrowserTest checks it); screenshot and
// figures in ARTIFACT_DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, reportAndExit, STEP_TIMEOUT_MS } from './browser.mjs';

const [url, artifactDir, secondsText] = process.argv.slice(2);
if (!url || !artifactDir || !secondsText) {
  console.error('usage: node mse-late-frames-test.mjs PAGE_URL ARTIFACT_DIR SECONDS');
  process.exit(2);
}
const seconds = Number(secondsText);
const AFTER_GAP_MS = 1500;
mkdirSync(artifactDir, { recursive: true });

const browser = await launchChromium();
await reportAndExit(browser, async (result) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.addInitScript(() => { delete window.VideoDecoder; });
  await page.goto(url);
  await page.waitForFunction(() => Number(document.getElementById('stage').dataset.frames) >= 10);
  result.path = await page.$eval('#stage', (el) => el.dataset.path);
  await page.evaluate(watch);
  await page.waitForTimeout(seconds * 1000);
  const seen = await page.evaluate(() => ({ ...window.lateFrames, now: performance.now() }));
  Object.assign(result, judge(seen));
  result.pageLatencyMs = parseFloat(await page.$eval('#stat-latency', (el) => el.textContent));
  result.screenshot = join(artifactDir, 'mse-late-frames.png');
  await page.screenshot({ path: result.screenshot });
  result.consoleErrors = consoleErrors;
  await context.close();
  writeFileSync(join(artifactDir, 'mse-late-frames.json'), JSON.stringify({ ...result, paints: seen.paints.length },
    null, 1));
});

/** Runs in the page: records paints, stalls, jumps, ranges, and the late frames' arrival on a second socket. */
function watch() {
  const video = document.getElementById('video-mse');
  const seen = { paints: [], gaps: [], waiting: [], seeking: 0, maxRanges: 0 };
  window.lateFrames = seen;
  video.addEventListener('waiting', () => seen.waiting.push(performance.now()));
  video.addEventListener('seeking', () => seen.seeking++);
  setInterval(() => { seen.maxRanges = Math.max(seen.maxRanges, video.buffered.length); }, 100);
  const onFrame = player.options.onFrame;
  player.options.onFrame = (info) => {
    seen.paints.push({ at: performance.now(), latencyMs: info.captureMs > 0 ? clock.serverNowMs() - info.captureMs : null });
    onFrame(info);
  };
  const socket = new WebSocket(`ws://${location.host}/h264?format=annexb`);
  socket.binaryType = 'arraybuffer';
  let lastCapture = 0;
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') return;
    const capture = Number(new DataView(event.data).getBigUint64(2)) / 1000;
    if (lastCapture && capture - lastCapture > 100) seen.gaps.push({ at: performance.now(), ms: capture - lastCapture });
    lastCapture = capture;
  };
}

/** Per late frame that has 1.5 s after it: frames painted then and the longest pause; stalls; latency. */
function judge(seen) {
  const gaps = seen.gaps.filter((g) => g.at + AFTER_GAP_MS <= seen.now).map((gap) => {
    const paints = seen.paints.map((p) => p.at).filter((at) => at >= gap.at && at < gap.at + AFTER_GAP_MS);
    let longestPauseMs = 0;
    let previous = gap.at;
    for (const at of [...paints, gap.at + AFTER_GAP_MS]) {
      longestPauseMs = Math.max(longestPauseMs, at - previous);
      previous = at;
    }
    return { lateByMs: Math.round(gap.ms), framesPainted: paints.length, longestPauseMs: Math.round(longestPauseMs) };
  });
  const latencies = seen.paints.map((p) => p.latencyMs).filter((ms) => ms !== null).sort((a, b) => a - b);
  const at = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]) : null);
  return {
    seconds,
    painted: seen.paints.length,
    framesPerSecond: Math.round(seen.paints.length / seconds * 10) / 10,
    gaps,
    waiting: seen.waiting.length,
    // A stall while a late frame is awaited, or while the player settles after it, is the camera's; others are not.
    waitingAwayFromLateFrames: seen.waiting.filter((at) => !seen.gaps.some((gap) => at >= gap.at - gap.ms - 100
      && at < gap.at + AFTER_GAP_MS)).length,
    seeking: seen.seeking,
    maxRanges: seen.maxRanges,
    latencyMs: { min: at(0), p50: at(0.5), p90: at(0.9), max: at(1) },
  };
}
