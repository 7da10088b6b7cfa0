// The guided lesson and the exercises, driven the way a learner drives them: by accessible
// role and name, with the mouse and the keyboard, through links. Right and wrong answers.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/lesson-*.png and
// exercise-*.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  accessibleName,
  describeProblems,
  launchBrowser,
  saveScreenshot,
  startServer,
  startsWith,
  until,
  withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 60_000;

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

const lesson = (page) => page.getByRole('region', { name: 'Lesson', exact: true });
const exercise = (page) => page.getByRole('region', { name: 'Exercise', exact: true });
const control = (scope, name) => scope.getByRole('button', { name, exact: true });
const processButton = (page, n) => page.getByRole('button', { name: startsWith(`Process P${n}`) });
const channelGroup = (page, from, to) => page.getByRole('group', { name: startsWith(`Channel P${from} to P${to}`) });
const inFlight = (page, name) => {
  const [, from, to] = /from P(\d+) to P(\d+)/.exec(name);
  return channelGroup(page, from, to).getByRole('button', { name: startsWith(name) });
};

function assertNoPageErrors(problems) {
  assert.deepEqual(problems.pageErrors, [], `uncaught errors on the page:\n${describeProblems(problems)}`);
  const panics = problems.consoleErrors.filter((m) => /panicked|RuntimeError|unreachable/i.test(m));
  assert.deepEqual(panics, [], `the app panicked:\n${describeProblems(problems)}`);
  assert.deepEqual(problems.failedRequests, [], `failed requests:\n${describeProblems(problems)}`);
}

async function open(page, fragment) {
  await page.goto(`${server.url}index.html#${fragment}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

const fragment = (page) => decodeURIComponent(new URL(page.url()).hash.slice(1));

describe('the guided lesson', () => {
  test('a step waits for its task: the marker on P1 → P2 is delivered, then Next goes on', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-step', async ({ page, problems }) => {
      await open(page, 'v1.lesson.first-marker');
      const panel = lesson(page);
      await panel.getByRole('heading', { name: 'The first marker' }).waitFor();
      assert.match(await panel.innerText(), /Lesson, step 5 of \d+/);
      assert.match(await panel.innerText(), /Your turn: Deliver the marker of S1 on channel P1 → P2/);
      const next = control(panel, 'Next');
      assert.equal(await next.isDisabled(), true, 'Next waits for the task');
      // The step lights its rule before anything happens.
      const lit = page.getByRole('region', { name: 'The algorithm' }).locator('[aria-current=step]');
      assert.match(await lit.innerText(), /On the first marker/);

      // A control the step does not allow is off: here the learner delivers by hand.
      assert.equal(await control(page, 'Step').isDisabled(), true);

      // Another delivery is not the task.
      await inFlight(page, 'Marker S1 from P1 to P3').click();
      await until(async () => (await inFlight(page, 'Marker S1 from P1 to P3').count()) === 0, 'the marker to P3 delivered');
      assert.match(await panel.innerText(), /Your turn: /);
      assert.equal(await next.isDisabled(), true, 'the wrong marker does not complete the task');
      await inFlight(page, 'Marker S1 from P1 to P2').click();
      await until(async () => /Done: /.test(await panel.innerText()), 'the task to show as done');
      assert.equal(await next.isDisabled(), false, 'Next is enabled once the task is done');
      await saveScreenshot(page, 'lesson-desktop');

      await next.click();
      await panel.getByRole('heading', { name: 'A message on a recorded channel' }).waitFor();
      await until(async () => fragment(page) === 'v1.lesson.receive-recorded', 'the link to name the new step', {
        describe: async () => fragment(page),
      });
      // Previous goes back, and the step's own scenario comes back with it.
      await control(panel, 'Previous').click();
      await panel.getByRole('heading', { name: 'The first marker' }).waitFor();
      assert.equal(await control(panel, 'Next').isDisabled(), true);
      assertNoPageErrors(problems);
    });
  });

  test('the Lesson link resumes where the learner was, and the step picker jumps', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-resume', async ({ page, problems }) => {
      await open(page, 'v1.lesson.bank');
      await lesson(page).getByRole('heading', { name: 'The bank' }).waitFor();
      await page.getByRole('link', { name: 'Lab', exact: true }).click();
      await until(async () => (await lesson(page).count()) === 0, 'the lab without the lesson');
      await page.getByRole('link', { name: 'Lesson', exact: true }).click();
      await lesson(page).getByRole('heading', { name: 'The bank' }).waitFor();
      await lesson(page).getByRole('combobox', { name: 'Lesson step' }).selectOption({ index: 0 });
      await until(async () => fragment(page) === 'v1.lesson.why', 'the first step');
      assertNoPageErrors(problems);
    });
  });

  test('a lesson link naming no step says so and opens the lab', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-bad-link', async ({ page, problems }) => {
      await open(page, 'v1.lesson.nowhere');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /the lesson has no step named "nowhere"/);
      assertNoPageErrors(problems);
    });
  });

  test('at phone width the lesson panel fits and its task works by touch', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, PHONE, 'lesson-phone', async ({ page, problems }) => {
      await open(page, 'v1.lesson.initiator');
      const panel = lesson(page);
      await panel.getByRole('heading', { name: 'The initiator' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scrolling at 360 px (page is ${width} px wide)`);
      await processButton(page, 1).tap();
      await page.getByRole('button', { name: startsWith('Start snapshot') }).tap();
      await until(async () => /Done: /.test(await panel.innerText()), 'the task to show as done');
      await saveScreenshot(page, 'lesson-phone');
      assertNoPageErrors(problems);
    });
  });
});
