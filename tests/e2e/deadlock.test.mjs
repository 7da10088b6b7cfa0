// What snapshots are for (issue 7): deadlock detection. The `deadlock` preset has P1 wait for
// P2, P2 for P3 and P3 for P1 while S1 runs; finishing S1 by Step, its panel reads the recorded
// waits and the verdict: a wait-for cycle nothing in transit can wake. A link to a run with
// waits opens it with the waits shown (old links that carry `&open=waits` too); the Scenario
// menu offers the preset. The lesson step does the same as a task. By accessible names.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, assertNoPageErrors, fragment, saveScreenshot, sharedSession, startsWith, until, withPage } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;
// The `deadlock` preset (src/sim/presets.rs): four markers of S1 left in flight.
const PRESET = 'v1.AgMUFBQHDEABAaAQUAFAEgGgIVACQCABoAIRYAEQYAESUAM';
const VERDICT =
  'Deadlock detection: P1 waits for P2, P2 waits for P3, P3 waits for P1, and no message that would wake one is in transit: deadlock';
const WAITS = 'Recorded waits: P1 waits for P2, P2 waits for P3, P3 waits for P1';

const shared = sharedSession();
const snapshotRegion = (page) => page.getByRole('region', { name: startsWith('Snapshot S1') });
const processButton = (page, n) => page.getByRole('button', { name: startsWith(`Process P${n}`) });

/** Presses Step until S1's panel has the deadlock verdict (at most 10 presses). */
async function stepUntilVerdict(page) {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 10 && !/Deadlock detection/.test(await snapshotRegion(page).innerText()); i++) {
    if (!(await step.isEnabled())) break;
    await step.click();
  }
  return snapshotRegion(page).innerText();
}

