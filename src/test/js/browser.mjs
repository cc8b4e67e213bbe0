// What the page scripts (page-test.mjs, player-test.mjs) share: Debian's headless Chromium, the step timeouts, and
// asking the Java test to act (stop or start the server) over stdout and stdin.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

export const STEP_TIMEOUT_MS = 20_000;
// A restart waits longer: the page's backoff reaches 10 s between tries while the server is down.
export const RECOVER_TIMEOUT_MS = 40_000;

let stdinLines = null;

/** Asks the Java test to do something (a line on stdout) and waits for its answer (a line on stdin). */
export async function askTest(request) {
  stdinLines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  console.log(request);
  const { value, done } = await stdinLines.next();
  if (done) throw new Error(`the test closed stdin instead of answering ${request}`);
  return value;
}

/** Headless Chromium ($CHROMIUM_PATH, else Debian's), with {@code extraArgs}. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    timeout: STEP_TIMEOUT_MS,
  });
}

/**
 * Runs {@code body(result)} with {@code browser}, then prints {@code result} as one JSON line (with {@code error} when
 * the body threw), closes the browser and exits: 0, or 1 after an error.
 */
export async function reportAndExit(browser, body) {
  const result = {};
  try {
    await body(result);
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
  process.exit(result.error ? 1 : 0);
}
