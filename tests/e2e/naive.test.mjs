// The naive solution fails (issue 7), live: on a run with a completed Chandy–Lamport snapshot,
// every process records at clock time T. With perfect clocks the cut is consistent but misses
// the money in transit; with acct1's clock 2 ahead, m1 becomes an orphan, drawn on the
// space-time diagram, while Chandy–Lamport on the same run is consistent. By accessible names.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, assertNoPageErrors, saveScreenshot, sharedSession, startsWith, withPage } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 60_000;
// acct1 sends m1 ($100) to acct2, which receives it and starts S1; acct2 sends m2 ($50) back.
const RUN = 'v1.CALQD6AfBmFjY3QxBmFjY3QyAQdAAWRQARFAEDJgARBQAmABAQ';

const shared = sharedSession();

describe('the naive snapshot', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`skewed clocks make an orphan where Chandy–Lamport is consistent (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `naive-${name}`, async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html#${RUN}`, { waitUntil: 'load' });
        await page.getByRole('button', { name: startsWith('Process P1') }).waitFor({ timeout: APP_TIMEOUT_MS });
        // The panel is on the lab page, closed until asked for.
        const panel = page.getByRole('region', { name: 'Naive snapshot' });
        await panel.waitFor({ timeout: APP_TIMEOUT_MS });
        assert.equal(await panel.getByRole('spinbutton', { name: 'Clock time T' }).count(), 0, 'closed at first');
        await panel.getByRole('button', { name: 'Try the naive snapshot' }).click();
        const time = panel.getByRole('spinbutton', { name: 'Clock time T' });
        await time.fill('2');
        const result = panel.getByRole('status');
        // Perfect clocks at T = 2: m1 has arrived, nothing is in transit.
        await until(async () => /Recorded at clock time 2: P1 balance 900, P2 balance 2100/.test(await result.innerText()));
        assert.match(await result.innerText(), /Naive verdict: consistent/);
        // At T = 1 m1 is in flight, and no one records it.
        await time.fill('1');
        await until(async () => /In transit, recorded by nobody: \[m1\]/.test(await result.innerText()));
        assert.match(await result.innerText(), /consistent, but nobody records the channels: 100 in transit is missing, so the states add up to 2900, not 3000/);
        // acct1's clock 2 ahead, T = 2: it records before sending m1, acct2 after receiving it.
        await time.fill('2');
        await panel.getByRole('spinbutton', { name: 'Clock skew of P1' }).fill('2');
        await until(async () => /Naive verdict: inconsistent: \[m1\] is an orphan/.test(await result.innerText()));
        const text = await result.innerText();
        assert.match(text, /P1 balance 1000, P2 balance 2100/);
        assert.match(text, /add up to 3100, the total is 3000/);
        assert.match(text, /Chandy–Lamport on the same run: S1 is consistent \(3000\)/);
        // The cut is drawn on the space-time diagram, its orphan flagged.
        const diagram = page.getByRole('figure', { name: startsWith('Space-time diagram') });
        await until(async () => /drawn cut \(inconsistent: orphan in red\)/.test(await diagram.textContent()));
        if (name === 'desktop') await saveScreenshot(page, 'naive-desktop');
        // The settings are in the link: a fresh browser opening it sees the same naive snapshot.
        await until(async () => /&naive=2:2,0(&|$)/.test(new URL(page.url()).hash));
        if (name === 'desktop') {
          const other = await shared.browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
          try {
            const second = await other.newPage();
            await second.goto(page.url(), { waitUntil: 'load' });
            const again = second.getByRole('region', { name: 'Naive snapshot' });
            await again.waitFor({ timeout: APP_TIMEOUT_MS });
            assert.equal(await again.getByRole('spinbutton', { name: 'Clock time T' }).inputValue(), '2');
            assert.equal(await again.getByRole('spinbutton', { name: 'Clock skew of P1' }).inputValue(), '2');
            await until(async () => /Naive verdict: inconsistent: \[m1\] is an orphan/.test(await again.getByRole('status').innerText()));
          } finally {
            await other.close();
          }
        }
        if (name === 'phone') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
        }
        // Closing the panel (by keyboard) takes the cut away.
        await panel.getByRole('button', { name: 'Hide the naive snapshot' }).focus();
        await page.keyboard.press('Enter');
        await until(async () => !/drawn cut/.test(await diagram.textContent()));
        await until(async () => !/&naive=/.test(new URL(page.url()).hash));
        assertNoPageErrors(problems);
      });
    });
  }
});

async function until(check, timeout = 5_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('timed out');
}