describe('deadlock detection from a snapshot', () => {
  // Links to runs with waits, as the page writes them, and as the two-build page wrote them
  // (with `&open=waits`, which old links still carry).
  for (const [what, link] of [['a link to a run with waits', PRESET], ['an old link with &open=waits', `${PRESET}&open=waits`]]) {
    test(`${what} opens the run with its waits shown`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, 'deadlock-link', async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html#${link}`, { waitUntil: 'load' });
        await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
        await until(async () => /, waiting for P2/.test(await processButton(page, 1).getAttribute('aria-label')), 'P1 waiting for P2');
        assert.equal(await page.getByRole('alert').count(), 0, 'no error notice');
        assert.ok((await snapshotRegion(page).innerText()).includes(WAITS));
        // The page writes the run's own link: the run, without options the page does not keep.
        await until(() => fragment(page) === PRESET, 'the link to be the run', { describe: () => fragment(page) });
        assertNoPageErrors(problems);
      });
    });
  }

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`the deadlock preset: S1 finds the wait-for cycle (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `deadlock-${name}`, async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html#${PRESET}`, { waitUntil: 'load' });
        await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
        // Each process says what it waits for.
        await until(async () => /, waiting for P2/.test(await processButton(page, 1).getAttribute('aria-label')), 'P1 waiting for P2');
        assert.match(await processButton(page, 2).getAttribute('aria-label'), /^Process P2, 10 tokens, waiting for P3/);
        assert.match(await processButton(page, 3).getAttribute('aria-label'), /, waiting for P1/);
        // Before S1 completes: the recorded waits, no verdict yet.
        const before = await snapshotRegion(page).innerText();
        assert.ok(before.includes(WAITS), before);
        assert.doesNotMatch(before, /Deadlock detection/);
        // Step delivers the four markers left; S1 completes and reads the cycle.
        const after = await stepUntilVerdict(page);
        assert.ok(after.includes(VERDICT), after);
        assert.match(after, /P3→P1: \[m3\]/, 'm3 in transit, a request, not a reply');
        assert.match(after, /Verdict: consistent/);
        const verdict = snapshotRegion(page).getByText(VERDICT);
        assert.match(await verdict.getAttribute('class'), /deadlocked/);
        // The link is the run's own: no option rides along.
        await until(async () => fragment(page) === (await page.evaluate(() => window.snapshotLab.link())), 'the link to follow the steps', {
          describe: () => fragment(page),
        });
        assert.notEqual(fragment(page), PRESET);
        // The reordered run that passes through S1's recorded state is a link to that run.
        const reached = snapshotRegion(page).getByRole('link', { name: startsWith('Open that run (new tab)') });
        assert.match(await reached.getAttribute('href'), /^#v1\.[A-Za-z0-9_~.-]+$/);
        if (name === 'desktop') {
          await page.getByRole('figure', { name: 'Space-time diagram' }).scrollIntoViewIfNeeded();
          await saveScreenshot(page, 'deadlock-desktop');
        } else {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
          await saveScreenshot(page, 'deadlock-phone');
        }
        assertNoPageErrors(problems);
      });
    });
  }

  test('the Scenario menu offers the preset, whichever link opened the page', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'deadlock-menu', async ({ page, problems }) => {
      // A plain run with no waits.
      await page.goto(`${shared.server.url}index.html#v1.CALQD6AfBmFjY3QxBmFjY3QyAgVAAWQRUAFgARBgAQE`, { waitUntil: 'load' });
      await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
      const menu = page.getByRole('combobox', { name: 'Scenario' });
      await menu.selectOption({ label: 'What snapshots are for: a deadlock' });
      await until(() => fragment(page) === PRESET, 'the preset in the link', { describe: () => fragment(page) });
      await until(async () => /waiting for P3/.test(await processButton(page, 2).getAttribute('aria-label')), 'P2 waiting');
      await menu.selectOption('bank');
      await until(async () => !/waiting for/.test(await processButton(page, 2).getAttribute('aria-label')), 'a run without waits');
      await until(async () => fragment(page) === (await page.evaluate(() => window.snapshotLab.link())), 'the link to the bank run', {
        describe: () => fragment(page),
      });
      assert.notEqual(fragment(page), PRESET);
      assertNoPageErrors(problems);
    });
  });

  test('the scripting API makes a process wait; it then refuses to send, saying why', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'deadlock-api', async ({ page, problems }) => {
      // The blank three-process preset, with the scripting API.
      await page.goto(`${shared.server.url}index.html#v1.AAPQD9AP0A8BAA&api`, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.snapshotLab?.act === 'function', null, { timeout: APP_TIMEOUT_MS });
      await page.evaluate(() => window.snapshotLab.act({ type: 'wait', process: 1, on: 2 }));
      await until(async () => /, waiting for P3/.test(await processButton(page, 2).getAttribute('aria-label')), 'P2 waiting for P3');
      const refused = await page.evaluate(() => {
        try {
          window.snapshotLab.act({ type: 'send', from: 1, to: 0, amount: 1 });
          return 'accepted';
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      });
      assert.match(refused, /P2 is waiting for a message from P3: it sends nothing and has no internal event until one arrives/);
      assert.deepEqual((await page.evaluate(() => window.snapshotLab.log())).at(-1).kind, { type: 'wait', on: 2 });
      await until(async () => (await page.evaluate(() => window.snapshotLab.link())) === fragment(page).split('&')[0], 'the link to keep the run with its wait', {
        describe: () => fragment(page),
      });
      // P3's message wakes it.
      await page.evaluate(() => {
        window.snapshotLab.act({ type: 'send', from: 2, to: 1, amount: 1 });
        window.snapshotLab.act({ type: 'deliver', message: { type: 'app', number: 1 } });
      });
      await until(async () => !/waiting for/.test(await processButton(page, 2).getAttribute('aria-label')), 'P2 awake');
      assertNoPageErrors(problems);
    });
  });

  test('the lesson step: finish S1, then read its deadlock verdict', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'deadlock-lesson', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#v1.lesson.deadlock`, { waitUntil: 'load' });
      const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
      await lesson.getByRole('heading', { name: 'What snapshots are for: is there a deadlock?' }).waitFor({ timeout: APP_TIMEOUT_MS });
      const next = lesson.getByRole('button', { name: 'Next' });
      assert.ok(await next.isDisabled(), 'Next waits for S1 to complete');
      assert.ok((await stepUntilVerdict(page)).includes(VERDICT));
      await until(() => next.isEnabled(), 'Next once S1 is complete');
      assertNoPageErrors(problems);
    });
  });
});
