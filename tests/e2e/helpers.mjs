// Shared helpers for Snapshot Lab's end-to-end tests (run with `node --test tests/e2e/`).
//
// - startServer(): a tiny static file server for dist/ on 127.0.0.1 and a free port.
// - launchBrowser(): Debian's Chromium (/usr/bin/chromium) through playwright-core; no browser
//   download, no network beyond loopback.
// - openPage(): a new page at a given viewport width that records console errors, uncaught page
//   errors and failed requests, so that tests can assert there were none.
// - saveScreenshot(): PNGs go to target/screenshots/.
//
// Environment: SNAPSHOT_LAB_DIST (default <repo>/dist), SNAPSHOT_LAB_CHROMIUM
// (default /usr/bin/chromium), SNAPSHOT_LAB_HEADFUL=1 to watch the browser.

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.resolve(process.env.SNAPSHOT_LAB_DIST ?? path.join(ROOT, 'dist'));
export const SCREENSHOT_DIR = path.join(ROOT, 'target', 'screenshots');
export const CHROMIUM = process.env.SNAPSHOT_LAB_CHROMIUM ?? '/usr/bin/chromium';

// The same flags as webdriver.json (the wasm browser tests), plus --disable-quic. Without the
// networking flags Chromium keeps trying to reach Google's hosts, which this machine refuses.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Default time to wait for the app to appear (the first load compiles the wasm). */
export const APP_TIMEOUT_MS = 30_000;

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/**
 * Serve `dir` (default dist/) on 127.0.0.1 at a free port.
 * @returns {Promise<{url: string, port: number, requests: string[], close: () => Promise<void>}>}
 *   `url` ends with a slash, e.g. http://127.0.0.1:41234/
 */
export async function startServer(dir = DIST) {
  const root = path.resolve(dir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(
      `${path.join(root, 'index.html')} does not exist. Build the app first: ` +
        '`trunk build --release --offline` (bash scripts/test.sh build does this before the e2e tests).',
    );
  }
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (status, text) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request');
    }
    let file = path.join(root, path.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Launch Debian's Chromium headless through playwright-core. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found. Install it with: apt-get install -y chromium chromium-driver ` +
        '(bash scripts/setup.sh --test does this).',
    );
  }
  const headful = process.env.SNAPSHOT_LAB_HEADFUL === '1';
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: !headful,
    args: headful ? CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')) : CHROMIUM_ARGS,
  });
}

// Noise that says nothing about the app: the browser asks for /favicon.ico on its own.
const IGNORED_URL = /\/favicon\.ico(\?|$)/;

/**
 * Open a new page (in its own browser context) at the given viewport width.
 * Everything that goes wrong on the page is collected in `problems`:
 *   consoleErrors  console.error(...) messages (and the browser's own error messages)
 *   pageErrors     uncaught exceptions and unhandled rejections (a Rust panic ends up here)
 *   failedRequests requests that failed or answered with status >= 400
 * @param {import('playwright-core').Browser} browser
 * @param {{width: number, height?: number, mobile?: boolean, serviceWorkers?: 'allow' | 'block',
 *   colorScheme?: 'light' | 'dark', reducedMotion?: 'reduce' | 'no-preference', locale?: string}} viewport
 *   mobile: true emulates a touch phone (isMobile, hasTouch).
 *   locale: the browser's language (navigator.languages), which picks the page's; en-US unless given.
 *   serviceWorkers: blocked unless a test asks for them (offline.test.mjs): a page that a
 *   service worker controls is served from its cache, out of reach of page.route() and of the
 *   server's request log.
 */
export async function openPage(
  browser,
  { width, height, mobile = false, serviceWorkers = 'block', colorScheme = 'light', reducedMotion = 'reduce', locale = 'en-US' },
) {
  const context = await browser.newContext({
    viewport: { width, height: height ?? (mobile ? 800 : 900) },
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale,
    reducedMotion,
    colorScheme,
    serviceWorkers,
  });
  const page = await context.newPage();
  const problems = trackProblems(page);
  return { page, context, problems, close: () => context.close() };
}

/**
 * Collect what goes wrong on `page` into `problems` (a new record unless one is given, so that
 * several pages of one test can share it): see openPage().
 * @param {import('playwright-core').Page} page
 */
export function trackProblems(page, problems = { consoleErrors: [], pageErrors: [], failedRequests: [] }) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    if (IGNORED_URL.test(where)) return;
    problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) =>
    problems.pageErrors.push(
      String(err?.stack || err?.message || err || '') ||
        `an uncaught ${err?.name || 'exception or unhandled promise rejection'} with no message`,
    ),
  );
  page.on('requestfailed', (req) => {
    if (IGNORED_URL.test(req.url())) return;
    // A navigation (a test's next page.goto or reload) cancels what the page was still
    // fetching: not a failure of the app.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !IGNORED_URL.test(res.url())) {
      problems.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
    }
  });
  return problems;
}

