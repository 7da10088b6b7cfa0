// The guided lesson and the exercises, driven the way a learner drives them: by accessible
// role and name, with the mouse and the keyboard, through links. Right and wrong answers.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/lesson-*.png and
// exercise-*.png.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibleName,
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  fragment,
  launchBrowser,
  processButton,
  saveScreenshot,
  startServer,
  startsWith,
  until,
  withPage,
  settle,
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
const channelGroup = (page, from, to) => page.getByRole('group', { name: startsWith(`Channel P${from} to P${to}`) });
const inFlight = (page, name) => {
  const [, from, to] = /from P(\d+) to P(\d+)/.exec(name);
  return channelGroup(page, from, to).getByRole('button', { name: startsWith(name) });
};

let visits = 0;
/**
 * Loads the page afresh at `fragment`: a query of its own each time, since a new fragment alone
 * is a same-document navigation (and the same link again is no navigation at all).
 */
async function open(page, fragment) {
  visits += 1;
  await page.goto(`${server.url}index.html?visit=${visits}#${fragment}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}


describe('the guided lesson', () => {
  test('a step waits for its task: the marker on P1 → P2 is delivered, then Next goes on', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-step', async ({ page, problems }) => {
      await open(page, 'v1.lesson.first-marker');
      const panel = lesson(page);
      await panel.getByRole('heading', { name: 'The first marker' }).waitFor();
      assert.match(await panel.innerText(), /Lesson, step 8 of \d+/);
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

  test('predict, then see: the bank asks what C12 will hold, the answer plays the run and is graded', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-predict', async ({ page, problems }) => {
      await open(page, 'v1.lesson.bank');
      const panel = lesson(page);
      await panel.getByRole('heading', { name: 'The bank' }).waitFor();
      const predict = panel.getByRole('group', { name: 'Predict, then see' });
      await predict.waitFor();
      // The paragraph that tells the answer waits; the snapshot is still in progress.
      assert.doesNotMatch(await panel.innerText(), /channel P1 → P2 = \[m1\]/);
      const s1 = page.getByRole('region', { name: startsWith('Snapshot S1') });
      assert.match(await s1.innerText(), /In progress/);
      await predict.getByRole('button', { name: 'Nothing: m1 is in acct1\'s recorded state' }).click();
      await until(async () => /Not quite: it is \[m1\], \$100\./.test(await predict.innerText()), 'the verdict on the prediction');
      // The run played to its end: S1 is complete, C12 holds m1, and the rest of the text is there.
      await until(async () => /Verdict: consistent/.test(await s1.innerText()), 'S1 to complete');
      assert.match(await s1.innerText(), /P1→P2: \[?m1/);
      assert.match(await panel.innerText(), /channel P1 → P2 = \[m1\] with \$100/);
      assert.equal(await predict.getByRole('button', { name: '[m1], $100' }).isDisabled(), true, 'one prediction per visit');
      await saveScreenshot(page, 'lesson-predict-desktop');
      assertNoPageErrors(problems);
    });
  });

  test('optional steps are marked and can be skipped; the merged consistent-cut link opens examples', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lesson-optional', async ({ page, problems }) => {
      await open(page, 'v1.lesson.vector-clocks');
      const panel = lesson(page);
      await panel.getByRole('heading', { name: 'Causality on the diagram' }).waitFor();
      assert.match(await panel.innerText(), /optional, beyond the notes/);
      const picker = panel.getByRole('combobox', { name: 'Lesson step' });
      assert.match(await picker.innerText(), /Causality on the diagram \(optional\)/);
      await control(panel, 'Skip optional step').click();
      await panel.getByRole('heading', { name: 'The system model' }).waitFor();
      await until(async () => fragment(page) === 'v1.lesson.model', 'the next step that is not optional');
      assert.equal(await panel.getByRole('button', { name: 'Skip optional step' }).count(), 0, 'a required step has no skip');
      await open(page, 'v1.lesson.consistent-cut');
      await panel.getByRole('heading', { name: 'Some examples of snapshots' }).waitFor();
      assertNoPageErrors(problems);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Exercises: one of each kind, answered wrong, then right.

const feedback = (page) => exercise(page).getByRole('status');
const check = (page, name = 'Check') => control(exercise(page), name).click();

async function openExercise(page, kind, level = 1, seed = 1) {
  await open(page, `v1.ex.${kind}.${level}.${seed}`);
  await exercise(page).waitFor({ timeout: APP_TIMEOUT_MS });
}

async function expectVerdict(page, right, what) {
  const wanted = right ? /Right!/ : /Not yet\./;
  await until(async () => wanted.test(await feedback(page).innerText().catch(() => '')), what, {
    describe: async () => feedback(page).innerText().catch(() => '(no feedback)'),
  });
  const text = await feedback(page).innerText();
  assert.ok(text.trim().split('\n').length >= 2, `the feedback explains itself: ${text}`);
  return text;
}

/** Every line of a snapshot region's text. */
async function snapshotLines(page, id = 1) {
  const region = page.getByRole('region', { name: startsWith(`Snapshot S${id}`) });
  await region.waitFor();
  return (await region.innerText()).split('\n');
}

describe('exercises', () => {
  test('count the markers: a wrong count is explained, the number of channels is right', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'exercise-count', async ({ page, problems }) => {
      await openExercise(page, 'count', 2, 5);
      const channels = await page.getByRole('group', { name: /^Channel \S+ to / }).count();
      assert.ok(channels > 0);
      const answer = exercise(page).getByRole('spinbutton', { name: 'Number of markers' });
      await answer.fill(String(channels + 1));
      await check(page);
      const wrong = await expectVerdict(page, false, 'a wrong count');
      assert.match(wrong, /outgoing/, 'the feedback counts outgoing channels');
      await answer.fill(String(channels));
      await check(page);
      await expectVerdict(page, true, 'the right count');
      await saveScreenshot(page, 'exercise-desktop');
      assertNoPageErrors(problems);
    });
  });

  test('which cut: every process cut before its first event is wrong; just before its record-state event is right', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'exercise-which-cut', async ({ page, problems }) => {
      await openExercise(page, 'which-cut', 1, 3);
      // The snapshot's own cut and panel are hidden: they would give the answer away.
      assert.equal(await page.getByRole('region', { name: startsWith('Snapshot S') }).count(), 0);
      await check(page);
      await expectVerdict(page, false, 'a cut before every event');
      const pickers = exercise(page).getByRole('combobox', { name: /^Cut on .*'s line$/ });
      const n = await pickers.count();
      assert.ok(n >= 2, `one picker per process (${n})`);
      for (let i = 0; i < n; i++) {
        const picker = pickers.nth(i);
        const options = await picker.locator('option').allInnerTexts();
        // The cut holds the events before the record-state event: the option just before it.
        const at = options.findIndex((o) => /records its state/.test(o));
        assert.ok(at > 0, `process ${i + 1} records its state: ${options.join(' | ')}`);
        await picker.selectOption({ index: at - 1 });
      }
      await check(page);
      await expectVerdict(page, true, 'the snapshot cut');
      // Once right, the snapshot is shown.
      await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor();
      assertNoPageErrors(problems);
    });
  });

  test('is this cut consistent: the wrong verdict is explained, the right one (with the orphan) accepted', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'exercise-consistent', async ({ page, problems }) => {
      for (const seed of [1, 2]) {
        await openExercise(page, 'consistent', 1, seed);
        await exercise(page).getByRole('radio', { name: 'Yes, consistent' }).check();
        await check(page);
        const first = await feedback(page).innerText();
        if (/Right!/.test(first)) {
          // A consistent cut: "no" is wrong.
          await exercise(page).getByRole('radio', { name: 'No, inconsistent' }).check();
          await check(page);
          await expectVerdict(page, false, 'calling a consistent cut inconsistent');
        } else {
          await expectVerdict(page, false, 'calling an inconsistent cut consistent');
          const orphan = /\b(m\d+)\b/.exec(first)?.[1];
          assert.ok(orphan, `the feedback names an orphan: ${first}`);
          await exercise(page).getByRole('radio', { name: 'No, inconsistent' }).check();
          const select = exercise(page).getByRole('combobox', { name: 'Orphan message' });
          const options = await select.locator('option').allInnerTexts();
          await select.selectOption({ index: options.findIndex((o) => o.startsWith(`${orphan} `)) });
          await check(page);
          await expectVerdict(page, true, 'the orphan named');
        }
      }
      assertNoPageErrors(problems);
    });
  });

  test('predict the recording: blanks are wrong; the recording the finished run shows is right', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'exercise-predict', async ({ page, problems }) => {
      // Learn the answer from the solution, then answer a fresh copy of the same exercise.
      await openExercise(page, 'predict', 1, 2);
      await control(exercise(page), 'Show the solution').click();
      const lines = await snapshotLines(page);
      const states = lines.filter((l) => /^P\d+: /.test(l)).map((l) => Number(l.replace(/^P\d+: /, '').replace(/[^0-9-]/g, '')));
      const channels = lines.filter((l) => /→/.test(l)).map((l) => [...l.split(':').slice(1).join(':').matchAll(/\bm\d+\b/g)].map((m) => m[0]));
      assert.ok(states.length >= 2, `recorded states: ${lines.join(' | ')}`);

      await openExercise(page, 'predict', 1, 2);
      await check(page);
      await expectVerdict(page, false, 'a blank prediction');
      const stateInputs = exercise(page).getByRole('spinbutton', { name: /^Recorded state of / });
      assert.equal(await stateInputs.count(), states.length);
      for (let i = 0; i < states.length; i++) await stateInputs.nth(i).fill(String(states[i]));
      const groups = exercise(page).getByRole('group', { name: /^Recorded messages on channel / });
      assert.equal(await groups.count(), channels.length);
      for (let c = 0; c < channels.length; c++) {
        for (const m of channels[c]) await groups.nth(c).getByRole('checkbox', { name: m, exact: true }).check();
      }
      await check(page);
      await expectVerdict(page, true, 'the right prediction');
      assertNoPageErrors(problems);
    });
  });

  for (const kind of ['send-goal', 'order-markers']) {
    test(`${kind}: the untouched run is not the goal; the solution's run is`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(browser, DESKTOP, `exercise-${kind}`, async ({ page, problems }) => {
        await openExercise(page, kind, 1, 4);
        await check(page, 'Check my run');
        await expectVerdict(page, false, 'the run before any move');
        await control(exercise(page), 'Show the solution').click();
        await check(page, 'Check my run');
        await expectVerdict(page, true, "the solution's run");
        assertNoPageErrors(problems);
      });
    });
  }

  test('the exercise list shows progress kept across visits', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'exercise-list', async ({ page, problems }) => {
      await openExercise(page, 'count', 1, 1);
      const channels = await page.getByRole('group', { name: /^Channel \S+ to / }).count();
      await exercise(page).getByRole('spinbutton', { name: 'Number of markers' }).fill(String(channels));
      await check(page);
      await expectVerdict(page, true, 'the right count');
      await page.getByRole('link', { name: 'All exercises' }).click();
      const table = page.getByRole('table', { name: 'Your progress' });
      await table.waitFor();
      assert.match(await table.innerText(), /solved \(1 of 1 checks right\)/);
      await settle(page); // the URL is written a task after the last action
      await page.reload();
      await table.waitFor({ timeout: APP_TIMEOUT_MS });
      assert.match(await page.getByRole('region', { name: 'Exercises' }).innerText(), /Solved so far: 1 of 24/);
      await saveScreenshot(page, 'exercise-list');
      assertNoPageErrors(problems);
    });
  });
});
