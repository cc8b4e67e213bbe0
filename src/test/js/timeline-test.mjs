// The page's recordings timeline in headless Chromium, on a phone-sized screen: it shows the segments and the motion
// events of the recorded camera, a click on a segment plays it in the <video> from that point, and the video's time
// advances. Screenshots: timeline-phone.png (the card), timeline-playing.png (after the click), timeline-desktop.png.
// Usage: node timeline-test.mjs PAGE_URL ARTIFACT_DIR
// Prints one JSON line with what it saw (TimelineBrowserTest checks it); exits non-zero on failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, reportAndExit, STEP_TIMEOUT_MS } from './browser.mjs';

const [url, artifactDir] = process.argv.slice(2);
if (!url || !artifactDir) {
  console.error('usage: node timeline-test.mjs PAGE_URL ARTIFACT_DIR');
  process.exit(2);
}
mkdirSync(artifactDir, { recursive: true });

const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
await reportAndExit(browser, async (result) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  try {
    await page.waitForSelector('#timeline-card:not([hidden]) .timeline-segment');
  } catch (e) {
    result.consoleErrors = consoleErrors;
    result.cardHidden = await page.evaluate(() => document.getElementById('timeline-card').hidden);
    result.note = await page.evaluate(() => document.getElementById('timeline-note').textContent);
    await page.screenshot({ path: join(artifactDir, 'timeline-failed.png'), fullPage: true });
    throw e;
  }
  await page.waitForFunction(() => document.querySelectorAll('.timeline-segment').length >= 3
    && document.querySelectorAll('.timeline-event').length >= 1);
  const card = page.locator('#timeline-card');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(artifactDir, 'timeline-phone.png') });
  Object.assign(result, await page.evaluate(() => ({
    segments: [...document.querySelectorAll('.timeline-segment')].map((s) => s.dataset.url),
    events: [...document.querySelectorAll('.timeline-event')].map((e) => e.dataset.start),
    day: document.getElementById('timeline-day').value,
    pageWidth: document.documentElement.scrollWidth,
    barWidth: document.getElementById('timeline').getBoundingClientRect().width,
  })));

  // Tap the middle of the second segment: the video plays that segment from about its middle.
  const target = page.locator('.timeline-segment').nth(1);
  const box = await target.boundingBox();
  const bar = await page.locator('#timeline').boundingBox();
  result.clickedUrl = await target.getAttribute('data-url');
  await page.mouse.click(box.x + box.width / 2, bar.y + bar.height / 2);
  try {
    await page.waitForFunction(() => {
      const v = document.getElementById('timeline-video');
      return !v.hidden && v.readyState >= 2 && !v.paused;
    });
  } catch (e) {
    result.consoleErrors = consoleErrors;
    result.note = await page.evaluate(() => document.getElementById('timeline-note').textContent);
    result.video = await page.evaluate(() => {
      const v = document.getElementById('timeline-video');
      return { hidden: v.hidden, src: v.currentSrc, readyState: v.readyState, paused: v.paused, error: v.error && v.error.message };
    });
    throw e;
  }
  const before = await page.evaluate(() => document.getElementById('timeline-video').currentTime);
  await page.waitForTimeout(1500);
  Object.assign(result, await page.evaluate((t0) => {
    const v = document.getElementById('timeline-video');
    return {
      playedUrl: new URL(v.currentSrc).pathname,
      startTime: t0,
      timeAfter: v.currentTime,
      videoSize: `${v.videoWidth}x${v.videoHeight}`,
      note: document.getElementById('timeline-note').textContent,
      cursorShown: !document.getElementById('timeline-cursor').hidden,
    };
  }, before));
  await card.screenshot({ path: join(artifactDir, 'timeline-playing.png') });
  result.consoleErrors = consoleErrors;
  await phone.close();

  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const wide = await desktop.newPage();
  await wide.goto(url);
  await wide.waitForSelector('#timeline-card:not([hidden]) .timeline-event');
  await wide.screenshot({ path: join(artifactDir, 'timeline-desktop.png'), fullPage: true });
  await desktop.close();
});
