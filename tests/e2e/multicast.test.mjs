// The multicast lab (issue 22), driven by accessible names as a person would: a preset link
// and its Ordering verdict; multicast by button, copies received in a chosen order, a copy held
// in `Hold-back queue of P3` with its reason and delivered when it may be; the ordering switched
// and the verdict with it; a crash partway under basic then reliable multicast and agreement;
// the link reloaded to the identical event log; a broken link's message; the keyboard path;
// the main navigation between the labs; axe-core finds no WCAG 2 A or AA violation. Screenshots: target/screenshots/multicast-*.png.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS, ROOT, assertNoPageErrors, fragment, processButton, saveScreenshot, sharedSession, startsWith, until, withPage,
} from './helpers.mjs';

const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();

const ordering = (page) => page.getByRole('region', { name: 'Ordering' });
const holdBack = (page, n) => page.getByRole('group', { name: `Hold-back queue of P${n}` });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const eventLog = (page) => page.getByRole('table', { name: 'Event log' });
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');

async function open(page, route) {
  await page.goto(`${shared.server.url}index.html#${route}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  await ordering(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** Waits until the Ordering region's text matches `pattern`, and returns it. */
async function verdictMatches(page, pattern) {
  return until(async () => {
    const said = await text(ordering(page));
    return pattern.test(said) && said;
  }, `the Ordering verdict to match ${pattern}`, { describe: () => text(ordering(page)) });
}

/** Waits until the URL fragment is a `v1.mc.` link, and returns it. */
async function runLink(page, not) {
  return until(() => {
    const f = fragment(page);
    return f.startsWith('v1.mc.') && f !== not && f;
  }, 'the URL fragment to follow the run', { describe: () => fragment(page) });
}

describe('the multicast lab', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`a preset link shows its Ordering verdict (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `multicast-preset-${name}`, async ({ page, problems }) => {
        await open(page, 'v1.multicast.fifo-not-causal');
        const said = await verdictMatches(page, /FIFO order: holds/);
        assert.match(said, /Causal order: violated/);
        assert.match(said, /P3 delivered m2 before m1, but m1 → m2/);
        assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'fifo-not-causal');
        // The fragment follows the run: the preset's run as a `v1.mc.` link.
        await runLink(page);
        await page.getByRole('img', { name: 'Space-time diagram' }).waitFor({ state: 'visible' });
        await saveScreenshot(page, `multicast-preset-${name}`);
        assertNoPageErrors(problems);
      });
    });
  }

  test('under causal order the space-time diagram carries vector timestamps at deliveries', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-causal', async ({ page, problems }) => {
      await open(page, 'v1.multicast.causal-not-total');
      const said = await verdictMatches(page, /Causal order: holds/);
      assert.match(said, /Total order: violated/);
      assert.match(said, /P2 delivered m2 before m1, but P1 delivered m1 before m2/);
      const diagram = page.getByRole('img', { name: 'Space-time diagram' });
      const drawn = await diagram.evaluate((svg) => [...svg.querySelectorAll('text.st-vector')].map((t) => t.textContent));
      // P1 delivers m1 at [1,0,0] and m2 at [1,1,0]; every delivery carries one.
      assert.ok(drawn.includes('m1 [1,0,0]') && drawn.includes('m2 [1,1,0]'), drawn.join(' | '));
      assert.equal(drawn.length, 6, 'three processes deliver two messages each');
      await page.getByRole('img', { name: 'Group' }).waitFor({ state: 'visible' });
      assertNoPageErrors(problems);
    });
  });

  test('a copy waits in the hold-back queue with its reason, and the ordering switch changes the verdict', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-holdback', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      assert.equal(await page.getByRole('combobox', { name: 'Delivery order' }).inputValue(), 'fifo');
      await button(page, 'Multicast from P1').click();
      await button(page, 'Multicast from P1').click();
      // Channels are not FIFO here: m2 reaches P3 first, and FIFO order holds it back.
      await button(page, 'Message m2 from P1 to P3').click();
      const queue = holdBack(page, 3);
      await until(async () => /m2/.test(await text(queue)), 'm2 in P3\'s hold-back queue', { describe: () => text(queue) });
      assert.match(await text(queue), /m2 it needs P1's message 1 first \(P3 has delivered 0 from P1\)/);
      assert.match(await text(page.getByRole('status').first()), /P3 holds m2: it needs P1's message 1 first/);
      await until(async () => /hold/.test(await text(eventLog(page))), 'a hold row in the event log');
      await saveScreenshot(page, 'multicast-held-desktop');
      await page.setViewportSize({ width: 360, height: 740 });
      await saveScreenshot(page, 'multicast-held-phone');
      await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });

      // m1 arrives: P3 delivers m1, then m2 leaves the queue and is delivered.
      await button(page, 'Message m1 from P1 to P3').click();
      await until(async () => /empty/.test(await text(queue)), 'P3\'s hold-back queue to empty', { describe: () => text(queue) });
      assert.match(await text(queue), /^Hold-back queue empty$/);
      await processButton(page, 3).and(page.getByRole('button', { name: 'Process P3, delivered m1 m2' })).waitFor();
      const log = await text(eventLog(page));
      assert.match(log, /receive P3 receives m2 from P1/);
      assert.match(log, /hold P3 holds m2/);
      assert.match(log, /deliver P3 delivers m1: V = \[1,0,0\]/);
      assert.match(log, /deliver P3 delivers m2: V = \[2,0,0\]/);
      await verdictMatches(page, /FIFO order: holds.*Causal order: holds.*Total order: holds/);

      // The same run unordered: P3 delivers m2 at once, before m1, and the verdict names the pair.
      await page.getByRole('combobox', { name: 'Delivery order' }).selectOption('none');
      const said = await verdictMatches(page, /FIFO order: violated/);
      assert.match(said, /P3 delivered m2 before m1, but P1 multicast m1 first/);
      assert.match(said, /Causal order: violated/);
      assert.match(await text(queue), /empty/, 'nothing is held back without an ordering');
      // Back to FIFO: the verdict holds again.
      await page.getByRole('combobox', { name: 'Delivery order' }).selectOption('fifo');
      await verdictMatches(page, /FIFO order: holds/);
      assertNoPageErrors(problems);
    });
  });

  test('a sender crashes partway: basic multicast breaks agreement, reliable multicast repairs it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-crash', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      assert.equal(await page.getByRole('combobox', { name: 'Reliability' }).inputValue(), 'basic');
      await processButton(page, 1).click();
      const actions = page.getByRole('group', { name: 'Actions of P1' });
      await actions.getByRole('checkbox', { name: 'P2' }).check();
      await actions.getByRole('button', { name: 'Multicast to the checked, then crash' }).click();
      await page.getByRole('button', { name: startsWith('Process P1, crashed') }).waitFor();
      await button(page, 'Message m1 from P1 to P2').click();
      let said = await verdictMatches(page, /Agreement: violated/);
      assert.match(said, /P3 will never receive m1/);

      // The same run under reliable multicast: P2 sends m1 on to P3 on its first receipt.
      await page.getByRole('combobox', { name: 'Reliability' }).selectOption('reliable');
      await verdictMatches(page, /Agreement: pending/);
      await button(page, 'Message m1 from P2 to P3').click();
      said = await verdictMatches(page, /Agreement: holds/);
      await page.getByRole('button', { name: 'Process P3, delivered m1' }).waitFor();
      assert.match(await text(eventLog(page)), /relay P2 received m1 for the first time: reliable multicast sends it on to P3/);

      // The link keeps the crash: reloading it gives the identical event log.
      const link = await runLink(page);
      const before = await text(eventLog(page));
      await page.goto(`${shared.server.url}index.html#${link}`, { waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      await until(async () => (await text(eventLog(page))) === before, 'the identical event log after reload', {
        describe: () => text(eventLog(page)),
      });
      await page.getByRole('button', { name: startsWith('Process P1, crashed') }).waitFor();
      assert.equal(await page.getByRole('combobox', { name: 'Reliability' }).inputValue(), 'reliable');

      // Undo steps back through the run; Undo right after a rule change restores the old rules.
      await page.getByRole('combobox', { name: 'Reliability' }).selectOption('basic');
      await page.getByRole('alert').or(page.getByRole('status').filter({ hasText: 'dropped' })).first().waitFor();
      assert.match(await text(page.locator('.notice')), /dropped \(Undo brings them back\)/);
      await button(page, 'Undo').click();
      await until(async () => (await page.getByRole('combobox', { name: 'Reliability' }).inputValue()) === 'reliable', 'Undo to bring back reliable multicast');
      await verdictMatches(page, /Agreement: holds/);
      assertNoPageErrors(problems);
    });
  });

  test('a broken link says what and where, and shows the default group', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-broken', async ({ page, problems }) => {
      await open(page, 'v1.mc.AQMGEDAB!!');
      const alert = page.getByRole('alert');
      await alert.waitFor({ state: 'visible' });
      assert.match(await text(alert), /This link could not be opened: .+\. Showing the default group instead\./);
      assert.match(await text(alert), /position|character|byte/i);
      await page.getByRole('button', { name: 'Process P3, delivered nothing yet' }).waitFor();
      await open(page, 'v1.multicast.nowhere');
      await until(async () => /no scenario named "nowhere"/.test(await text(page.getByRole('alert'))), 'the preset\'s name in the message');
      assertNoPageErrors(problems);
    });
  });

  test('the keyboard path: Tab and Enter multicast, Enter and Space receive, shortcuts step and undo', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-keyboard', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      await processButton(page, 2).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('group', { name: 'Actions of P2' }).waitFor();
      // From the process, Tab reaches its Multicast button.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Multicast from P2');
      await page.keyboard.press('Enter');
      await button(page, 'Message m1 from P2 to P3').waitFor();
      await button(page, 'Message m1 from P2 to P3').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Process P3, delivered m1' }).waitFor();
      await button(page, 'Message m1 from P2 to P1').focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Process P1, delivered m1' }).waitFor();
      // U undoes the last receive, N steps it again.
      await page.locator('body').press('u');
      await page.getByRole('button', { name: 'Process P1, delivered nothing yet' }).waitFor();
      await page.locator('body').press('n');
      await page.getByRole('button', { name: 'Process P1, delivered m1' }).waitFor();
      assert.equal(await page.getByRole('slider', { name: 'Timeline' }).getAttribute('aria-valuetext'), 'step 3 of 3');
      assertNoPageErrors(problems);
    });
  });

  test('the main navigation leads from the snapshot lab to the multicast lab and back', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-navigation', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
      await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      await page.getByRole('link', { name: 'Multicast', exact: true }).click();
      await ordering(page).waitFor({ state: 'visible' });
      await runLink(page);
      assert.equal(await page.getByRole('link', { name: 'Multicast', exact: true }).getAttribute('aria-current'), 'page');
      await page.getByRole('link', { name: 'Lab', exact: true }).click();
      await page.locator('svg.topology').waitFor({ state: 'visible' });
      await until(() => fragment(page).startsWith('v1.') && !fragment(page).startsWith('v1.mc.'), 'the snapshot lab\'s link');
      assertNoPageErrors(problems);
    });
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no WCAG 2 A or AA violation (${colorScheme})`, { timeout: TEST_TIMEOUT }, async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        await withPage(shared.browser, { ...viewport, colorScheme }, `multicast-axe-${colorScheme}`, async ({ page, problems }) => {
          // Orders from the sequencer in flight, and a message held back.
          await open(page, 'v1.multicast.total-not-causal');
          await button(page, 'Undo').click();
          await button(page, 'Undo').click();
          const timeline = page.getByRole('slider', { name: 'Timeline' });
          await until(async () => (await timeline.getAttribute('aria-valuetext')) === 'step 8 of 10', 'the run at step 8');
          await page.getByRole('button', { name: /^Order #\d+ for m\d from P1 to P3$/ }).first().waitFor();
          assert.match(await text(holdBack(page, 3)), /m\d (it is number|its order number)/, 'a message held at P3');
          await processButton(page, 2).click();
          await page.getByRole('group', { name: 'Actions of P2' }).waitFor();
          await page.evaluate(`${AXE}\n;undefined`);
          const violations = await page.evaluate(async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')})`);
          });
          assert.deepEqual(violations, [], `axe-core found violations at ${viewport.width} px`);
          assertNoPageErrors(problems);
        });
      }
    });
  }
});
