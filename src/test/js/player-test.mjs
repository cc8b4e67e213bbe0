// The page's player in headless Chromium, one path per run: the picture is painted and changes, the path is named,
// the numbers (frame rate, resolution, bitrate, capture-to-screen latency) are shown, and a server restart is
// survived without reloading the page.
// Usage: node player-test.mjs PAGE_URL ARTIFACT_DIR SCENARIO
// SCENARIO:
//   webcodecs  the page on http://127.0.0.1 or https:// (secure contexts): WebCodecs paints the H.264 on the canvas;
//              with PAGE_SELF_SIGNED set the browser accepts the server's self-signed certificate
//   mse        the same with WebCodecs taken away (window.VideoDecoder deleted before the page loads): Media Source
//              Extensions play the fragmented MP4 in the <video>; after 25 s the buffer holds at most about 20 s (the
//              played part is trimmed) and the video is within a second of its end
//   mjpeg      the viewer chooses MJPEG in the Playback card (once the page plays by its own choice): MJPEG plays,
//              and the choice is kept
//   fallback   a camera that sends no H.264: the player falls back to MJPEG by itself and says why (no restart)
//   grid       a server of two H.264 cameras (door, till) behind a login (PAGE_LOGIN=USER:PASSWORD): each tile plays
//              its camera by WebCodecs, scaled to 320 px, and its picture changes; a click opens till's view
// Each but grid and fallback prints "STOP-SERVER", waits for a line on stdin (the test stops the server), checks that the page says it is
// disconnected, prints "START-SERVER" and waits again (a server on the same port): frames must be painted again.
// Prints one JSON line with what it measured (PlayerBrowserTest checks it); exits non-zero on failure.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { askTest, launchChromium, RECOVER_TIMEOUT_MS, reportAndExit, STEP_TIMEOUT_MS } from './browser.mjs';

const [url, artifactDir, scenario] = process.argv.slice(2);
if (!url || !artifactDir || !scenario) {
  console.error('usage: node player-test.mjs PAGE_URL ARTIFACT_DIR webcodecs|mse|mjpeg');
  process.exit(2);
}
mkdirSync(artifactDir, { recursive: true });

const browser = await launchChromium();
await reportAndExit(browser, async (result) => {
  const login = process.env.PAGE_LOGIN;
  const credentials = login
    ? { httpCredentials: { username: login.split(':')[0], password: login.slice(login.indexOf(':') + 1) } } : {};
  // PAGE_SELF_SIGNED: the server's certificate is its own (--tls-self-signed), accepted as a person does once.
  const tls = process.env.PAGE_SELF_SIGNED ? { ignoreHTTPSErrors: true } : {};
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...credentials, ...tls });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  if (scenario === 'mse') await page.addInitScript(() => { delete window.VideoDecoder; });
  await page.goto(url);
  result.secureContext = await page.evaluate(() => window.isSecureContext);
  if (scenario === 'grid') {
    await grid(page, result);
  } else if (scenario === 'fallback') {
    await play(page, result, scenario);
  } else {
    if (scenario === 'mjpeg') await chooseMjpeg(page, result);
    await play(page, result, scenario);
    if (scenario === 'mse') await mseBufferAfter(page, result, 25_000);
    await restart(page, result);
  }
  result.consoleErrors = consoleErrors;
  await context.close();
  writeFileSync(join(artifactDir, `player-${scenario}.json`), JSON.stringify(result, null, 1)); // the figures, kept
});

function framesPainted(page) {
  return page.$eval('#stage', (el) => Number(el.dataset.frames));
}

/** A hash of the picture on screen now: the canvas, or the video drawn onto a canvas (MSE). */
async function pictureHash(page) {
  const png = await page.evaluate(() => {
    const stage = document.getElementById('stage');
    if (stage.dataset.path !== 'mse') return document.getElementById('video').toDataURL('image/png');
    const video = document.getElementById('video-mse');
    const copy = document.createElement('canvas');
    copy.width = video.videoWidth;
    copy.height = video.videoHeight;
    copy.getContext('2d').drawImage(video, 0, 0);
    return copy.toDataURL('image/png');
  });
  return createHash('sha256').update(png).digest('hex');
}

