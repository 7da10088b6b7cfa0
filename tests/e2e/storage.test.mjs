// The browser's storage failing (issue 10). The page keeps the run in localStorage, but the
// link in the URL is the real save:
// - storage blocked (reading `window.localStorage` throws a SecurityError) and storage full
//   (`setItem` throws a QuotaExceededError): the lab keeps working, the link changes with every
//   action and reproduces the run elsewhere, and the learner is told once, in a notice with
//   role status (no alert), that the browser is not keeping their work;
// - a damaged saved scenario and saved progress are set aside (kept under `<key>.unreadable`)
//   and not loaded: the page opens the default scenario with no progress.
//
// Needs a built dist/ and /usr/bin/chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  describeProblems,
  launchBrowser,
  processButton,
  saveScreenshot,
  startServer,
  startsWith,
  trackProblems,
  until,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const TEST_TIMEOUT = 60_000;
const SCENARIO_KEY = 'snapshot-lab.scenario.v1';
const PROGRESS_KEY = 'snapshot-lab.progress.v1';
/** The start of what the learner is told. */
const NOT_KEPT = 'This browser is not keeping your work between visits';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const inFlight = (page, name) => page.getByRole('button', { name: startsWith(name) });
const eventLog = (page) => page.getByRole('table', { name: startsWith('Event log') });
const eventRows = (page) => eventLog(page).getByRole('row').filter({ has: page.getByRole('cell') });
const hash = (page) => new URL(page.url()).hash;

/**
 * Counts, in `window.__noticeShown`, how many times the sentence NOT_KEPT appeared in the page
 * (absent → present), from the very first DOM change.
 */
