// Loads the edgecam live page in headless Chromium and checks what a person would see:
// the picture changes, the numbers are live, the snapshot button downloads a JPEG, the settings apply.
// Usage: node page-test.mjs PAGE_URL ARTIFACT_DIR [SCENARIO]
// SCENARIO (default "live"):
//   live              the above, and the layout at 1280 px and on a phone (390x844): no card or URL spills over
//   offline-read-only a server whose source is offline and whose settings are read-only: the reason is on the
//                     page as text, and the settings are shown read-only
//   restart           prints "STOP-SERVER" and waits for a line on stdin (the test stops the server), checks that
//                     the page says "Disconnected" with its controls disabled, then prints "START-SERVER" and waits
//                     again (the test starts a server on the same port): the page must recover the picture
// With PAGE_LOGIN=USER:PASSWORD in the environment the server asks for a login: the browser is given the
// credentials (as a person typing them into its dialog once) and the page must work as without a login;
// a browser without them must get 401.
// Prints one JSON line with what it measured (PageBrowserTest checks it too); exits non-zero on failure.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [url, artifactDir, scenario = 'live'] = process.argv.slice(2);
if (!url || !artifactDir) {
  console.error('usage: node page-test.mjs PAGE_URL ARTIFACT_DIR');
  process.exit(2);
}
mkdirSync(artifactDir, { recursive: true });

const STEP_TIMEOUT_MS = 20_000;
// The restart scenario waits longer: the page's backoff reaches 10 s between tries while the server is down.
const RECOVER_TIMEOUT_MS = 40_000;
const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Asks the Java test to do something (a line on stdout) and waits for its answer (a line on stdin). */
async function askTest(request) {
  console.log(request);
  const { value, done } = await stdinLines.next();
  if (done) throw new Error(`the test closed stdin instead of answering ${request}`);
  return value;
}

/**
 * Boxes that are wider than their own box or stick out of the window, at the current viewport: cards, stat tiles,
 * their values and the URLs (an ellipsis also counts: the text is cut off). Empty when everything fits.
 */
function overflowingBoxes(page) {
  return page.evaluate(() => {
    const found = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('.card, .stat, .stat-value, .stat-note, .links code, .notice, .topbar, .stage')) {
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
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: STEP_TIMEOUT_MS,
});
const result = {};
try {
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
  } else if (scenario === 'restart') {
    await restart(page, result);
  } else {
    await live(page, result, context);
  }
  result.consoleErrors = consoleErrors;
  await context.close();
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);

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
