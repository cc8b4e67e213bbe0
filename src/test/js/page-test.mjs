// Loads the edgecam live page in headless Chromium and checks what a person would see:
// the picture changes, the numbers are live, the snapshot button downloads a JPEG, the settings apply.
// Usage: node page-test.mjs PAGE_URL ARTIFACT_DIR [SCENARIO]
// SCENARIO (default "live"):
//   live              the above, and the layout at 1280 px and on a phone (390x844): no card or URL spills over
//   offline-read-only a server whose source is offline and whose settings are read-only: the reason is on the
//                     page as text, and the settings are shown read-only
//   grid              a server of three cameras (door, till: test patterns of two sizes; gone: missing): the page
//                     opens on a grid of three tiles; a click opens a camera's single view, where its settings are
//                     changed; the back button returns to the grid; #cam=door opens door's view; counts the streams
//                     the page holds open in each view (from /state) and keeps screenshots at 1280 px and on a phone
//   grid-restart      the same three cameras, read-only settings: the grid says when the server is gone (as
//                     restart below) and its tiles paint again when it is back; door's view shows read-only settings
//   restart           prints "STOP-SERVER" and waits for a line on stdin (the test stops the server), checks that
//                     the page says "Disconnected" with its controls disabled, then prints "START-SERVER" and waits
//                     again (the test starts a server on the same port): the page must recover the picture
// With PAGE_LOGIN=USER:PASSWORD in the environment the server asks for a login: the browser is given the
// credentials (as a person typing them into its dialog once) and the page must work as without a login;
// a browser without them must get 401.
// Prints one JSON line with what it measured (PageBrowserTest checks it too); exits non-zero on failure.
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { askTest, launchChromium, RECOVER_TIMEOUT_MS, reportAndExit, STEP_TIMEOUT_MS } from './browser.mjs';

const [url, artifactDir, scenario = 'live'] = process.argv.slice(2);
if (!url || !artifactDir) {
  console.error('usage: node page-test.mjs PAGE_URL ARTIFACT_DIR');
  process.exit(2);
}
mkdirSync(artifactDir, { recursive: true });


/**
 * Boxes that are wider than their own box or stick out of the window, at the current viewport: cards, stat tiles,
 * their values and the URLs (an ellipsis also counts: the text is cut off). Empty when everything fits.
 */
