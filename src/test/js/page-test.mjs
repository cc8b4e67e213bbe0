// Loads the edgecam live page in headless Chromium and checks what a person would see:
// the picture changes, the numbers are live, the snapshot button downloads a JPEG, the settings apply.
// Usage: node page-test.mjs PAGE_URL ARTIFACT_DIR
// With PAGE_LOGIN=USER:PASSWORD in the environment the server asks for a login: the browser is given the
// credentials (as a person typing them into its dialog once) and the page must work as without a login;
// a browser without them must get 401.
// Prints one JSON line with what it measured (PageBrowserTest checks it too); exits non-zero on failure.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, artifactDir] = process.argv.slice(2);
if (!url || !artifactDir) {
  console.error('usage: node page-test.mjs PAGE_URL ARTIFACT_DIR');
  process.exit(2);
}
mkdirSync(artifactDir, { recursive: true });

const STEP_TIMEOUT_MS = 20_000;
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

  // The settings apply while the picture keeps coming.
  await page.selectOption('#output-size', '320x180');
  await page.click('#settings-apply');
  await page.waitForFunction(() => document.getElementById('stat-resolution').textContent === '320×180');
  result.resolutionAfterSettings = await page.$eval('#stat-resolution', (el) => el.textContent);
  result.settingsMessage = await page.$eval('#settings-message', (el) => el.textContent);
  result.consoleErrors = consoleErrors;
  await context.close();
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.error ? 1 : 0);