/** A readable list of everything collected by openPage(), or '' when there was nothing. */
export function describeProblems(problems) {
  const parts = [];
  for (const [kind, list] of Object.entries(problems)) {
    if (list.length) parts.push(`${kind}:\n  ${list.join('\n  ')}`);
  }
  return parts.join('\n');
}

/** Save a full-page screenshot to target/screenshots/<name>.png and return its path. */
export async function saveScreenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The accessible name of the locator's element, as the browser's accessibility tree has it
 * (from Playwright's ARIA snapshot: `- button "Process P1, balance 1000"` gives
 * `Process P1, balance 1000`), or null when it has none.
 * @param {import('playwright-core').Locator} locator
 */
export async function accessibleName(locator) {
  const snapshot = await locator.ariaSnapshot();
  const first = snapshot.split('\n')[0];
  const match = /^- [\w-]+ "((?:[^"\\]|\\.)*)"/.exec(first);
  return match ? JSON.parse(`"${match[1]}"`) : null;
}

/**
 * Poll `check()` (sync or async) until it returns a truthy value, and return that value;
 * after `timeout` ms throw an Error that says what was awaited and what `describe()` reports.
 */
export async function until(check, what, { timeout = 5_000, interval = 40, describe } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      let detail = '';
      if (describe) {
        try {
          detail = `\n  now: ${await describe()}`;
        } catch (err) {
          detail = `\n  (could not describe: ${err.message})`;
        }
      }
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}${detail}` + (last ? `\n  last error: ${last.message}` : ''),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An accessible-name matcher for "the name starts with `prefix`" (contract.md section 3):
 * `Process P1` matches "Process P1, balance 1000" but not "Process P10".
 */
export function startsWith(prefix) {
  return new RegExp(`^\\s*${escapeRegExp(prefix)}(?![\\p{L}\\p{N}])`, 'u');
}

/**
 * Run `body({page, problems})` on a fresh page; if it throws, save
 * target/screenshots/<name>-FAILED.png and add the collected page problems to the error.
 */
export async function withPage(browser, viewport, name, body) {
  const session = await openPage(browser, viewport);
  try {
    await body(session);
  } catch (err) {
    let shot = '';
    try {
      shot = await saveScreenshot(session.page, `${name}-FAILED`);
    } catch {
      // the page may be gone; the original error matters more
    }
    const extra = describeProblems(session.problems);
    if (err instanceof Error) {
      err.message +=
        (shot ? `\nscreenshot: ${path.relative(ROOT, shot)}` : '') +
        (extra ? `\npage problems:\n${extra}` : '');
    }
    throw err;
  } finally {
    await session.close();
  }
}

/** Fails unless the page had no uncaught error, no panic (a wasm trap) and no failed request. */
export function assertNoPageErrors(problems) {
  assert.deepEqual(problems.pageErrors, [], `uncaught errors on the page:\n${describeProblems(problems)}`);
  const panics = problems.consoleErrors.filter((m) => /panicked|RuntimeError|unreachable/i.test(m));
  assert.deepEqual(panics, [], `the app panicked:\n${describeProblems(problems)}`);
  assert.deepEqual(problems.failedRequests, [], `failed requests:\n${describeProblems(problems)}`);
}

/**
 * The server (dist/) and Chromium a test file shares: registers the file's `before` and `after`
 * hooks and returns a record whose `server` and `browser` are set once they have started.
 */
export function sharedSession() {
  const session = { server: undefined, browser: undefined };
  before(async () => {
    session.server = await startServer();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

// Finding things by role and name, as several test files do.

/** A process in the topology diagram (`Process P1, …`). */
export const processButton = (page, n) => page.getByRole('button', { name: startsWith(`Process P${n}`) });
/** A button by its exact name, within a page or a region. */
export const control = (scope, name) => scope.getByRole('button', { name, exact: true });
/** The page's URL fragment, without `#`, decoded. */
export const fragment = (page) => decodeURIComponent(new URL(page.url()).hash.slice(1));

/**
 * Waits until the page has run what it left for after its next frame: the page writes the URL
 * (and its saved scenario) in a task queued by the frame that draws each update, so a test reads
 * the link after this (a frame callback queued now runs after the page's, and so does its task).
 */
export async function settle(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

// The page's structure (issue 20): panels are tabs under the diagrams, and the toolbar's less
// used controls are in its "More" menu.

/**
 * Show the panel whose tab is `name` (`Snapshots`, `Pseudocode`, `Marker rules`, `Event log`):
 * clicks its tab unless it is already selected. `scope`: a page or a frame locator.
 */
export async function showPanel(scope, name) {
  const tab = scope.getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

/** Open the toolbar's "More" menu (Copy link, Open file…, Export…, Presentation mode, the
 * shortcuts, Run's speed, the rules of the run), unless it is open. */
export async function openMore(scope) {
  const more = scope.locator('details.more');
  if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
}
