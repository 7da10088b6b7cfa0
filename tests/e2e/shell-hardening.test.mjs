// The page's shell under hostile conditions: the strict Content-Security-Policy it runs under
// (any violation fails), one page for every link (loaded once, never reloaded to move between
// the lab, the lesson and the exercises; old links with the two-build page's options still
// open), and the fault panel that replaces a dead page when a bug stops it or it cannot start.
//
// Needs a built dist/ (bash scripts/test.sh build) and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  DIST,
  fragment,
  processButton,
  sharedSession,
  startsWith,
  until,
  withPage,
  settle,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();

const eventRows = (page) => page.getByRole('table', { name: startsWith('Event log') }).locator('tbody tr');

/** Records every CSP violation on the page (across reloads) into the returned list. */
async function watchViolations(page) {
  const violations = [];
  await page.exposeFunction('reportCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) =>
      window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  return violations;
}

/** The files the page fetched whose names start with `prefix`. */
function fetched(requests, prefix) {
  return requests.filter((u) => path.basename(new URL(u).pathname).startsWith(prefix));
}

async function open(page, hash = '') {
  await page.goto(`${shared.server.url}index.html${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** The page's own wasm (not the file worker's) that the page fetched. */
const pageWasm = (requests) => requests.filter((u) => /^snapshot-lab-[0-9a-f]+_bg\.wasm$/.test(path.basename(new URL(u).pathname)));
/** Waits until the page has written the link of its current run (a task after each update). */
async function linkWritten(page) {
  await until(async () => fragment(page).split('&')[0] === (await page.evaluate(() => window.snapshotLab.link())), 'the page to write its link', {
    describe: () => fragment(page),
  });
  return fragment(page);
}
const C21 = 'v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ';

/** Loads the C21 preset, takes back its last 5 actions and delivers `n` messages with Step. */
async function someRun(page, n) {
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Undo', exact: true }).click();
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < n; i++) await step.click();
}

describe('the Content-Security-Policy', () => {
  test('the built page declares a strict policy and has no inline script', () => {
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const meta = /<meta content="([^"]*)" http-equiv=Content-Security-Policy>|<meta http-equiv="?Content-Security-Policy"? content="([^"]*)"/i.exec(html);
    assert.ok(meta, 'dist/index.html has a Content-Security-Policy meta element');
    const policy = meta[1] ?? meta[2];
    const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['style-src'], ["'self'"]);
    assert.deepEqual(directives['default-src'], ["'self'"]);
    assert.deepEqual(directives['object-src'], ["'none'"]);
    assert.ok(!/unsafe-inline|unsafe-eval'|\*/.test(policy.replace("'wasm-unsafe-eval'", '')), policy);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 1 && scripts.every((s) => /\bsrc=/.test(s)), `only external scripts: ${scripts}`);
    // Every file the loader names is in dist/.
    const boot = /src=\.?\/?(boot-[0-9a-f]+\.js)/.exec(html)[1];
    const loader = readFileSync(path.join(DIST, boot), 'utf8');
    const names = [...loader.matchAll(/["']\.\/([^"']+)["']/g)].map((m) => m[1]);
    // The page's JS and wasm (one build), the service worker it registers, and one catalog for
    // each of Korean and Chinese.
    assert.equal(names.length, 5, `${names}`);
    assert.ok(names.some((n) => /^snapshot-lab-[0-9a-f]+\.js$/.test(n)), `${names}`);
    assert.ok(names.some((n) => /^snapshot-lab-[0-9a-f]+_bg\.wasm$/.test(n)), `${names}`);
    for (const lang of ['ko', 'zh']) {
      assert.ok(names.some((n) => new RegExp(`^i18n-${lang}-[0-9a-f]+\\.json$`).test(n)), `${lang} catalog: ${names}`);
    }
    assert.ok(names.includes('sw.js'), loader);
    // One stylesheet, presentation mode's styles in it; no second build of the page.
    const sheets = html.match(/<link[^>]*rel="?stylesheet"?[^>]*>/g) ?? [];
    assert.equal(sheets.length, 1, `${sheets}`);
    const files = readdirSync(DIST);
    assert.equal(files.filter((n) => n.endsWith('.css')).length, 1, `one stylesheet in dist/: ${files}`);
    assert.match(readFileSync(path.join(DIST, files.find((n) => n.endsWith('.css'))), 'utf8'), /html\.present\s*\{/);
    assert.equal(files.filter((n) => /^snapshot-lab-[0-9a-f]+_bg\.wasm$/.test(n)).length, 1, `one build of the page: ${files}`);
    for (const n of names) assert.ok(files.includes(n), `${n} is in dist/`);
  });

  test('the lab, a lesson and an exercise run without a single violation; an injected inline script is caught', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'csp-run', async ({ page, problems }) => {
      const violations = await watchViolations(page);
      await open(page);
      // Work the lab: random deliveries, a snapshot, the snapshot panel and the shortcuts dialog.
      await someRun(page, 2);
      await processButton(page, 1).click();
      await page.getByRole('button', { name: startsWith('Start snapshot') }).first().click();
      await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor();
      await page.keyboard.press('?');
      await page.keyboard.press('Escape');
      // The lesson and an exercise.
      await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Lesson' }).click();
      await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      await open(page, 'v1.ex.predict.1.3');
      await page.getByRole('region', { name: 'Exercise', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await page.getByRole('button', { name: 'Show the solution', exact: true }).click();
      assert.deepEqual(violations, [], 'no CSP violation while using the page');
      assertNoPageErrors(problems);

      // The watch itself works: an inline script the policy forbids is reported (and not run).
      const ran = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.body.append(s);
        return window.__inlineRan === true;
      });
      assert.equal(ran, false, 'the inline script did not run');
      await until(() => violations.length > 0, 'the injected inline script to be reported as a violation');
      assert.match(violations.join('\n'), /script-src/);
    });
  });
});

describe('one page for every link', () => {
  test('a scenario link loads the page once; the Lesson link and Back to the run never reload it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'one-page-lesson', async ({ page, problems }) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await open(page);
      await someRun(page, 1);
      const rows = await eventRows(page).count();
      assert.ok(rows > 0);
      const labLink = await linkWritten(page);

      const lessonLink = page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name: 'Lesson' });
      await lessonLink.click();
      await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      await until(() => /^v1\.lesson\./.test(fragment(page)), 'the lesson link', { describe: () => fragment(page) });
      // Back to the learner's run in the lab: instant, and the run is all there.
      await page.goBack();
      await until(async () => (await eventRows(page).count()) === rows, "the learner's run back in the lab");
      assert.equal(await page.getByRole('region', { name: 'Lesson', exact: true }).count(), 0);
      await until(() => fragment(page) === labLink, 'the lab link back', { describe: () => fragment(page) });
      assert.equal(fetched(requests, 'boot-').length, 1, 'the page loaded once: no reload');
      assert.equal(pageWasm(requests).length, 1, 'one build of the page, fetched once');
      assertNoPageErrors(problems);
    });
  });

  test('lesson, exercise and exercise-list links load the page directly, once', { timeout: TEST_TIMEOUT }, async () => {
    for (const hash of ['v1.lesson.why', 'v1.ex.count.2.5', 'v1.exercises', 'v1.lesson.nowhere']) {
      await withPage(shared.browser, DESKTOP, 'one-page-direct', async ({ page, problems }) => {
        const requests = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`${shared.server.url}index.html#${hash}`, { waitUntil: 'load' });
        await page.getByRole('navigation', { name: 'Modes' }).waitFor({ timeout: APP_TIMEOUT_MS });
        if (hash.endsWith('nowhere')) {
          await page.getByRole('alert').filter({ hasText: 'no step named' }).waitFor();
        } else if (hash === 'v1.exercises') {
          await page.getByRole('link', { name: startsWith('Make a channel record') }).first().waitFor();
        } else {
          await page.getByRole('region', { name: hash.startsWith('v1.ex.') ? 'Exercise' : 'Lesson', exact: true }).waitFor();
        }
        await settle(page);
        assert.equal(fetched(requests, 'boot-').length, 1, `${hash}: loaded once, no reload`);
        assert.equal(pageWasm(requests).length, 1, `${hash}: the page's wasm fetched once`);
        assertNoPageErrors(problems);
      });
    }
  });

  // Links written by the two-build page carry options it used to switch builds; they open the
  // run (the options are no longer needed) and the page then writes the run's own link.
  for (const option of ['&open=waits', '&open=cut', '&open=faults', '&open=rules', '&open=machines']) {
    test(`an old link with ${option} opens its run, once`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, 'one-page-old-link', async ({ page, problems }) => {
        const requests = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`${shared.server.url}index.html#${C21}${option}`, { waitUntil: 'load' });
        await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
        await until(async () => (await eventRows(page).count()) === 16, "C21's 16 events");
        await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor();
        assert.equal(await page.getByRole('alert').count(), 0, 'no complaint about the link');
        await until(() => fragment(page) === C21, 'the run’s own link', { describe: () => fragment(page) });
        assert.equal(fetched(requests, 'boot-').length, 1, 'loaded once, no reload');
        assertNoPageErrors(problems);
      });
    });
  }

  test('an old exercise-list link with &lab= opens the list', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'one-page-old-lab', async ({ page, problems }) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${shared.server.url}index.html#v1.exercises&lab=${C21}`, { waitUntil: 'load' });
      await page.getByRole('link', { name: startsWith('Make a channel record') }).first().waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await page.getByRole('alert').count(), 0, 'no complaint about the link');
      await settle(page);
      assert.equal(fetched(requests, 'boot-').length, 1, 'loaded once, no reload');
      assertNoPageErrors(problems);
    });
  });
});