function overflowingBoxes(page) {
  return page.evaluate(() => {
    const found = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('.card, .stat, .stat-value, .stat-note, .links code, .notice, .topbar, .stage, .tile, .tile-facts')) {
      const box = el.getBoundingClientRect();
      const name = el.id || el.className;
      if (box.width === 0) continue; // hidden
      if (box.right > width + 1 || box.left < -1) found.push(`${name} sticks out of the window (${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
      if (el.scrollWidth > el.clientWidth + 1) found.push(`${name} is cut off: "${el.textContent.trim()}" needs ${el.scrollWidth} px, has ${el.clientWidth}`);
    }
    return found;
  });
}

/** Whether every control a viewer uses is disabled. */
const controlsDisabled = (page) => page.evaluate(() => [document.getElementById('snapshot-button'),
  ...document.getElementById('settings-form').elements].every((c) => c.disabled));
const browser = await launchChromium();
await reportAndExit(browser, async (result) => {
  const login = process.env.PAGE_LOGIN;
  if (login) {
    const anonymous = await browser.newContext();
    // A headless browser has no login dialog to show (navigation fails), so ask as a plain request does.
    result.statusWithoutLogin = (await anonymous.request.get(url)).status();
    await anonymous.close();
  }
  const credentials = login
    ? { httpCredentials: { username: login.split(':')[0], password: login.slice(login.indexOf(':') + 1) } } : {};
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, ...credentials });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await page.goto(url);
  if (scenario === 'offline-read-only') {
    await offlineAndReadOnly(page, result);
  } else if (scenario === 'grid') {
    await grid(page, result, url);
  } else if (scenario === 'grid-restart') {
    await gridRestart(page, result);
  } else if (scenario === 'restart') {
    await restart(page, result);
  } else {
    await live(page, result, context);
  }
  result.consoleErrors = consoleErrors;
  await context.close();
});

async function live(page, result) {
  const framesDrawn = () => page.$eval('#video', (c) => Number(c.dataset.frames));
  const number = (id) => page.$eval(id, (el) => parseFloat(el.textContent));
  const pictureHash = async () => createHash('sha256')
      .update(await page.$eval('#video', (c) => c.toDataURL('image/png'))).digest('hex');

  // The picture arrives and changes over time.
  await page.waitForFunction(() => Number(document.getElementById('video').dataset.frames) >= 3);
  const firstHash = await pictureHash();
  const framesBefore = await framesDrawn();
  await page.waitForFunction((n) => Number(document.getElementById('video').dataset.frames) >= n + 10, framesBefore);
  result.pictureChanged = (await pictureHash()) !== firstHash;
  result.framesBefore = framesBefore;
  result.framesAfter = await framesDrawn();

  // The numbers are live.
  await page.waitForFunction(() => parseFloat(document.getElementById('stat-fps').textContent) > 0
      && parseFloat(document.getElementById('stat-clients').textContent) >= 1
      && !Number.isNaN(parseFloat(document.getElementById('stat-latency').textContent))
      && document.getElementById('src-fps').textContent.includes('fps'));
  result.fps = await number('#stat-fps');
  result.latencyMs = await number('#stat-latency');
  result.clients = await number('#stat-clients');
  result.resolution = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.sourceFps = await page.$eval('#src-fps', (el) => el.textContent);
  result.clientRows = await page.$$eval('#clients-body tr', (rows) => rows.map((r) => r.textContent));
  result.gridShown = await page.$eval('#grid-view', (el) => !el.hidden);
  result.backLinkShown = await page.$eval('#back-to-grid', (el) => !el.hidden);
  await page.waitForTimeout(1500); // let the viewer table and the fps settle for the screenshot
  result.screenshot = join(artifactDir, 'page.png');
  await page.screenshot({ path: result.screenshot });

  // The snapshot button downloads a JPEG.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#snapshot-button')]);
  result.snapshotName = download.suggestedFilename();
  result.snapshotPath = join(artifactDir, 'snapshot-from-page.jpg');
  await download.saveAs(result.snapshotPath);
  const jpeg = readFileSync(result.snapshotPath);
  result.snapshotBytes = jpeg.length;
  result.snapshotIsJpeg = jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg[jpeg.length - 2] === 0xff && jpeg[jpeg.length - 1] === 0xd9;

  // The server refuses sizes above the source's and caps above its rate: the page offers neither.
  result.sourceSize = await page.evaluate(async () => { const s = (await (await fetch('/state')).json()).source; return `${s.width}x${s.height}`; });
  result.sizesOffered = await page.$$eval('#output-size option', (options) => options.filter((o) => !o.disabled).map((o) => o.value));
  result.capsOffered = await page.$$eval('#max-fps option', (options) => options.filter((o) => !o.disabled).map((o) => o.value));

  // The settings apply while the picture keeps coming.
  await page.selectOption('#output-size', '320x180');
  await page.click('#settings-apply');
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '320×180');
  result.resolutionAfterSettings = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.settingsMessage = await page.$eval('#settings-message', (el) => el.textContent);
  result.settingsNote = await page.$eval('#settings-note', (el) => el.textContent);

  // The layout at a laptop's 1280 px and on a phone: nothing spills over or is cut off, with a full-HD picture's
  // longer numbers (at 5 fps, to spare the machine the encoding).
  await page.selectOption('#output-size', '1920x1080');
  await page.selectOption('#max-fps', '5');
  await page.click('#settings-apply');
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '1920×1080');
  result.layout = {};
  for (const [name, viewport] of [['1280', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(700); // a stats refresh at the new size
    result.layout[name] = await overflowingBoxes(page);
    const file = join(artifactDir, `page-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    result.layout[name + 'Screenshot'] = file;
  }
}

async function offlineAndReadOnly(page, result) {
  await page.waitForFunction(() => !document.getElementById('source-notice').hidden);
  await page.waitForFunction(() => document.getElementById('settings-form').elements[0].disabled);
  result.sourceNotice = await page.$eval('#source-notice', (el) => el.textContent.replace(/\s+/g, ' ').trim());
  result.status = await page.$eval('#status-text', (el) => el.textContent);
  result.settingsDisabled = await page.evaluate(() => [...document.getElementById('settings-form').elements].every((c) => c.disabled));
  result.settingsBadgeShown = await page.$eval('#settings-badge', (el) => !el.hidden);
  result.settingsNote = await page.$eval('#settings-note', (el) => el.textContent);
  result.snapshotEnabled = await page.$eval('#snapshot-button', (el) => !el.disabled);
  await page.waitForTimeout(1000); // a few "no signal" pictures for the screenshot
  result.screenshot = join(artifactDir, 'page-offline-read-only.png');
  await page.screenshot({ path: result.screenshot });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  result.phoneLayout = await overflowingBoxes(page);
  await page.screenshot({ path: join(artifactDir, 'page-offline-read-only-phone.png'), fullPage: true });
}

async function restart(page, result) {
  const framesDrawn = () => page.$eval('#video', (c) => Number(c.dataset.frames));
  await page.waitForFunction(() => Number(document.getElementById('video').dataset.frames) >= 3);
  result.controlsDisabledWhileConnected = await controlsDisabled(page);

  await askTest('STOP-SERVER');
  await page.waitForFunction(() => document.body.dataset.connection === 'disconnected');
  result.statusWhileStopped = await page.$eval('#status-text', (el) => el.textContent);
  result.messageWhileStopped = await page.$eval('#stage-message', (el) => el.textContent);
  result.controlsDisabledWhileStopped = await controlsDisabled(page);
  result.screenshotStopped = join(artifactDir, 'page-disconnected.png');
  await page.screenshot({ path: result.screenshotStopped });

  await askTest('START-SERVER');
  const before = await framesDrawn();
  await page.waitForFunction(() => document.body.dataset.connection === 'connected', null, { timeout: RECOVER_TIMEOUT_MS });
  await page.waitForFunction((n) => Number(document.getElementById('video').dataset.frames) >= n + 5, before,
      { timeout: RECOVER_TIMEOUT_MS });
  await page.waitForFunction(() => document.getElementById('status-text').textContent === 'Live');
  result.framesAfterRestart = (await framesDrawn()) - before;
  result.statusAfterRestart = await page.$eval('#status-text', (el) => el.textContent);
  result.controlsDisabledAfterRestart = await controlsDisabled(page);
}

/**
 * How many streams each camera serves now, by id (from /state: its HTTP clients, MJPEG, and its WebSocket clients,
 * H.264 for the page's player).
 */
function streamsByCamera(page) {
  return page.evaluate(async () => {
    const state = await (await fetch('/state', { cache: 'no-store' })).json();
    const streams = (c) => c.clients.filter((k) => k.transport === 'http' || k.transport === 'ws').length;
    return Object.fromEntries(state.cameras.map((c) => [c.id, streams(c)]));
  });
}

/** Polls streamsByCamera until it equals {@code expected} (the server sees a closed stream soon, not at once). */
async function waitForStreams(page, expected) {
  let seen;
  for (let i = 0; i < 60; i++) {
    seen = await streamsByCamera(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return seen;
    await page.waitForTimeout(300);
  }
  return seen;
}

/** What each tile shows: picture size and frames painted, id, source, fps, badge, offline reason. */
function tiles(page) {
  return page.$$eval('.tile', (all) => all.map((t) => ({
    id: t.dataset.camera,
    picture: `${t.querySelector('canvas').width}x${t.querySelector('canvas').height}`,
    frames: Number(t.querySelector('canvas').dataset.frames),
    source: t.querySelector('.tile-source').textContent,
    fps: t.querySelector('.tile-fps').textContent,
    badge: t.querySelector('.tile-badge').textContent,
    reason: t.querySelector('.tile-reason').hidden ? '' : t.querySelector('.tile-reason').textContent,
  })));
}

/** Frames painted by each tile so far (runs in the page). */
function framesOfTiles() {
  return [...document.querySelectorAll('.tile canvas')].map((c) => Number(c.dataset.frames));
}

async function grid(page, result, url) {
  // Three tiles, each painting its camera's pictures (the missing camera's "no signal" ones).
  await page.waitForFunction(() => document.querySelectorAll('.tile').length === 3
      && [...document.querySelectorAll('.tile canvas')].every((c) => Number(c.dataset.frames) >= 3)
      && document.querySelector('.tile[data-camera="gone"] .tile-reason').textContent !== '');
  result.tiles = await tiles(page);
  result.singleViewHiddenInGrid = await page.$eval('#single-view', (el) => el.hidden);
  result.streamsInGrid = await waitForStreams(page, { door: 1, till: 1, gone: 1 });
  result.layout = {};
  for (const [name, viewport] of [['1280', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(1000); // a state refresh at the new size
    result.layout[name] = await overflowingBoxes(page);
    result.layout[name + 'Columns'] = await page.$eval('#tiles',
        (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    const file = join(artifactDir, `grid-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    result.layout[name + 'Screenshot'] = file;
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // A click opens till's single view: its picture, its settings, only its stream.
  await page.click('.tile[data-camera="till"]');
  await page.waitForFunction(() => window.location.hash === '#cam=till'
      && document.getElementById('stat-resolution').textContent === '480×360');
  result.singleResolution = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.singleQuality = await page.$eval('#quality', (el) => el.value);
  result.singleSource = await page.$eval('#source-name', (el) => el.textContent);
  result.singleStreamUrl = await page.$eval('#url-stream', (el) => el.textContent);
  result.backLinkShown = await page.$eval('#back-to-grid', (el) => !el.hidden);
  result.streamsInSingle = await waitForStreams(page, { door: 0, till: 1, gone: 0 });
  await page.screenshot({ path: join(artifactDir, 'grid-single-till.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(700);
  result.singlePhoneLayout = await overflowingBoxes(page);
  await page.screenshot({ path: join(artifactDir, 'grid-single-till-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.selectOption('#output-size', '320x180');
  await page.$eval('#quality', (el) => { el.value = '35'; el.dispatchEvent(new Event('input')); });
  await page.selectOption('#h264-bitrate', '500000');
  await page.click('#settings-apply');
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '320×180');
  result.settingsAfter = await page.evaluate(async () => Object.fromEntries(await Promise.all(['door', 'till', 'gone']
      .map(async (id) => [id, await (await fetch(`/cam/${id}/settings`, { cache: 'no-store' })).json()]))));

  // The back button returns to the grid, whose tiles paint again.
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById('grid-view').hidden);
  const before = await page.evaluate(framesOfTiles);
  await page.waitForFunction((n) => [...document.querySelectorAll('.tile canvas')]
      .every((c, i) => Number(c.dataset.frames) >= (n[i] || 0) + 2), before);
  result.tilesAfterBack = await tiles(page);
  result.streamsAfterBack = await waitForStreams(page, { door: 1, till: 1, gone: 1 });

  // A bookmarked view: #cam=door opens door's single view directly.
  await page.goto('about:blank');
  await page.goto(`${url}#cam=door`);
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '640×360');
  result.bookmarkedResolution = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.bookmarkedGridHidden = await page.$eval('#grid-view', (el) => el.hidden);
}

async function gridRestart(page, result) {
  await page.waitForFunction(() => document.querySelectorAll('.tile').length === 3
      && [...document.querySelectorAll('.tile canvas')].every((c) => Number(c.dataset.frames) >= 3));

  await askTest('STOP-SERVER');
  await page.waitForFunction(() => document.body.dataset.connection === 'disconnected');
  result.statusWhileStopped = await page.$eval('#status-text', (el) => el.textContent);
  result.gridMessageWhileStopped = await page.$eval('#grid-message', (el) => (el.hidden ? '' : el.textContent));
  await page.screenshot({ path: join(artifactDir, 'grid-disconnected.png') });

  await askTest('START-SERVER');
  const before = await page.evaluate(framesOfTiles);
  await page.waitForFunction(() => document.body.dataset.connection === 'connected', null, { timeout: RECOVER_TIMEOUT_MS });
  await page.waitForFunction((n) => [...document.querySelectorAll('.tile canvas')]
      .every((c, i) => Number(c.dataset.frames) >= (n[i] || 0) + 3), before, { timeout: RECOVER_TIMEOUT_MS });
  result.tileFramesAfterRestart = (await page.evaluate(framesOfTiles)).map((n, i) => n - (before[i] || 0));
  result.gridMessageShownAfterRestart = await page.$eval('#grid-message', (el) => !el.hidden);
  result.streamsAfterRestart = await waitForStreams(page, { door: 1, till: 1, gone: 1 });

  await page.click('.tile[data-camera="door"]');
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '640×360'
      && document.getElementById('settings-form').elements[0].disabled);
  result.singleResolution = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.settingsDisabled = await page.evaluate(() => [...document.getElementById('settings-form').elements].every((c) => c.disabled));
  result.settingsBadgeShown = await page.$eval('#settings-badge', (el) => !el.hidden);
}
