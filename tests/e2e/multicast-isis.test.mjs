// Total order by agreed priorities (ISIS), the second total-order variant of the multicast lab,
// driven by accessible names: choose it in `Delivery order`, multicast from two processes, let
// the copies arrive in an order that breaks total order without agreement (P1 gets m1 first,
// P3 gets m2 first), receive the proposals and the agreed priorities as copies, watch
// `Hold-back queue of P3` hold an agreed message behind one only proposed, and see the region
// `Ordering` say total order holds. The link reopens the run; axe-core finds no WCAG 2 A or AA
// violation with proposals in flight. The lesson's step `total-isis`: predict, then do the task
// by clicking proposals and agreements. Screenshots: target/screenshots/multicast-isis-*.png.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS, ROOT, assertNoPageErrors, fragment, processButton, saveScreenshot, sharedSession, until, withPage,
} from './helpers.mjs';

const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 120_000;

const shared = sharedSession();

const ordering = (page) => page.getByRole('region', { name: 'Ordering' });
const holdBack = (page, n) => page.getByRole('group', { name: `Hold-back queue of P${n}` });
const button = (page, name) => page.getByRole('button', { name, exact: true });
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');

async function open(page, route) {
  await page.goto(`${shared.server.url}index.html#${route}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  await ordering(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

async function textMatches(locator, pattern, what) {
  return until(async () => {
    const said = await text(locator);
    return pattern.test(said) && said;
  }, what, { describe: () => text(locator) });
}

/** Clicks the copies in this order, each once it is drawn. */
async function receive(page, names) {
  for (const name of names) {
    await button(page, name).click();
  }
}

/** Multicasts from P1 and P2 under ISIS; P1 gets m1 first, P2 and P3 get m2 first. */
async function concurrentMulticasts(page) {
  await page.getByRole('combobox', { name: 'Delivery order' }).selectOption('isis');
  await textMatches(ordering(page), /Total \(agreed priorities, ISIS\)/, 'the rules line to name ISIS');
  await button(page, 'Multicast from P1').click();
  await button(page, 'Multicast from P2').click();
  await receive(page, [
    'Message m2 from P2 to P3',
    'Message m1 from P1 to P3',
    'Message m2 from P2 to P1',
    'Message m1 from P1 to P2',
  ]);
}

describe('total order by agreed priorities (ISIS)', () => {
  test('proposals and agreed priorities are copies; an agreed message waits behind a proposed one; total order holds', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-isis', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      await concurrentMulticasts(page);
      // Nothing is delivered on receipt: each process proposed a priority and holds the message.
      const p3 = holdBack(page, 3);
      const held = await textMatches(p3, /m2 priority 1\.3, proposed: undeliverable.*m1 priority 2\.3, proposed: undeliverable/, 'P3 to hold m2 (1.3) before m1 (2.3)');
      assert.match(held, /its priority 1\.3 is not agreed yet/);
      await page.getByRole('button', { name: 'Process P3, delivered nothing yet' }).waitFor();
      // The proposals travel to the senders as copies.
      await receive(page, [
        'Proposal 2.2 for m1 from P2 to P1',
        'Proposal 2.3 for m1 from P3 to P1',
      ]);
      // m1 is agreed at 2.3 (the largest proposal), sent to P2 and P3 as copies.
      await button(page, 'Agreed 2.3 for m1 from P1 to P3').waitFor();
      await button(page, 'Agreed 2.3 for m1 from P1 to P3').click();
      // At P3, m1 is agreed but m2 (only proposed, 1.3) is ahead of it: P3 still delivers nothing,
      // where delivering on receipt would have given m2, m1 at P3 and m1, m2 at P1.
      const waiting = await textMatches(p3, /m1 priority 2\.3, agreed: deliverable m2 \(proposed 1\.3, not agreed yet\) is ahead of it/, 'm1 agreed behind m2 at P3');
      assert.match(waiting, /^Hold-back queue m2 priority 1\.3/);
      await page.getByRole('button', { name: 'Process P3, delivered nothing yet' }).waitFor();
      await receive(page, [
        'Proposal 1.3 for m2 from P3 to P2',
        'Proposal 2.1 for m2 from P1 to P2',
      ]);
      // The screenshots of the run midway: agreements in flight, priorities in the queues.
      await button(page, 'Agreed 2.1 for m2 from P2 to P3').waitFor();
      await saveScreenshot(page, 'multicast-isis-desktop');
      await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
      await saveScreenshot(page, 'multicast-isis-phone');
      await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
      await receive(page, [
        'Agreed 2.1 for m2 from P2 to P3',
        'Agreed 2.1 for m2 from P2 to P1',
        'Agreed 2.3 for m1 from P1 to P2',
      ]);
      for (const n of [1, 2, 3]) {
        await page.getByRole('button', { name: `Process P${n}, delivered m2 m1` }).waitFor();
      }
      const said = await textMatches(ordering(page), /Total order: holds/, 'total order to hold');
      assert.match(said, /Agreed priorities: every held message can still be agreed/);
      const log = await text(page.getByRole('table', { name: 'Event log' }));
      assert.match(log, /agree P1 has every proposal for m1: the largest, 2\.3, is its agreed priority, sent to P2, P3/);
      assert.match(log, /hold P3 holds m1: m2 \(proposed 1\.3, not agreed yet\) is ahead of it/);
      // The space-time diagram draws every proposal and both agreements.
      const diagram = page.getByRole('img', { name: 'Space-time diagram' });
      const marks = await diagram.evaluate((svg) => [svg.querySelectorAll('.st-propose').length, svg.querySelectorAll('.st-agree').length]);
      assert.deepEqual(marks, [6, 2]);

      // The link keeps ISIS and the run: reloading gives the same deliveries.
      const link = fragment(page);
      assert.ok(link.startsWith('v1.mc.'), link);
      await page.goto(`${shared.server.url}index.html#${link}`, { waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('button', { name: 'Process P3, delivered m2 m1' }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await page.getByRole('combobox', { name: 'Delivery order' }).inputValue(), 'isis');
      assertNoPageErrors(problems);
    });
  });

  test('a sender that crashes before agreement leaves its message never agreed, and the page says so', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-isis-crash', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      await page.getByRole('combobox', { name: 'Delivery order' }).selectOption('isis');
      await processButton(page, 1).click();
      const actions = page.getByRole('group', { name: 'Actions of P1' });
      await actions.getByRole('checkbox', { name: 'P2' }).check();
      await actions.getByRole('button', { name: 'Multicast to the checked, then crash' }).click();
      await button(page, 'Message m1 from P1 to P2').click();
      const said = await textMatches(ordering(page), /Agreed priorities: stuck/, 'the stuck message to be named');
      assert.match(said, /m1 will never be agreed: its sender P1 crashed before it had every proposal/);
      await textMatches(holdBack(page, 2), /m1 priority 1\.2, proposed: undeliverable/, 'P2 to hold m1');
      assertNoPageErrors(problems);
    });
  });

  test('the lesson step total order without a sequencer: predict, then deliver by agreed priorities', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-isis-lesson', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#v1.mc-lesson.total-isis`, { waitUntil: 'load' });
      const region = page.getByRole('region', { name: 'Lesson' });
      await region.getByRole('heading', { name: 'Total order without a sequencer: agreed priorities' }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.match(await text(region), /Multicast lesson, step 8 of 10/);
      // Opened at the question: m1 agreed at P3, behind m2 only proposed.
      await textMatches(holdBack(page, 3), /m1 priority 2\.3, agreed: deliverable m2 \(proposed 1\.3, not agreed yet\) is ahead of it/, 'm1 agreed behind m2 at P3');
      const predict = region.getByRole('group', { name: 'Predict, then see' });
      await button(predict, 'No: m2, proposed 1.3, is ahead of it and may still be agreed below 2.3.').click();
      await textMatches(predict, /Right\. An agreed message is delivered only from the head of the queue/, 'the prediction graded');
      const next = button(region, 'Next');
      assert.equal(await next.isDisabled(), true, 'Next waits for the task');
      await receive(page, [
        'Proposal 1.3 for m2 from P3 to P2',
        'Proposal 2.1 for m2 from P1 to P2',
        'Agreed 2.1 for m2 from P2 to P3',
      ]);
      await page.getByRole('button', { name: 'Process P3, delivered m2 m1' }).waitFor();
      await until(async () => !(await next.isDisabled()), 'Next enabled once P3 delivers m1');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'multicast-isis-lesson-desktop');
      assertNoPageErrors(problems);
    });
  });

  test('axe-core finds no WCAG 2 A or AA violation with proposals in flight', { timeout: TEST_TIMEOUT }, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      await withPage(shared.browser, viewport, 'multicast-isis-axe', async ({ page, problems }) => {
        await open(page, 'v1.multicast');
        await concurrentMulticasts(page);
        await button(page, 'Proposal 2.2 for m1 from P2 to P1').click();
        await button(page, 'Proposal 2.3 for m1 from P3 to P1').click();
        await button(page, 'Agreed 2.3 for m1 from P1 to P3').click();
        await textMatches(holdBack(page, 3), /agreed: deliverable/, 'an agreed message held at P3');
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
});
