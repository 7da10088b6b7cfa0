// Offline: the service worker (www/sw.js, its file lists written by scripts/post-build.mjs)
// precaches only what the page needs to start (index.html, the stylesheet, the icon, the loader,
// the glue and the wasm), so that after the first visit, with the network gone, a reload still
// gives a working lab (a message is delivered) and a lesson link opens. Other built files (the
// file worker, a language's catalog) are kept when first fetched, and then work offline too.
// A browser that asks to save data (Save-Data) registers no service worker at all. A new version
// installs in the background and, once no tab shows the old one, replaces its cache.
//
// Needs a built dist/ and /usr/bin/chromium. This is the one test file that lets service
// workers run (helpers.mjs openPage blocks them for the others).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  DIST,
  openPage,
  processButton,
  ROOT,
  sharedSession,
  startServer,
  startsWith,
  trackProblems,
  until,
  withPage,
  settle,
  openMore,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900, serviceWorkers: 'allow' };
const TEST_TIMEOUT = 120_000;
const SW_TIMEOUT_MS = 60_000;
// The notes' C21 preset (src/sim/presets.rs).
const C21 = 'v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ';

const shared = sharedSession();

const eventRows = (page) =>
  page.getByRole('table', { name: startsWith('Event log') }).getByRole('row').filter({ has: page.getByRole('cell') });

/**
 * The two file lists the build wrote into dist/sw.js (minified: found as the arrays of strings
 * it holds): `files`, every built file, and `precache`, the part of it installed up front.
 */
function swLists() {
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const arrays = [...sw.matchAll(/\[("[^"\]]*"(?:,"[^"\]]*")*)\]/g)].map((m) => JSON.parse(`[${m[1]}]`));
  assert.equal(arrays.length, 2, `dist/sw.js holds two file lists: ${JSON.stringify(arrays)}`);
  const [files, precache] = arrays.sort((a, b) => b.length - a.length);
  return { files, precache };
}

/** Every file in dist/, as paths relative to it. */
function builtFiles() {
  return readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(DIST, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'));
}

/** The files in the page's service-worker cache, by path. */
function cachedFiles(page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('snapshot-lab-'));
    if (names.length !== 1) return { error: `caches: ${names.join(', ')}` };
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort();
  });
}

/** Loads the page and waits until its service worker has installed and controls it. */
async function firstVisit(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
  await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker to control the page', {
    timeout: SW_TIMEOUT_MS,
  });
}

