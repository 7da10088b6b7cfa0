// The multicast lesson and exercises on the multicast page (issue 22), driven by accessible
// names as a person would: a lesson step opened by its link shows the region `Lesson`; an
// action before the prediction and one the step does not permit are refused with their reason;
// the prediction answered, the task done by clicking copies, Next enabled, the next step, and
// the URL following it; an exercise of each kind opened by its link, answered wrong (feedback
// naming what is wrong) then right (`Right!`); a bad mc-lesson or mc-ex link says what is wrong
// and shows the default group; axe-core finds no WCAG 2 A or AA violation in the lesson or an
// exercise, light or dark. Screenshots: target/screenshots/mc-lesson-*.png, mc-exercise-*.png.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS, ROOT, assertNoPageErrors, fragment, processButton, saveScreenshot, sharedSession, until, withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const lesson = (page) => page.getByRole('region', { name: 'Lesson', exact: true });
const exercise = (page) => page.getByRole('region', { name: 'Exercise', exact: true });
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');

async function open(page, route, region) {
  await page.goto(`${shared.server.url}index.html#${route}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  if (region) await region(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** Waits until the page's alert says something matching `pattern`, and returns it. */
async function alertMatches(page, pattern) {
  const alert = page.getByRole('alert');
  return until(async () => {
    const said = (await alert.count()) ? await text(alert.first()) : '';
    return pattern.test(said) && said;
  }, `an alert matching ${pattern}`, { describe: async () => ((await alert.count()) ? text(alert.first()) : '(no alert)') });
}

async function fragmentIs(page, want) {
  await until(() => fragment(page) === want, `the URL fragment to be ${want}`, { describe: () => fragment(page) });
}

describe('the multicast lesson', () => {
  test('step 1 by its link: predict, do the task by clicking copies, Next, step 2; the URL follows', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'mc-lesson-steps', async ({ page, problems }) => {
      await open(page, 'v1.mc-lesson.receive-deliver', lesson);
      const region = lesson(page);
      await region.getByRole('heading', { name: 'Receive is not deliver' }).waitFor();
      assert.match(await text(region), /Multicast lesson, step 1 of 10/);
      const next = button(region, 'Next');
      assert.equal(await next.isDisabled(), true, 'Next waits for the task');
      // The run is opened at the question: P1 has multicast m1 and m2, both copies to P2 in flight.
      await button(page, 'Message m2 from P1 to P2').waitFor();

      // Before the prediction, copies do not move.
      await button(page, 'Message m2 from P1 to P2').click();
      await alertMatches(page, /Predict first: choose an answer/);
      assert.match(await text(page.getByRole('group', { name: 'Hold-back queue of P2' })), /empty/);

      // Predict: the answer is revealed, with why.
      const predict = region.getByRole('group', { name: 'Predict, then see' });
      await button(predict, 'It holds m2 back until it has delivered m1.').click();
      await until(async () => /Right\. m2 is P1's message 2/.test(await text(predict)), 'the prediction graded', { describe: () => text(predict) });
      // The notice that asked for the prediction is gone.
      await until(async () => (await page.getByRole('alert').count()) === 0, 'the notice to close');

      // An action the step does not permit is refused with its reason.
      await button(page, 'Multicast from P3').click();
      await alertMatches(page, /Not in this step: .*only copies arrive/);
      assert.equal(await button(page, 'Message m3 from P3 to P1').count(), 0, 'no m3 was multicast');

      // The task: m2 reaches P2 first (held), then m1; P2 delivers both.
      await button(page, 'Message m2 from P1 to P2').click();
      const queue = page.getByRole('group', { name: 'Hold-back queue of P2' });
      await until(async () => /m2/.test(await text(queue)), 'm2 held at P2', { describe: () => text(queue) });
      assert.equal(await next.isDisabled(), true, 'held is not yet delivered');
      await button(page, 'Message m1 from P1 to P2').click();
      await page.getByRole('button', { name: 'Process P2, delivered m1 m2' }).waitFor();
      await until(async () => !(await next.isDisabled()), 'Next enabled once the task is done');
      assert.match(await text(region), /Done: Let m2 reach P2 first/);
      await fragmentIs(page, 'v1.mc-lesson.receive-deliver');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'mc-lesson-desktop');

      await next.click();
      await region.getByRole('heading', { name: 'FIFO order: a number per sender' }).waitFor();
      await fragmentIs(page, 'v1.mc-lesson.fifo');
      assert.match(await text(region), /step 2 of 10/);
      assert.equal(await button(region, 'Next').isDisabled(), true, 'a new step, a new task');
      // Its run, at its question: P3 holds m2.
      await until(async () => /m2/.test(await text(page.getByRole('group', { name: 'Hold-back queue of P3' }))), 'P3 holds m2');
      assertNoPageErrors(problems);
    });
  });

  test('a lesson step at a phone\'s width, and the way back to the free lab', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'mc-lesson-phone', async ({ page, problems }) => {
      await open(page, 'v1.mc-lesson.causal', lesson);
      await lesson(page).getByRole('heading', { name: 'Causal order: vector timestamps' }).waitFor();
      await saveScreenshot(page, 'mc-lesson-phone');
      await lesson(page).getByRole('link', { name: 'Leave the lesson: this run in the free lab' }).click();
      await until(() => fragment(page).startsWith('v1.mc.'), 'the free lab\'s run link', { describe: () => fragment(page) });
      await lesson(page).waitFor({ state: 'detached' });
      // In the free lab a multicast is allowed again.
      await button(page, 'Multicast from P3').click();
      await button(page, 'Message m3 from P3 to P1').waitFor();
      assertNoPageErrors(problems);
    });
  });
});

describe('the multicast exercises', () => {
  const kinds = [
    // kind, a wrong answer, what its feedback names
    ['stamp', '[9,9,9]', /V\[P\d\] .*not 9/],
    ['deliverable', 'none', /P\d can deliver m\d+/],
    ['orders', 'fifo causal total', /order does not hold: P\d delivered m\d+ before m\d+/],
  ];
  for (const [kind, wrong, why] of kinds) {
    test(`a ${kind} exercise by its link: wrong, then right`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, `mc-exercise-${kind}`, async ({ page, problems }) => {
        await open(page, `v1.mc-ex.${kind}.1.1`, exercise);
        const region = exercise(page);
        assert.match(await text(region), /level 1 of 3/);
        const box = region.getByRole('textbox', { name: 'Your answer' });
        const feedback = region.getByRole('status');
        await box.fill(wrong);
        await button(region, 'Check').click();
        await until(async () => /Not yet\./.test(await text(feedback)), 'the wrong answer graded', { describe: () => text(feedback) });
        assert.match(await text(feedback), why);

        let right;
        if (kind === 'orders') {
          // The answer from the page's own Ordering verdict.
          const verdict = await text(page.getByRole('region', { name: 'Ordering' }));
          right = ['FIFO', 'Causal', 'Total'].filter((o) => new RegExp(`${o} order: holds`).test(verdict)).join(' ') || 'none';
        } else {
          await button(region, 'Show the solution').click();
          right = await until(async () => (await box.inputValue()) || false, 'the solution in the box');
        }
        await box.fill(right);
        await button(region, 'Check').click();
        await until(async () => /Right!/.test(await text(feedback)), `${right} graded right`, { describe: () => text(feedback) });
        if (kind === 'stamp') {
          await saveScreenshot(page, 'mc-exercise-desktop');
          await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
          await saveScreenshot(page, 'mc-exercise-phone');
          await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
        }
        // New exercise: the next seed, the URL with it.
        await button(region, 'New exercise').click();
        await fragmentIs(page, `v1.mc-ex.${kind}.1.2`);
        await until(async () => /exercise 2/.test(await text(region)), 'exercise 2');
        assert.equal(await region.getByRole('status').count(), 0, 'a new exercise has no feedback yet');
        assertNoPageErrors(problems);
      });
    });
  }

  test('the exercise list is reachable from the multicast page and lists three kinds at three levels', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'mc-exercise-list', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      await page.getByRole('link', { name: 'Multicast exercises', exact: true }).click();
      const list = page.getByRole('region', { name: 'Exercises', exact: true });
      await list.waitFor();
      await fragmentIs(page, 'v1.mc-exercises');
      const links = list.getByRole('link', { name: /, level \d$/ });
      assert.equal(await links.count(), 9);
      await list.getByRole('link', { name: 'Which held messages can be delivered?, level 2' }).click();
      await exercise(page).waitFor();
      await fragmentIs(page, 'v1.mc-ex.deliverable.2.1');
      // And the lesson from the header.
      await page.getByRole('link', { name: 'Multicast lesson', exact: true }).click();
      await lesson(page).getByRole('heading', { name: 'Receive is not deliver' }).waitFor();
      assertNoPageErrors(problems);
    });
  });
});

describe('bad multicast teaching links', () => {
  for (const [route, says] of [
    ['v1.mc-lesson.nowhere', /the lesson has no step named "nowhere"/],
    ['v1.mc-ex.guess.1.1', /there is no exercise named "guess"/],
    ['v1.mc-ex.stamp.7.1', /"7" is not a level \(1 to 3\)/],
    ['v1.mc-ex.orders.2.x', /"x" is not an exercise number/],
  ]) {
    test(`${route} says what is wrong and shows the default group`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, 'mc-teach-bad', async ({ page, problems }) => {
        await open(page, route);
        await alertMatches(page, says);
        assert.match(await text(page.getByRole('alert').first()), /Showing the default group instead/);
        assert.equal(await lesson(page).count(), 0);
        assert.equal(await exercise(page).count(), 0);
        await button(page, 'Multicast from P3').waitFor();
        assert.equal(await page.getByRole('button', { name: /^Process P\d/ }).count(), 3);
        assertNoPageErrors(problems);
      });
    });
  }
});

describe('the multicast lesson and exercises are accessible', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no WCAG 2 A or AA violation (${colorScheme})`, { timeout: TEST_TIMEOUT }, async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        await withPage(shared.browser, { ...viewport, colorScheme }, `mc-teach-axe-${colorScheme}`, async ({ page, problems }) => {
          const violations = async () => {
            await page.evaluate(`${AXE}\n;undefined`);
            return page.evaluate(async () => {
              const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
              const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')})`);
            });
          };
          // A lesson step, answered wrong (both the chosen and the right choice marked), a refusal shown.
          await open(page, 'v1.mc-lesson.causal', lesson);
          await button(lesson(page), 'Yes: V[P2] = 1 = Vi[P2] + 1.').click();
          await until(async () => /Not quite/.test(await text(lesson(page))), 'the prediction graded');
          await button(page, 'Multicast from P1').click();
          await alertMatches(page, /Not in this step/);
          assert.deepEqual(await violations(), [], `the lesson at ${viewport.width} px`);
          // An exercise with its feedback.
          await open(page, 'v1.mc-ex.stamp.2.5', exercise);
          await exercise(page).getByRole('textbox', { name: 'Your answer' }).fill('[0]');
          await button(exercise(page), 'Check').click();
          await exercise(page).getByRole('status').waitFor();
          assert.deepEqual(await violations(), [], `an exercise at ${viewport.width} px`);
          assertNoPageErrors(problems);
        });
      }
    });
  }
});