describe('the fault panel', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`a bug in the page shows the link, a report to copy and Reload, which brings the run back (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `fault-${name}`, async ({ page, problems }) => {
        await open(page);
        await someRun(page, 2);
        const rows = await eventRows(page).count();
        await settle(page);
        const link = page.url();

        await page.evaluate(() => setTimeout(() => window.snapshotLab.faultDrill()));
        const panel = page.getByRole('alertdialog', { name: 'Something went wrong in Snapshot Lab' });
        await panel.waitFor();
        assert.equal(await panel.getByRole('textbox', { name: 'Link' }).inputValue(), link);
        const report = await panel.getByRole('textbox', { name: 'Report' }).inputValue();
        assert.match(report, /RuntimeError/);
        assert.ok(report.includes(link), 'the report names the link');
        assert.match(report, /^files: \.\/snapshot-lab-[0-9a-f]+\.js, \.\/snapshot-lab-[0-9a-f]+_bg\.wasm$/m, 'the report names the page’s files');
        // Focus is in the panel and the dead page behind it is inert.
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reload');
        assert.equal(await page.locator('#app').getAttribute('inert'), '');
        // The drill's trap is the only error.
        assert.equal(problems.pageErrors.length, 1, problems.pageErrors.join('\n'));
        assert.match(problems.pageErrors[0], /RuntimeError|unreachable/);
        problems.pageErrors.length = 0;

        await panel.getByRole('button', { name: 'Reload' }).click();
        await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
        await settle(page);
        assert.equal(page.url(), link);
        await until(async () => (await eventRows(page).count()) === rows, 'the same run after Reload');
        assert.equal(await page.getByRole('alertdialog').count(), 0);
        // The drill's own panic message (the page logs a panic before it traps) and its trap.
        problems.consoleErrors = problems.consoleErrors.filter((m) => !/RuntimeError|unreachable|^panicked at .*\s+fault drill/.test(m));
        assertNoPageErrors(problems);
      });
    });
  }

  test('a page that cannot start (its wasm fails to load) says so, with the link, instead of a blank page', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'fault-start', async ({ page }) => {
      await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
      await page.goto(`${shared.server.url}index.html#v1.lesson.why`, { waitUntil: 'load' });
      const panel = page.getByRole('alertdialog', { name: 'Snapshot Lab could not start' });
      await panel.waitFor({ timeout: APP_TIMEOUT_MS });
      assert.match(await panel.getByRole('textbox', { name: 'Link' }).inputValue(), /#v1\.lesson\.why$/);
      assert.match(await panel.getByRole('textbox', { name: 'Report' }).inputValue(), /^files: \.\/snapshot-lab-[0-9a-f]+\.js, \.\/snapshot-lab-[0-9a-f]+_bg\.wasm$/m);
      assert.match(await page.locator('#app').innerText(), /could not start/);
    });
  });
});

describe('runs that break an assumption', () => {
  test('choosing the non-FIFO preset explains the swap, in the same page', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'one-page-non-fifo', async ({ page, problems }) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await open(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('non-fifo');
      const s1 = page.getByRole('region', { name: startsWith('Snapshot S1') });
      await s1.waitFor({ timeout: APP_TIMEOUT_MS });
      await until(async () => /FIFO/.test(await s1.innerText()), 'the snapshot to name the broken FIFO assumption');
      assert.match(await s1.innerText(), /inconsistent/);
      assert.doesNotMatch(await linkWritten(page), /&open=/, 'the link is the run’s own');
      assert.equal(fetched(requests, 'boot-').length, 1, 'no reload');
      assertNoPageErrors(problems);
    });
  });
});