describe('offline', () => {
  test('the service worker precaches what the page needs to start, and knows every built file', () => {
    const { files, precache } = swLists();
    const startup = [
      /^index\.html$/,
      /^boot-[0-9a-f]+\.js$/,
      /^snapshot-lab-[0-9a-f]+\.js$/,
      /^snapshot-lab-[0-9a-f]+_bg\.wasm$/,
      /^[^/]+\.css$/,
      /^[^/]+\.svg$/,
    ];
    for (const want of startup) {
      assert.equal(precache.filter((f) => want.test(f)).length, 1, `${want} once in the precache: ${precache.join(', ')}`);
    }
    assert.equal(precache.length, startup.length, `only the page's start-up files: ${precache.join(', ')}`);
    // The rest is cached when first used, never up front.
    for (const later of [/^snapshot-lab-files_bg\.wasm$/, /^snapshot-lab-files_loader\.js$/, /^i18n-ko-[0-9a-f]+\.json$/, /^i18n-zh-[0-9a-f]+\.json$/]) {
      assert.ok(files.some((f) => later.test(f)), `${later} is a built file the worker knows: ${files.join(', ')}`);
      assert.ok(!precache.some((f) => later.test(f)), `${later} is not precached`);
    }
    assert.deepEqual([...files].sort(), builtFiles().filter((f) => f !== 'sw.js').sort(), 'every built file but sw.js itself');
  });

  test('after one visit, the lab and a lesson link work with the network gone; the file worker once used works too', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'offline', async ({ page, context, problems }) => {
      const { precache } = swLists();
      await firstVisit(page, `${shared.server.url}index.html`);
      assert.deepEqual(await cachedFiles(page), [...precache].sort(), 'the cache holds exactly the start-up files');

      // Exporting loads the file worker, which the service worker keeps as it passes.
      await openMore(page);
      await control(page, 'Export…').click();
      const dialog = page.getByRole('dialog', { name: 'Export' });
      const exportJson = async () => {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 15_000 }),
          dialog.getByRole('button', { name: 'Run JSON (.json)', exact: true }).click(),
        ]);
        assert.equal(await download.failure(), null);
        return JSON.parse(readFileSync(await download.path(), 'utf8'));
      };
      assert.equal((await exportJson()).format, 'snapshot-lab-run');
      await until(
        async () => {
          const cached = await cachedFiles(page);
          return Array.isArray(cached) && cached.includes('snapshot-lab-files_loader.js') && cached.includes('snapshot-lab-files_bg.wasm');
        },
        'the file worker to be kept',
        { describe: async () => JSON.stringify(await cachedFiles(page)) },
      );
      await control(page, 'Close').click();

      await context.setOffline(true);
      const served = shared.server.requests.length;
      await settle(page); // the URL is written a task after the last action
      await page.reload({ waitUntil: 'load' });
      await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      // The lab works: send m1 from P1 to P2 and deliver it.
      await processButton(page, 1).click();
      await processButton(page, 2).click();
      const m1 = page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') });
      await m1.waitFor();
      await m1.click();
      await until(async () => (await eventRows(page).count()) === 2, 'm1 sent and received offline');
      assert.match(await processButton(page, 2).getAttribute('aria-label'), /balance 1100/);
      // The file worker, from the cache.
      await openMore(page);
      await control(page, 'Export…').click();
      assert.equal((await exportJson()).events.length, 2, 'the export of the run offline');
      await control(page, 'Close').click();

      // A lesson link: the same page, from the cache.
      await page.goto(`${shared.server.url}index.html?offline=1#v1.lesson.first-marker`, { waitUntil: 'load' });
      await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      await page.getByRole('heading', { name: 'The first marker' }).waitFor();
      assert.equal(shared.server.requests.length, served, `nothing reached the server offline: ${shared.server.requests.slice(served).join(', ')}`);
      await context.setOffline(false);
      assertNoPageErrors(problems);
    });
  });

  test("a language's catalog, once fetched, is kept: the page opens in that language offline", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'offline-catalog', async ({ page, context, problems }) => {
      const ko = JSON.parse(readFileSync(path.join(ROOT, 'www', 'i18n', 'ko.json'), 'utf8'));
      await firstVisit(page, `${shared.server.url}index.html`);
      assert.ok(!(await cachedFiles(page)).some((f) => f.startsWith('i18n-')), 'no catalog before one is used');
      // Korean, with the service worker in control: its catalog passes through it.
      await page.goto(`${shared.server.url}index.html?lang=1#${C21}&lang=ko`, { waitUntil: 'load' });
      await page.getByRole('button', { name: ko.Undo, exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      await until(async () => (await cachedFiles(page)).some((f) => /^i18n-ko-[0-9a-f]+\.json$/.test(f)), 'the Korean catalog to be kept');

      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('button', { name: ko.Undo, exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
      assert.equal(await page.getByRole('button', { name: 'Undo', exact: true }).count(), 0, 'Korean, not the English fallback');
      await context.setOffline(false);
      assertNoPageErrors(problems);
    });
  });

  test('a browser that asks to save data registers no service worker', { timeout: TEST_TIMEOUT }, async () => {
    for (const saveData of [false, true]) {
      await withPage(shared.browser, DESKTOP, `offline-save-data-${saveData}`, async ({ page, problems }) => {
        // Chromium's network emulation does not set saveData: the page's navigator.connection
        // says it, and every registration the page asks for is recorded.
        await page.addInitScript((saveData) => {
          Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData, effectiveType: '4g' } });
          window.__registrations = [];
          const register = ServiceWorkerContainer.prototype.register;
          ServiceWorkerContainer.prototype.register = function (...args) {
            window.__registrations.push(String(args[0]));
            return register.apply(this, args);
          };
        }, saveData);
        await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
        await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
        assert.equal(await page.evaluate(() => navigator.connection.saveData), saveData);
        // The loader registers the worker in the same task that publishes window.snapshotLab.
        await page.waitForFunction(() => window.snapshotLab !== undefined, null, { timeout: APP_TIMEOUT_MS });
        const registrations = await page.evaluate(() => window.__registrations);
        if (saveData) {
          assert.deepEqual(registrations, [], 'no service worker registered under Save-Data');
          assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
          assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
        } else {
          // The control: the same page without Save-Data registers sw.js and installs it.
          assert.equal(registrations.length, 1, `${registrations}`);
          assert.match(registrations[0], /\/sw\.js$/);
          await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker to control the page', {
            timeout: SW_TIMEOUT_MS,
          });
        }
        assertNoPageErrors(problems);
      });
    }
  });

  test('a new version installs beside the old one and, once no tab shows the old one, replaces its cache', { timeout: TEST_TIMEOUT }, async () => {
    // A copy of dist/ served on its own, so that the test can deploy a "new version" of it.
    const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-lab-sw-'));
    cpSync(DIST, dir, { recursive: true });
    const server = await startServer(dir);
    const session = await openPage(shared.browser, DESKTOP);
    try {
      const { page, context, problems } = session;
      const cacheNames = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('snapshot-lab-')));
      await firstVisit(page, `${server.url}index.html`);
      const [first] = await cacheNames();
      assert.ok(first, 'the first version has its cache');

      // Deploy: a new version (post-build's hash) of sw.js.
      const sw = readFileSync(path.join(dir, 'sw.js'), 'utf8');
      const version = first.slice('snapshot-lab-'.length);
      assert.ok(sw.includes(version), 'sw.js names its version');
      const next = `snapshot-lab-${'f'.repeat(version.length)}`;
      writeFileSync(path.join(dir, 'sw.js'), sw.replace(version, 'f'.repeat(version.length)));

      // The open tab finds the new worker; it waits while the old version still shows.
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      await until(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration()).waiting)), 'the new version to wait', {
        timeout: SW_TIMEOUT_MS,
      });
      assert.deepEqual((await cacheNames()).sort(), [first, next].sort(), 'both caches while the old tab is open');

      // Every tab of the old version closed, the new version activates (the browser's own
      // account of the workers, through the DevTools protocol), and the next visit runs it,
      // without the old cache.
      const fresh = await context.newPage();
      trackProblems(fresh, problems);
      const cdp = await context.newCDPSession(fresh);
      const versions = new Map();
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
        for (const v of updated) versions.set(v.versionId, v.status);
      });
      await cdp.send('ServiceWorker.enable');
      await page.close();
      await until(
        () => [...versions.values()].includes('redundant') && [...versions.values()].filter((s) => s === 'activated').length === 1,
        'the new version to take over from the old one',
        { timeout: SW_TIMEOUT_MS, describe: () => JSON.stringify([...versions]) },
      );
      await fresh.goto(`${server.url}index.html`, { waitUntil: 'load' });
      await processButton(fresh, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      await until(
        async () => {
          const names = await fresh.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('snapshot-lab-')));
          return names.length === 1 && names[0] === next;
        },
        'the new version to replace the old cache',
        { timeout: SW_TIMEOUT_MS, describe: () => fresh.evaluate(async () => (await caches.keys()).join(', ')) },
      );
      await cdp.detach();
      assertNoPageErrors(problems);
    } finally {
      await session.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