function countNotices(phrase) {
  window.__noticeShown = 0;
  let present = false;
  new MutationObserver(() => {
    const now = (document.body?.textContent ?? '').includes(phrase);
    if (now && !present) window.__noticeShown += 1;
    present = now;
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** A context whose pages run `init` (with `arg`) before the page's own scripts. */
async function sessionWith(init, arg) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', reducedMotion: 'reduce' });
  if (init) await context.addInitScript(init, arg);
  await context.addInitScript(countNotices, NOT_KEPT);
  const page = await context.newPage();
  const problems = trackProblems(page);
  return { context, page, problems };
}

async function openLab(page, fragment = '') {
  await page.goto(`${server.url}index.html${fragment ? `#${fragment}` : ''}`, { waitUntil: 'load' });
  for (const n of [1, 2, 3]) await processButton(page, n).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** Do `step`, then wait until the URL's link is no longer `before`; returns the new link. */
async function actAndWaitForLink(page, what, step) {
  const before = hash(page);
  await step();
  await until(() => hash(page) !== before && hash(page).startsWith('#v1.'), `the link to change after ${what}`, {
    describe: () => hash(page),
  });
  return hash(page);
}

const CASES = [
  {
    what: 'storage is blocked (reading localStorage throws a SecurityError)',
    name: 'blocked',
    init: () => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    },
  },
  {
    what: 'storage is full (setItem throws a QuotaExceededError)',
    name: 'full',
    init: () => {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
  },
];

describe('storage that does not keep anything', () => {
  for (const c of CASES) {
    test(`when ${c.what}, the lab works, the link keeps the run, and the learner is told once`, { timeout: TEST_TIMEOUT }, async () => {
      const { context, page, problems } = await sessionWith(c.init);
      try {
        await openLab(page);
        // The simulation is in place: the page cannot save anything.
        const saving = await page.evaluate((key) => {
          try {
            window.localStorage.setItem(key, 'x');
            return 'saved';
          } catch (err) {
            return err.name;
          }
        }, SCENARIO_KEY);
        assert.notEqual(saving, 'saved', 'the simulated storage refuses to save');

        // Told, politely, in a status notice; no alert.
        const notice = page.getByRole('status').filter({ hasText: NOT_KEPT });
        await notice.waitFor({ state: 'visible', timeout: 5_000 });
        const text = (await notice.innerText()).replace(/\s+/g, ' ');
        assert.match(text, /link in the address bar still holds your run/, `the notice says the link keeps the run: ${text}`);
        assert.equal(await page.getByRole('alert').count(), 0, 'no alert');

        // Every action changes the link (the page writes its first one a task after it draws).
        await until(() => hash(page).startsWith('#v1.'), 'the page to write its link', { describe: () => hash(page) });
        const links = [hash(page)];
        links.push(
          await actAndWaitForLink(page, 'a keyboard send', async () => {
            await processButton(page, 1).focus();
            await page.keyboard.press('Enter');
            await processButton(page, 2).focus();
            await page.keyboard.press('Enter');
          }),
        );
        links.push(
          await actAndWaitForLink(page, 'a second send', async () => {
            await processButton(page, 2).focus();
            await page.keyboard.press('Enter');
            await processButton(page, 3).focus();
            await page.keyboard.press('Enter');
          }),
        );
        links.push(await actAndWaitForLink(page, 'a delivery', () => inFlight(page, 'Message m1 from P1 to P2').click()));
        links.push(await actAndWaitForLink(page, 'a snapshot', () => processButton(page, 3).press('s')));
        links.push(await actAndWaitForLink(page, 'a Step', () => page.getByRole('button', { name: 'Step', exact: true }).click()));
        links.push(await actAndWaitForLink(page, 'Undo', () => page.getByRole('button', { name: 'Undo', exact: true }).click()));
        assert.equal(new Set(links).size, links.length, `every action gave a new link: ${links.join(' ')}`);
        // Other pages of the app (the exercise list saves progress) and back.
        await page.getByRole('link', { name: 'Exercises', exact: true }).click();
        await page.getByRole('table', { name: 'Your progress' }).waitFor({ timeout: 5_000 });
        await page.getByRole('link', { name: 'Lab', exact: true }).click();
        await processButton(page, 1).waitFor({ timeout: 5_000 });
        assert.equal(hash(page), links.at(-1), 'back in the lab, the same link');

        const shown = await page.evaluate(() => window.__noticeShown);
        assert.equal(shown, 1, 'the learner was told exactly once');
        assert.equal(await page.getByRole('alert').count(), 0, 'no alert after the actions');
        const rows = await eventRows(page).count();
        assert.ok(rows >= 4, `the run has events (${rows})`);
        const logText = await eventLog(page).innerText();
        assertNoPageErrors(problems);

        // The link alone reproduces the run in a browser with working storage.
        const other = await sessionWith(null);
        try {
          await openLab(other.page, links.at(-1).slice(1));
          await until(async () => (await eventRows(other.page).count()) === rows, `${rows} rows from the link`);
          assert.equal(await eventLog(other.page).innerText(), logText, 'the link reproduces the same event log');
          assert.equal(await other.page.evaluate(() => window.__noticeShown), 0, 'working storage: nothing to tell');
          assertNoPageErrors(other.problems);
        } finally {
          await other.context.close();
        }
      } catch (err) {
        await saveScreenshot(page, `storage-${c.name}-FAILED`).catch(() => {});
        const extra = describeProblems(problems);
        if (err instanceof Error && extra) err.message += `\npage problems:\n${extra}`;
        throw err;
      } finally {
        await context.close();
      }
    });
  }
});

describe('damaged saved values', () => {
  test('a damaged saved scenario and damaged progress are set aside, not loaded', { timeout: TEST_TIMEOUT }, async () => {
    const damaged = { scenario: 'v1.AAAA!!not-a-link', progress: 'p1;count.1=5/2/7' };
    // Put the damaged values in place before the first load only.
    const { context, page, problems } = await sessionWith(
      ({ keys, values }) => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem(keys.scenario, values.scenario);
        localStorage.setItem(keys.progress, values.progress);
      },
      { keys: { scenario: SCENARIO_KEY, progress: PROGRESS_KEY }, values: damaged },
    );
    try {
      await openLab(page);
      // The default scenario, from the start.
      assert.equal(await eventRows(page).count(), 0, 'the default scenario (no events), not the damaged one');
      const stored = await until(
        () =>
          page.evaluate((keys) => {
            const get = (k) => localStorage.getItem(k);
            const s = { scenario: get(keys.scenario), progress: get(keys.progress) };
            return s.scenario !== null && s.progress !== null
              ? { ...s, scenarioAside: get(`${keys.scenario}.unreadable`), progressAside: get(`${keys.progress}.unreadable`) }
              : null;
          }, { scenario: SCENARIO_KEY, progress: PROGRESS_KEY }),
        'the page to save its own scenario and progress',
      );
      assert.equal(stored.scenarioAside, damaged.scenario, 'the damaged scenario is kept aside');
      assert.equal(stored.progressAside, damaged.progress, 'the damaged progress is kept aside');
      assert.equal(`#${stored.scenario}`, hash(page), 'the saved scenario is now the page’s own link');
      assert.equal(stored.progress, 'p1', 'the saved progress is empty, not the damaged record');
      // Nothing of the damaged progress is shown.
      await page.getByRole('link', { name: 'Exercises', exact: true }).click();
      const table = page.getByRole('table', { name: 'Your progress' });
      await table.waitFor({ timeout: 5_000 });
      const count1 = await table.getByRole('link', { name: /^Count the markers, level 1: / }).getAttribute('aria-label');
      assert.equal(count1, 'Count the markers, level 1: not started', 'the damaged record (5 right of 2 checks) is not shown');
      // The lab still works.
      await page.getByRole('link', { name: 'Lab', exact: true }).click();
      await processButton(page, 1).focus();
      await page.keyboard.press('Enter');
      await processButton(page, 2).focus();
      await page.keyboard.press('Enter');
      await until(async () => (await eventRows(page).count()) > 0, 'the send to be logged');
      assertNoPageErrors(problems);
    } catch (err) {
      await saveScreenshot(page, 'storage-damaged-FAILED').catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});
