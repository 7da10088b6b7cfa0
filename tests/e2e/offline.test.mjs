// Offline: after the first visit the service worker (www/sw.js, its file list written by
// scripts/post-build.mjs) has every built file, so that with the network gone a reload still
// gives a working lab (a message is delivered) and a lesson link (the full build) opens too.
// A new version installs in the background and, once no tab shows the old one, replaces its cache.
//
// Needs a built dist/ and /usr/bin/chromium. This is the one test file that lets service
// workers run (helpers.mjs openPage blocks them for the others).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  DIST,
  openPage,
  processButton,
  sharedSession,
  startServer,
  startsWith,
  trackProblems,
  until,
  withPage,
  settle,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900, serviceWorkers: 'allow' };
const TEST_TIMEOUT = 120_000;

const shared = sharedSession();

const eventRows = (page) =>
  page.getByRole('table', { name: startsWith('Event log') }).getByRole('row').filter({ has: page.getByRole('cell') });

/** The file list the build wrote into dist/sw.js. */
function precacheList() {
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const match = /\[("[^"\]]*"(,"[^"\]]*")*)\]/.exec(sw);
  assert.ok(match, 'dist/sw.js holds its file list');
  return JSON.parse(`[${match[1]}]`);
}

describe('offline', () => {
  test('the service worker caches every built file', () => {
    const files = precacheList();
    for (const want of [/^index\.html$/, /^boot-[0-9a-f]+\.js$/, /^snapshot-lab-[0-9a-f]+_bg\.wasm$/, /^snapshot-lab-full-[0-9a-f]+_bg\.wasm$/,
      /^snapshot-lab-full-[0-9a-f]+\.js$/, /^snapshot-lab-files_bg\.wasm$/, /^snapshot-lab-files_loader\.js$/, /\.css$/]) {
      assert.ok(files.some((f) => want.test(f)), `${want} is in the service worker's list: ${files.join(', ')}`);
    }
    assert.ok(!files.includes('sw.js'), 'not itself');
  });

  test('after one visit, the lab and a lesson link work with the network gone', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'offline', async ({ page, context, problems }) => {
      await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
      await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      // Wait for the worker to have installed everything and to control this page.
      await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker to control the page', {
        timeout: 60_000,
      });
      const cached = await page.evaluate(async () => {
        const names = await caches.keys();
        const cache = await caches.open(names.find((n) => n.startsWith('snapshot-lab-')));
        return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1));
      });
      assert.deepEqual(cached.sort(), precacheList(), 'the cache holds exactly the built files');

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

      // A lesson link needs the full build: it is in the cache too (the lab build reloads the
      // page into it).
      await page.goto(`${shared.server.url}index.html#v1.lesson.first-marker`, { waitUntil: 'load' });
      await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await page.evaluate(() => window.snapshotLab?.build), 'full');
      await page.getByRole('heading', { name: 'The first marker' }).waitFor();
      assert.equal(shared.server.requests.length, served, `nothing reached the server offline: ${shared.server.requests.slice(served).join(', ')}`);
      await context.setOffline(false);
      assertNoPageErrors(problems);
    });
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
      await page.goto(`${server.url}index.html`, { waitUntil: 'load' });
      await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'the first version to control the page', { timeout: 60_000 });
      const [first] = await cacheNames();
      assert.ok(first, 'the first version has its cache');

      // Deploy: a changed stylesheet, so a new version (post-build's hash) of sw.js.
      const sw = readFileSync(path.join(dir, 'sw.js'), 'utf8');
      const version = first.slice('snapshot-lab-'.length);
      assert.ok(sw.includes(version), 'sw.js names its version');
      writeFileSync(path.join(dir, 'sw.js'), sw.replace(version, 'f'.repeat(version.length)));

      // The open tab finds the new worker; it waits while the old version still shows.
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      await until(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration()).waiting)), 'the new version to wait', { timeout: 60_000 });
      assert.deepEqual((await cacheNames()).sort(), [first, `snapshot-lab-${'f'.repeat(version.length)}`].sort(), 'both caches while the old tab is open');

      // Every tab of the old version closed, the next visit runs the new one, without the old cache.
      await page.close();
      const fresh = await context.newPage();
      trackProblems(fresh, problems);
      await fresh.waitForTimeout(1_000);
      await fresh.goto(`${server.url}index.html`, { waitUntil: 'load' });
      await processButton(fresh, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      await until(
        async () => {
          const names = await fresh.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('snapshot-lab-')));
          return names.length === 1 && names[0] === `snapshot-lab-${'f'.repeat(version.length)}`;
        },
        'the new version to replace the old cache',
        { timeout: 60_000, describe: () => fresh.evaluate(async () => (await caches.keys()).join(', ')) },
      );
      assertNoPageErrors(problems);
    } finally {
      await session.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