async function play(page, result, name) {
  await page.waitForFunction(() => Number(document.getElementById('stage').dataset.frames) >= 10);
  result.path = await page.$eval('#stage', (el) => el.dataset.path);
  result.pathBadge = await page.$eval('#path-badge', (el) => el.textContent);
  result.pathNote = await page.$eval('#path-note', (el) => el.textContent);
  const firstHash = await pictureHash(page);
  const before = await framesPainted(page);
  await page.waitForFunction((n) => Number(document.getElementById('stage').dataset.frames) >= n + 10, before);
  result.pictureChanged = (await pictureHash(page)) !== firstHash;
  await page.waitForFunction(() => parseFloat(document.getElementById('stat-fps').textContent) > 0
      && !Number.isNaN(parseFloat(document.getElementById('stat-latency').textContent))
      && !Number.isNaN(parseFloat(document.getElementById('stat-bitrate').textContent)));
  await page.waitForTimeout(2500); // figures over a whole 2 s window
  const text = (id) => page.$eval(id, (el) => el.textContent);
  result.fps = parseFloat(await text('#stat-fps'));
  result.latencyMs = parseFloat(await text('#stat-latency'));
  result.bitrateMbps = parseFloat(await text('#stat-bitrate'));
  result.resolution = await text('#stat-resolution');
  result.status = await text('#status-text');
  result.screenshot = join(artifactDir, `player-${name}.png`);
  await page.screenshot({ path: result.screenshot });
}

async function chooseMjpeg(page, result) {
  await page.waitForFunction(() => Number(document.getElementById('stage').dataset.frames) >= 3);
  result.pathBeforeChoice = await page.$eval('#stage', (el) => el.dataset.path);
  await page.selectOption('#player-mode', 'mjpeg');
  await page.waitForFunction(() => document.getElementById('path-note').textContent.includes('chosen'));
  result.choiceKept = await page.evaluate(() => localStorage.getItem('edgecam.playback'));
}

async function restart(page, result) {
  await askTest('STOP-SERVER');
  await page.waitForFunction(() => document.body.dataset.connection === 'disconnected');
  result.statusWhileStopped = await page.$eval('#status-text', (el) => el.textContent);
  result.messageWhileStopped = await page.$eval('#stage-message', (el) => el.textContent);
  await askTest('START-SERVER');
  const before = await framesPainted(page);
  await page.waitForFunction((n) => Number(document.getElementById('stage').dataset.frames) >= n + 10, before,
      { timeout: RECOVER_TIMEOUT_MS });
  await page.waitForFunction(() => document.getElementById('status-text').textContent === 'Live');
  result.framesAfterRestart = (await framesPainted(page)) - before;
  result.pathAfterRestart = await page.$eval('#stage', (el) => el.dataset.path);
  result.statusAfterRestart = await page.$eval('#status-text', (el) => el.textContent);
  await page.screenshot({ path: join(artifactDir, `player-${result.path}-after-restart.png`) });
}

/** Whether each tile's picture differs from when {@code remember} was last true (runs in the page). */
function tilesChanged(remember) {
  const now = [...document.querySelectorAll('.tile canvas')].map((c) => c.toDataURL('image/png'));
  const before = window.tilePictures || [];
  if (remember) window.tilePictures = now;
  return now.map((picture, i) => picture !== before[i]);
}

async function grid(page, result) {
  const tilesPainted = (n) => page.waitForFunction((least) => {
    const stages = [...document.querySelectorAll('.tile-stage')];
    return stages.length === 2 && stages.every((s) => Number(s.dataset.frames) >= least);
  }, n);
  await tilesPainted(10);
  result.tilePaths = await page.$$eval('.tile-stage', (all) => all.map((s) => s.dataset.path));
  result.tilePictures = await page.$$eval('.tile canvas', (all) => all.map((c) => `${c.width}x${c.height}`));
  await page.evaluate(tilesChanged, true);
  await tilesPainted(40);
  result.tilesChanged = await page.evaluate(tilesChanged, false);
  result.screenshot = join(artifactDir, 'player-grid.png');
  await page.screenshot({ path: result.screenshot });
  await page.click('.tile[data-camera="till"]');
  await page.waitForFunction(() => window.location.hash === '#cam=till'
      && Number(document.getElementById('stage').dataset.frames) >= 10);
  result.singlePath = await page.$eval('#stage', (el) => el.dataset.path);
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent !== '–');
  result.singleResolution = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.singleH264Url = await page.$eval('#url-h264', (el) => el.textContent);
}

/** How much the MSE video holds, and how far behind its end it plays, after {@code millis} of playing. */
async function mseBufferAfter(page, result, millis) {
  await page.waitForTimeout(millis);
  result.mseBuffer = await page.evaluate(() => {
    const video = document.getElementById('video-mse');
    const ranges = video.buffered;
    const end = ranges.end(ranges.length - 1);
    return { heldSeconds: end - ranges.start(0), behindSeconds: end - video.currentTime,
      droppedFrames: video.getVideoPlaybackQuality().droppedVideoFrames,
      totalFrames: video.getVideoPlaybackQuality().totalVideoFrames };
  });
}
