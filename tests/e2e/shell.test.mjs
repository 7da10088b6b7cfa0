// The first page of Snapshot Lab, found the way a person (or a screen reader) finds it: by
// accessible role and name, as listed in ../shared/contract.md section 3.
//
// Needs a built dist/ (trunk build --release --offline) and /usr/bin/chromium.
// Screenshots: target/screenshots/shell-1280.png, shell-360.png, malformed-link.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  describeProblems,
  launchBrowser,
  saveScreenshot,
  startServer,
  startsWith,
  withPage,
  openMore,
} from './helpers.mjs';

const PROCESSES = ['Process P1', 'Process P2', 'Process P3'];
const BUTTONS = ['Undo', 'Redo', 'Step', 'Run', 'Reset', 'Copy link'];

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

/** Wait until the locator's first match is visible; fail with `what` in the message. */
async function expectVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`expected to find ${what}, visible: ${err.message.split('\n')[0]}`);
  }
}

/** Every element of the first page that contract.md section 3 names. */
async function expectShell(page) {
  // The process buttons first: they appear once the wasm app has started.
  for (const name of PROCESSES) {
    await expectVisible(page.getByRole('button', { name: startsWith(name) }), `a button named "${name}..."`);
  }
  // Copy link is in the toolbar's "More" menu.
  await openMore(page);
  for (const name of BUTTONS) {
    await expectVisible(page.getByRole('button', { name: startsWith(name) }), `a button named "${name}"`);
  }
  await expectVisible(page.getByRole('combobox', { name: startsWith('Scenario') }), 'a combobox named "Scenario"');
  const diagramName = startsWith('Space-time diagram');
  await expectVisible(
    page.getByRole('figure', { name: diagramName }).or(page.getByRole('img', { name: diagramName })),
    'a figure or img named "Space-time diagram"',
  );
  await expectVisible(page.getByRole('table', { name: startsWith('Event log') }), 'a table named "Event log"');
}

function assertNoProblems(problems, { allowConsoleErrors = false } = {}) {
  assert.deepEqual(problems.pageErrors, [], `uncaught errors on the page:\n${describeProblems(problems)}`);
  assert.deepEqual(problems.failedRequests, [], `failed requests:\n${describeProblems(problems)}`);
  if (!allowConsoleErrors) {
    assert.deepEqual(problems.consoleErrors, [], `console errors:\n${describeProblems(problems)}`);
  } else {
    const panics = problems.consoleErrors.filter((m) => /panicked|RuntimeError|unreachable/i.test(m));
    assert.deepEqual(panics, [], `the app panicked:\n${describeProblems(problems)}`);
  }
}

describe('the first page', () => {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 800, mobile: true },
  ]) {
    const name = `shell-${viewport.width}`;
    test(`at ${viewport.width} px wide, has every named control, the diagram and the event log`, async () => {
      await withPage(browser, viewport, name, async ({ page, problems }) => {
        await page.goto(`${server.url}index.html`, { waitUntil: 'load' });
        await expectShell(page);
        await saveScreenshot(page, name);

        if (viewport.width <= 360) {
          // A phone-sized window must not scroll sideways as a whole (wide parts such as the
          // diagram may scroll inside their own box).
          const { scrollWidth, innerWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
          }));
          assert.ok(
            scrollWidth <= innerWidth + 1,
            `the page is ${scrollWidth} px wide in a ${innerWidth} px window (horizontal scrolling)`,
          );
        }
        assertNoProblems(problems);
      });
    });
  }
});

describe('a malformed scenario link', () => {
  test('shows an alert about the link and still shows the processes', async () => {
    await withPage(browser, { width: 1280, height: 900 }, 'malformed-link', async ({ page, problems }) => {
      await page.goto(`${server.url}index.html#v1.!!!`, { waitUntil: 'load' });
      const alert = page.getByRole('alert').filter({ hasText: /link/i });
      await expectVisible(alert, 'an element with role "alert" whose text mentions the link');
      const text = (await alert.first().innerText()).trim();
      assert.match(text, /link/i, `alert text: ${text}`);
      for (const name of PROCESSES) {
        await expectVisible(page.getByRole('button', { name: startsWith(name) }), `a button named "${name}..."`);
      }
      await saveScreenshot(page, 'malformed-link');
      // The app may report the bad link on the console, but it must not crash.
      assertNoProblems(problems, { allowConsoleErrors: true });
    });
  });
});
