// Ready for a real course (issue 24): a shown solution is not a solved exercise, answers are read
// as a person types them, the exercise's given setup cannot be undone, Another one leaves a
// history entry, and the page works from any folder of a site (a GitHub Pages project site, a
// course server's /course/lab/).
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  DIST,
  fragment,
  openMore,
  processButton,
  sharedSession,
  startServer,
  startsWith,
  until,
  withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const TEST_TIMEOUT = 60_000;
// The notes' C21 preset (src/formats/presets.rs): S1 completes, consistent.
const C21 = 'v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ';

const shared = sharedSession();

const exercise = (page) => page.getByRole('region', { name: 'Exercise', exact: true });

let visits = 0;
async function open(page, fragment, base = shared.server.url) {
  visits += 1;
  await page.goto(`${base}index.html?visit=${visits}#${fragment}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

describe('the grading loop', () => {
  test('a shown solution, then Check, is recorded as shown, not solved', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-shown', async ({ page, problems }) => {
      await open(page, 'v1.ex.count.1.1');
      const box = exercise(page).getByRole('spinbutton', { name: 'Number of markers' });
      assert.equal(await box.inputValue(), '', 'the box starts empty');
      await control(exercise(page), 'Show the solution').click();
      // The answer is in the form.
      await until(async () => /^\d+$/.test(await box.inputValue()), 'the solution fills the box');
      await control(exercise(page), 'Check').click();
      await until(
        async () => /not counted as solved/.test(await page.locator('.narration').innerText()),
        'Check after the solution says it is not counted',
      );
      await page.getByRole('link', { name: 'All exercises' }).click();
      const list = page.getByRole('region', { name: 'Exercises' });
      await list.waitFor({ timeout: APP_TIMEOUT_MS });
      await until(async () => /Solved so far: 0 of 24/.test(await list.innerText()), 'nothing counted as solved');
      await page.getByRole('link', { name: startsWith('Count the markers, level 1: solution shown, not solved') }).waitFor();
      assertNoPageErrors(problems);
    });
  });

  test('a count is read as a whole number: an empty box or 1e1 is not graded, 6.0 is 6', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-count', async ({ page, problems }) => {
      await open(page, 'v1.ex.count.1.1');
      const box = exercise(page).getByRole('spinbutton', { name: 'Number of markers' });
      for (const typed of ['', '1e1']) {
        await box.fill(typed);
        await control(exercise(page), 'Check').click();
        await until(async () => /Enter a whole number/.test(await page.locator('.narration').innerText()), `"${typed}" is refused`);
        assert.doesNotMatch(await page.locator('body').innerText(), /4294967295/);
        assert.equal(await exercise(page).getByText('Not yet.').count(), 0, `"${typed}" is not graded`);
      }
      await box.fill('6.0');
      await control(exercise(page), 'Check').click();
      // Graded as 6 (right or wrong, it is a grade now), and the box keeps what was typed.
      await until(async () => (await exercise(page).getByText(/^(Right!|Not yet\.)$/).count()) > 0, '6.0 is graded');
      assert.doesNotMatch(await page.locator('body').innerText(), /4294967295/);
      assertNoPageErrors(problems);
    });
  });

  test("the exercise's given setup cannot be undone; the learner's own actions can", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-undo', async ({ page, problems }) => {
      await open(page, 'v1.ex.send-goal.1.1');
      const undo = control(page, 'Undo');
      await until(async () => await undo.isDisabled(), 'Undo is off at the exercise start');
      // One send of the learner's own: drag P1 onto P2.
      const p1 = await processButton(page, 1).boundingBox();
      const p2 = await processButton(page, 2).boundingBox();
      await page.mouse.move(p1.x + p1.width / 2, p1.y + p1.height / 2);
      await page.mouse.down();
      await page.mouse.move(p2.x + p2.width / 2, p2.y + p2.height / 2, { steps: 8 });
      await page.mouse.up();
      await until(async () => !(await undo.isDisabled()), 'the learner can undo their own send');
      await undo.click();
      await until(async () => await undo.isDisabled(), 'back at the setup, Undo is off again');
      assertNoPageErrors(problems);
    });
  });

  test('Another one leaves a history entry: Back returns to the exercise before', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-history', async ({ page, problems }) => {
      await open(page, 'v1.ex.count.1.1');
      await control(exercise(page), 'Another one').click();
      await until(async () => /^#v1\.ex\.count\.1\.2/.test(new URL(page.url()).hash), 'the next exercise');
      await page.goBack();
      await until(async () => /^#v1\.ex\.count\.1\.1/.test(new URL(page.url()).hash), 'Back returns to exercise 1');
      await until(async () => /exercise 1\b/.test(await exercise(page).innerText()), 'and shows it');
      assertNoPageErrors(problems);
    });
  });
});

/** Every field of the exercise's answer form: its id, and its value (a box or pick) or whether it is checked. */
async function answerForm(page) {
  return exercise(page)
    .locator('.answer-fields')
    .evaluate((form) =>
      [...form.querySelectorAll('input, select')].map((el) => ({
        id: el.id,
        value: el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value,
      })),
    );
}

/** Fills the answer form with `fields` (from answerForm()). */
async function fillForm(page, fields) {
  for (const { id, value } of fields) {
    const el = exercise(page).locator(`[id="${id}"]`);
    if (typeof value === 'boolean') {
      if (value) await el.check();
      else if (await el.isChecked()) await el.uncheck();
    } else if ((await el.evaluate((e) => e.tagName)) === 'SELECT') {
      await el.selectOption(value);
    } else {
      await el.fill(value);
    }
  }
}

/** The solution of an exercise as its form shows it after "Show the solution", on a page of its own. */
async function shownSolution(fragmentText) {
  let fields;
  await withPage(shared.browser, DESKTOP, 'course-solution', async ({ page, problems }) => {
    await open(page, fragmentText);
    await control(exercise(page), 'Show the solution').click();
    await until(async () => /The solution is shown/.test(await page.locator('.narration').innerText()), 'the solution shown');
    fields = await answerForm(page);
    assertNoPageErrors(problems);
  });
  return fields;
}

const events = async (page) => Number(/\((\d+) events?\)/.exec(await page.locator('table.event-log caption').innerText())[1]);

/** Every "Show event #N" link of the feedback names an event of the log on screen, and shows it. */
async function showEventLinksWork(page) {
  const links = exercise(page).getByRole('button', { name: /^Show event #\d+$/ });
  const count = await links.count();
  const total = await events(page);
  for (let i = 0; i < count; i += 1) {
    const seq = Number(/#(\d+)/.exec(await links.nth(i).innerText())[1]);
    assert.ok(seq >= 1 && seq <= total, `Show event #${seq} names an event of the ${total} in the log`);
    await links.nth(i).click();
    await until(
      async () => (await page.locator('#event-details').innerText()).startsWith(`Event ${seq} of ${total}:`),
      `event #${seq} shown in detail`,
      { describe: async () => page.locator('#event-details').innerText() },
    );
    assert.equal(await page.locator('figure.spacetime svg .focus-ring').count(), 1, `event #${seq} ringed on the diagram`);
    await page.locator('table.event-log tbody tr').nth(seq - 1).waitFor({ state: 'attached' });
  }
  return count;
}

const feedbackWord = (page) => exercise(page).locator('.feedback strong');

describe('answers and feedback that stay true', () => {
  test('Predict keeps the right answer in the form on "Right!"', { timeout: TEST_TIMEOUT }, async () => {
    const solution = await shownSolution('v1.ex.predict.1.1');
    assert.ok(solution.length > 0 && solution.every((f) => f.value !== ''), `the solution fills every box: ${JSON.stringify(solution)}`);
    await withPage(shared.browser, DESKTOP, 'course-predict-right', async ({ page, problems }) => {
      await open(page, 'v1.ex.predict.1.1');
      assert.ok((await answerForm(page)).filter((f) => typeof f.value === 'string').every((f) => f.value === ''), 'the boxes start empty');
      await fillForm(page, solution);
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Right!', 'Right!');
      assert.deepEqual(await answerForm(page), solution, 'the learner still sees the answer that was right');
      assertNoPageErrors(problems);
    });
  });

  test('Consistent: the orphan pick starts on "(none)", and the right answer stays on "Right!"', { timeout: TEST_TIMEOUT }, async () => {
    const solution = await shownSolution('v1.ex.consistent.1.1');
    assert.ok(solution.some((f) => f.value === true), 'the solution picks Yes or No');
    await withPage(shared.browser, DESKTOP, 'course-consistent-right', async ({ page, problems }) => {
      await open(page, 'v1.ex.consistent.1.1');
      const orphan = exercise(page).getByRole('combobox', { name: 'Orphan message' });
      assert.ok((await orphan.locator('option').count()) > 1, 'messages to pick from');
      assert.equal(await orphan.inputValue(), '', 'the pick starts on (none)');
      assert.equal(await orphan.locator('option:checked').innerText(), '(none)');
      await fillForm(page, solution);
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Right!', 'Right!');
      assert.deepEqual(await answerForm(page), solution, 'the learner still sees the answer that was right');
      assertNoPageErrors(problems);
    });
  });

  test('a consistent cut: the orphan pick stays on "(none)"', { timeout: TEST_TIMEOUT }, async () => {
    // Level 1 exercises 1 to 6: at least one has a consistent cut.
    let seen = 0;
    for (let seed = 1; seed <= 6 && seen === 0; seed += 1) {
      const solution = await shownSolution(`v1.ex.consistent.1.${seed}`);
      if (solution.find((f) => f.id === 'ex-yes')?.value !== true) continue;
      seen = seed;
      assert.equal(solution.find((f) => f.id === 'ex-orphan').value, '', 'the solution of a consistent cut names no orphan');
    }
    assert.ok(seen > 0, 'a consistent cut among the first six exercises');
  });

  test('after "Show the solution" no stale feedback remains, and every "Show event" link works', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-stale', async ({ page, problems }) => {
      // Predict: the feedback may cite events of the continuation, not played yet.
      await open(page, 'v1.ex.predict.1.1');
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Not yet.', 'a wrong answer');
      assert.ok((await exercise(page).locator('.feedback li').count()) > 0, 'with reasons');
      await showEventLinksWork(page);
      await control(exercise(page), 'Show the solution').click();
      await until(async () => (await exercise(page).locator('.feedback').count()) === 0, 'the old feedback goes');
      // Check the shown solution: the feedback is about the run on screen.
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Right!', 'the shown solution is right');
      await showEventLinksWork(page);

      // Which cut?: a wrong cut's feedback names events; after the solution it goes.
      await open(page, 'v1.ex.which-cut.1.1');
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Not yet.', 'a wrong cut');
      // The first miss gets a hint (the processes whose line is cut wrong, no events named);
      // the second the whole explanation, which names events.
      assert.match(await exercise(page).locator('.feedback').innerText(), /Hint: the cut is off on the lines? of/);
      await control(exercise(page), 'Check').click();
      const links = exercise(page).getByRole('button', { name: /^Show event #\d+$/ });
      await until(async () => (await links.count()) > 0, 'the second miss to explain with events', {
        describe: () => exercise(page).locator('.feedback').innerText(),
      });
      const linked = await showEventLinksWork(page);
      assert.ok(linked > 0, 'the feedback links to the events it names');
      await control(exercise(page), 'Show the solution').click();
      await until(async () => (await exercise(page).locator('.feedback').count()) === 0, 'the old feedback goes');
      assert.equal(await exercise(page).getByText('Not yet.').count(), 0);
      assertNoPageErrors(problems);
    });
  });

  test('"Show the solution" shows the answer in the form, for every kind with a form', { timeout: TEST_TIMEOUT }, async () => {
    // Count: the number; Predict: every state and channel; Consistent: the verdict; Which cut?: a
    // position on every line (not all at the start).
    const count = await shownSolution('v1.ex.count.1.1');
    assert.match(count[0].value, /^\d+$/);
    const predict = await shownSolution('v1.ex.predict.1.1');
    assert.ok(predict.filter((f) => f.id.startsWith('ex-state-')).every((f) => /^-?\d+$/.test(f.value)));
    const consistent = await shownSolution('v1.ex.consistent.1.1');
    assert.equal(consistent.filter((f) => f.id.startsWith('ex-') && f.value === true).length, 1, 'Yes or No is picked');
    await withPage(shared.browser, DESKTOP, 'course-solution-cut', async ({ page, problems }) => {
      await open(page, 'v1.ex.which-cut.1.1');
      const picks = exercise(page).getByRole('combobox', { name: /^Cut on P\d+'s line$/ });
      const before = await picks.evaluateAll((s) => s.map((x) => x.value));
      assert.ok(before.every((v) => v === '0'), 'the cut starts before every first event');
      await control(exercise(page), 'Show the solution').click();
      await until(async () => (await picks.evaluateAll((s) => s.map((x) => x.value))).some((v) => v !== '0'), 'the picks show the cut');
      assertNoPageErrors(problems);
    });
  });

  test('Which cut?: "after event #N: P records its state" is right as well as just before it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-which-cut', async ({ page, problems }) => {
      await open(page, 'v1.ex.which-cut.1.1');
      const picks = exercise(page).getByRole('combobox', { name: /^Cut on P\d+'s line$/ });
      await control(exercise(page), 'Show the solution').click();
      await until(async () => (await picks.evaluateAll((s) => s.map((x) => x.value))).some((v) => v !== '0'), 'the solution cut');
      const truth = (await picks.evaluateAll((s) => s.map((x) => Number(x.value))));
      // A fresh page, where the learner answers: each line just after its record-state event.
      await open(page, 'v1.ex.which-cut.1.1');
      const n = await picks.count();
      assert.equal(n, truth.length);
      for (let p = 0; p < n; p += 1) {
        const after = picks.nth(p).locator('option').nth(truth[p] + 1);
        assert.match(await after.innerText(), /^after event #\d+: P\d+ records its state/, `P${p + 1}'s record-state event`);
        await picks.nth(p).selectOption(String(truth[p] + 1));
        await until(async () => (await picks.nth(p).inputValue()) === String(truth[p] + 1), `P${p + 1} picked`);
      }
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Right!', 'Right!', {
        describe: async () => exercise(page).innerText(),
      });
      assertNoPageErrors(problems);
    });
  });

  test('reopening an exercise from the index starts it afresh; the index keeps the count', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-reopen', async ({ page, problems }) => {
      await open(page, 'v1.ex.count.1.1');
      const box = exercise(page).getByRole('spinbutton', { name: 'Number of markers' });
      await box.fill('9999');
      await control(exercise(page), 'Check').click();
      await until(async () => (await feedbackWord(page).innerText().catch(() => '')) === 'Not yet.', 'a wrong count');
      await page.getByRole('link', { name: 'All exercises' }).click();
      const list = page.getByRole('region', { name: 'Exercises' });
      await list.waitFor({ timeout: APP_TIMEOUT_MS });
      const level1 = page.getByRole('link', { name: startsWith('Count the markers, level 1: tried (1 checks)') });
      await level1.click();
      await exercise(page).waitFor();
      await until(async () => /exercise 1\b/.test(await exercise(page).innerText()), 'the same exercise');
      assert.equal(await exercise(page).locator('.feedback').count(), 0, 'no feedback from before');
      assert.equal(await box.inputValue(), '', 'the box is empty');
      assert.equal(await control(exercise(page), 'Show the solution').isDisabled(), false);
      assertNoPageErrors(problems);
    });
  });
});

describe('the lesson', () => {
  const lesson = (page) => page.getByRole('region', { name: 'Lesson', exact: true });
  const channel = (page) => page.getByRole('group', { name: startsWith('Channel P1 to P2') });
  const marker = (page) => channel(page).getByRole('button', { name: startsWith('Marker S1 from P1 to P2') });
  const message = (page) => channel(page).getByRole('button', { name: startsWith('Message m1 from P1 to P2') });

  test("the FIFO step is done only after the refused attempt; Next says the learner's actions are not carried over", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-fifo-step', async ({ page, problems }) => {
      // In order, without trying the marker first: not done.
      await open(page, 'v1.lesson.fifo');
      const next = control(lesson(page), 'Next');
      await message(page).click();
      await until(async () => (await message(page).count()) === 0, 'm1 delivered');
      await marker(page).click();
      await until(async () => (await marker(page).count()) === 0, 'the marker delivered');
      assert.match(await lesson(page).innerText(), /Your turn: /);
      assert.equal(await next.isDisabled(), true, 'the task asks for the refused attempt');

      // The marker first is refused (the lab says why); then m1 and the marker: done.
      await open(page, 'v1.lesson.fifo');
      await marker(page).click();
      await page.getByRole('alert').filter({ hasText: /Cannot/ }).waitFor();
      assert.equal(await marker(page).count(), 1, 'the marker is still in flight');
      await message(page).click();
      await until(async () => (await message(page).count()) === 0, 'm1 delivered');
      await marker(page).click();
      await until(async () => /Done: /.test(await lesson(page).innerText()), 'the step is done');
      assert.equal(await next.isDisabled(), false);

      // Next: the next step's own run replaces the learner's, and the page says so.
      await next.click();
      await page.getByRole('status').filter({ hasText: 'what you did in the previous step is not carried over' }).waitFor();
      assertNoPageErrors(problems);
    });
  });
});

describe("a teacher's tools", () => {
  test('snapshotLab.link() gives the run a script just made, at once', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-api-link', async ({ page, problems }) => {
      await open(page, C21);
      const [before, after] = await page.evaluate(() => {
        const was = window.snapshotLab.link();
        window.snapshotLab.act({ type: 'send', from: 0, to: 1, amount: 5 });
        return [was, window.snapshotLab.link()];
      });
      assert.match(before, /^v1\./);
      assert.notEqual(after, before, 'the link already holds the new send');
      await until(async () => fragment(page).split('&')[0] === after, 'the page then writes that same link');
      assertNoPageErrors(problems);
    });
  });

  test("a presenter's clicker walks a prepared run's timeline and keeps its steps", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-clicker', async ({ page, problems }) => {
      await open(page, `${C21}&present`);
      const label = page.locator('label[for=timeline]');
      const steps = async () => (await label.innerText()).match(/step (\d+) of (\d+)/i).slice(1).map(Number);
      const [, total] = await steps();
      assert.ok(total >= 3, `a prepared run (${total} steps)`);
      await page.getByRole('slider', { name: 'Timeline' }).focus();
      await page.keyboard.press('Home');
      await until(async () => (await steps())[0] === 0, 'the timeline at step 0');
      await page.evaluate(() => document.activeElement.blur());
      await page.keyboard.press('PageDown');
      await until(async () => (await steps())[0] === 1, 'Page Down walks to step 1');
      assert.deepEqual(await steps(), [1, total], 'no step of the prepared run is lost');
      await page.keyboard.press('PageDown');
      await until(async () => (await steps())[0] === 2, 'Page Down walks to step 2');
      await page.keyboard.press('PageUp');
      await until(async () => (await steps())[0] === 1, 'Page Up goes back to step 1');
      await page.keyboard.press('PageDown');
      await until(async () => (await steps())[0] === 2, 'Page Down is at step 2 again');
      assert.deepEqual(await steps(), [2, total], 'still every prepared step');
      assertNoPageErrors(problems);
    });
  });
});

describe('exports that stand alone', () => {
  // The fault-lost-marker preset: S1's cut crosses the last column, so "cut S1" is drawn past
  // the diagram's right edge.
  const LOST_MARKER = 'v1.CALQD6AfBmFjY3QxBmFjY3QyBwRAAWQRgQEQUAE';
  const exportDialog = (page) => page.getByRole('dialog', { name: 'Export' });

  async function download(page, label) {
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      exportDialog(page).getByRole('button', { name: label, exact: true }).click(),
    ]);
    assert.equal(await dl.failure(), null, `${label}: the download failed`);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(await dl.path());
    return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
  }

  /** The exported SVG, drawn on its own in a blank document (no stylesheet of the page). */
  async function standalone(browser, markup) {
    const page = await browser.newPage();
    try {
      await page.setContent('<!doctype html><html><body></body></html>');
      return await page.evaluate((markup) => {
        const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
        const svg = document.importNode(doc.documentElement, true);
        document.body.append(svg);
        const box = svg.viewBox.baseVal;
        const inside = (b) => b.x >= box.x - 0.5 && b.y >= box.y - 0.5 && b.x + b.width <= box.x + box.width + 0.5 && b.y + b.height <= box.y + box.height + 0.5;
        const texts = [...svg.querySelectorAll('text')].filter((t) => t.getBBox().width > 0);
        const heads = {};
        for (const m of svg.querySelectorAll('marker')) heads[m.id] = getComputedStyle(m.querySelector('path')).fill;
        const arrows = [...svg.querySelectorAll('line[marker-end]')].map((l) => ({
          head: /url\(#([^)]+)\)/.exec(l.getAttribute('marker-end'))[1],
          stroke: getComputedStyle(l).stroke,
        }));
        return {
          fontFamily: svg.getAttribute('font-family'),
          textFont: texts.length ? getComputedStyle(texts[0]).fontFamily : '',
          outside: texts.filter((t) => !inside(t.getBBox())).map((t) => t.textContent),
          texts: texts.map((t) => t.textContent),
          width: Number(svg.getAttribute('width')),
          height: Number(svg.getAttribute('height')),
          heads,
          arrows,
        };
      }, markup);
    } finally {
      await page.close();
    }
  }

  test('file names carry the scenario; the SVG names its fonts, holds every label and colours each arrowhead like its marker', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-exports', async ({ page, problems }) => {
      await open(page, C21);
      await openMore(page);
      await control(page, 'Export…').click();
      await exportDialog(page).waitFor();
      const run = await download(page, 'Mermaid run (.mmd)');
      assert.equal(run.name, 'snapshot-lab-c21-run.mmd');
      const svg = await download(page, 'Space-time diagram (SVG)');
      assert.equal(svg.name, 'snapshot-lab-c21-space-time.svg');
      const drawn = await standalone(shared.browser, svg.text);
      assert.match(drawn.fontFamily, /^system-ui, .*, sans-serif$/, 'the file names a sans-serif stack');
      assert.doesNotMatch(drawn.textFont, /^(serif|"?Times)/i, `its text is not drawn in a serif font: ${drawn.textFont}`);
      assert.deepEqual(drawn.outside, [], 'every label inside the viewBox');
      const markers = drawn.arrows.filter((a) => a.head.startsWith('st-arrow-marker-'));
      assert.ok(markers.length > 0, 'markers drawn as arrows');
      for (const a of markers) {
        assert.equal(drawn.heads[a.head], a.stroke, `${a.head}: the arrowhead in the marker's colour`);
        assert.notEqual(a.stroke, 'rgb(107, 114, 128)', 'not grey');
      }
      const png = await download(page, 'Process diagram (PNG 2×)');
      assert.equal(png.name, 'snapshot-lab-c21-processes.png');

      // A lesson step's exports are named after it.
      await page.keyboard.press('Escape');
      await open(page, 'v1.lesson.fifo');
      await openMore(page);
      await control(page, 'Export…').click();
      await exportDialog(page).waitFor();
      assert.equal((await download(page, 'Mermaid marker rules (.mmd)')).name, 'snapshot-lab-lesson-fifo-marker-rules.mmd');

      // "cut S1" past the diagram's right edge: the export's viewBox grows to hold it.
      await page.keyboard.press('Escape');
      await open(page, LOST_MARKER);
      await openMore(page);
      await control(page, 'Export…').click();
      await exportDialog(page).waitFor();
      const lost = await download(page, 'Space-time diagram (SVG)');
      assert.equal(lost.name, 'snapshot-lab-fault-lost-marker-space-time.svg');
      const shown = await standalone(shared.browser, lost.text);
      assert.ok(shown.texts.includes('cut S1'), `the cut's label: ${shown.texts}`);
      assert.deepEqual(shown.outside, [], 'the cut label is not clipped');
      // The image is the on-screen size, grown only when the label reaches past the diagram's edge.
      const onScreen = await page.locator('figure.spacetime svg').boundingBox();
      const past = await page.evaluate(() => {
        const svg = document.querySelector('figure.spacetime svg');
        const label = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'cut S1');
        const box = label.getBBox();
        return box.x + box.width > svg.viewBox.baseVal.x + svg.viewBox.baseVal.width;
      });
      if (past) assert.ok(shown.width > Math.round(onScreen.width), `the image grows past the diagram (${shown.width} > ${onScreen.width})`);
      else assert.equal(shown.width, Math.round(onScreen.width), 'the label fits: the image keeps the on-screen width');
      assertNoPageErrors(problems);
    });
  });
});

describe('printing', () => {
  /** The number of pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
  const pages = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

  /** Under print media: visible boxes (sections, panes, fieldsets, panels) with nothing in them
   * but a heading, and visible headings with nothing after them. */
  async function emptyBoxes(page) {
    return page.evaluate(() => {
      const shown = (el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
      };
      const holds = (el) =>
        [...el.querySelectorAll('svg, img, canvas, input, select, td')].some(shown) ||
        [...el.childNodes].some(
          (n) => (n.nodeType === 3 && n.textContent.trim()) || (n.nodeType === 1 && !/^H[1-6]$/.test(n.tagName) && shown(n) && (n.innerText ?? n.textContent).trim()),
        );
      const out = [];
      for (const el of document.querySelectorAll('main section, .pane, fieldset, .snapshot, .guide, .exercise-list, figure')) {
        if (shown(el) && !holds(el)) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.getAttribute('aria-label') ?? ''}"`);
      }
      for (const h of document.querySelectorAll('h2, h3')) {
        if (!shown(h)) continue;
        const box = h.parentElement;
        const after = [...box.children].slice([...box.children].indexOf(h) + 1).some((n) => shown(n) && ((n.innerText ?? '').trim() || n.tagName.toLowerCase() === 'svg' || n.querySelector('svg')));
        if (!after) out.push(`heading "${h.innerText}" with nothing after it`);
      }
      return out;
    });
  }

  const STATES = [
    ['the lab', 'v1.AAPQD9AP0A8BAA', null],
    ['the lab with a snapshot done', C21, async (page) =>
      until(async () => /consistent/.test(await page.getByRole('region', { name: startsWith('Snapshot S1') }).innerText().catch(() => '')), 'S1 done')],
    ['a lesson step', 'v1.lesson.fifo', async (page) => page.getByRole('region', { name: 'Lesson', exact: true }).waitFor()],
    ['an exercise', 'v1.ex.predict.1.1', async (page) => exercise(page).waitFor()],
    ['an exercise checked', 'v1.ex.which-cut.1.1', async (page) => {
      await control(exercise(page), 'Check').click();
      await exercise(page).locator('.feedback').waitFor();
    }],
    ['the exercise index', 'v1.exercises', async (page) => page.getByRole('region', { name: 'Exercises' }).waitFor()],
  ];

  for (const [name, link, ready] of STATES) {
    test(`printing ${name} gives one page, with no empty box or heading`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, `course-print-${name.replaceAll(' ', '-')}`, async ({ page, problems }) => {
        visits += 1;
        await page.goto(`${shared.server.url}index.html?visit=${visits}#${link}`, { waitUntil: 'load' });
        await page.locator('main.panes, .exercise-list').first().waitFor({ timeout: APP_TIMEOUT_MS });
        if (ready) await ready(page);
        // After the full page has loaded: the fonts, every image and the page's own late work.
        await page.evaluate(() => document.fonts.ready);
        await page.waitForLoadState('networkidle');
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        assert.equal(pages(pdf), 1, `${name}: one page`);
        await page.emulateMedia({ media: 'print' });
        assert.deepEqual(await emptyBoxes(page), [], `${name}: nothing empty on paper`);
        assertNoPageErrors(problems);
      });
    });
  }
});

describe('snapshotLab.load() reads the text form', () => {
  const TEXT = 'process P1 700 "Oslo"\nprocess P2 300 "Lima"\nchannels complete\n\nsend P1 P2 40\nsnapshot P2\n';

  test('a scenario text loads (the log shows it); a malformed one is refused with line and column, like Open file…', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'course-api-text', async ({ page, problems }) => {
      await open(page, C21);
      const before = await page.evaluate(() => window.snapshotLab.link());
      // A text: the promise settles once the run is in the page.
      const loaded = await page.evaluate(async (text) => {
        await window.snapshotLab.load(text);
        return { link: window.snapshotLab.link(), log: window.snapshotLab.log() };
      }, TEXT);
      assert.notEqual(loaded.link, before);
      assert.ok(loaded.log.length >= 2, `the send and the snapshot are in the log: ${JSON.stringify(loaded.log)}`);
      await until(async () => fragment(page).split('&')[0] === loaded.link, 'the page shows the loaded run');
      await until(async () => /\(\d+ events?\)/.test(await page.locator('table.event-log caption').innerText()), 'the log');
      const rows = await page.locator('table.event-log tbody tr').allInnerTexts();
      assert.ok(rows.some((r) => /P1/.test(r) && /sends m1/.test(r)), `the event log shows P1's send: ${rows.join(' | ')}`);
      assert.match(await processButton(page, 1).getAttribute('aria-label'), /Oslo/);

      // A malformed text: Open file…'s error, with the line and column, and nothing changes.
      const refused = await page.evaluate(async () => {
        try {
          await window.snapshotLab.load('process P1 700\nprocess P2 zz\n');
          return 'accepted';
        } catch (e) {
          return e instanceof Error ? e.message : `not an Error: ${e}`;
        }
      });
      assert.match(refused, /^Could not open the text, line 2, column \d+: .+\. The current run is unchanged\.$/);
      assert.equal(await page.evaluate(() => window.snapshotLab.link()), loaded.link, 'the run stays');
      // Open file… says the same about the same text.
      await openMore(page);
      const chooser = page.waitForEvent('filechooser');
      await control(page, 'Open file…').click();
      await (await chooser).setFiles({ name: 'the text', mimeType: 'text/plain', buffer: Buffer.from('process P1 700\nprocess P2 zz\n') });
      const alert = page.getByRole('alert').filter({ hasText: 'Could not open' });
      await alert.waitFor();
      assert.equal((await alert.locator('p').innerText()).trim(), refused);
      // A link still loads at once (and its promise is resolved).
      const again = await page.evaluate(async (link) => {
        const promise = window.snapshotLab.load(link);
        const now = window.snapshotLab.link();
        await promise;
        return now;
      }, before);
      assert.equal(again, before);
      assertNoPageErrors(problems);
    });
  });
});

describe('the scripting API in Korean', () => {
  test("the API's errors are said in the page's language", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { ...DESKTOP, locale: 'ko-KR' }, 'course-api-ko', async ({ page, problems }) => {
      visits += 1;
      await page.goto(`${shared.server.url}index.html?visit=${visits}#${C21}`, { waitUntil: 'load' });
      await page.locator('main.panes').waitFor({ timeout: APP_TIMEOUT_MS });
      await until(async () => (await page.locator('html').getAttribute('lang')) === 'ko', 'the page in Korean');
      const said = await page.evaluate(async () => {
        const out = [];
        for (const bad of [
          () => window.snapshotLab.act({ type: 'fly' }),
          () => window.snapshotLab.act({ type: 'send', from: 0, to: 1 }),
          () => window.snapshotLab.act({ type: 'deliver', message: { type: 'app', number: 9 } }),
          () => window.snapshotLab.load('v1.@@@'),
          () => window.snapshotLab.load('process P1 7\nprocess P2 zz\n'),
        ]) {
          try {
            await bad();
            out.push('accepted');
          } catch (e) {
            out.push(e instanceof Error ? e.message : `not an Error: ${e}`);
          }
        }
        return out;
      });
      assert.equal(said.length, 5);
      for (const text of said) assert.match(text, /[\uac00-\ud7a3]/, `said in Korean: ${said.join(' | ')}`);
      assert.match(said[0], /"fly"/, 'with what the script gave');
      assert.match(said[1], /"amount"/);
      assert.match(said[4], /2/, 'the line');
      assertNoPageErrors(problems);
    });
  });
});

describe('deployed under a subfolder', () => {
  test('dist/ served from /course/lab/ loads styled, runs a snapshot to its verdict, and fetches nothing from the site root', { timeout: TEST_TIMEOUT }, async () => {
    const site = mkdtempSync(path.join(tmpdir(), 'snapshot-lab-site-'));
    mkdirSync(path.join(site, 'course'));
    // The course site's own home page, and the lab in a folder of it.
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Course</title><a href="course/lab/">Snapshot Lab</a>');
    symlinkSync(DIST, path.join(site, 'course', 'lab'), 'dir');
    const host = await startServer(site);
    try {
      await withPage(shared.browser, DESKTOP, 'course-subfolder', async ({ page, problems }) => {
        await open(page, C21, `${host.url}course/lab/`);
        // The stylesheet applies (the page's own colours), and every request stayed in the folder.
        const background = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
        assert.ok(background.length > 0, 'the stylesheet is applied');
        await until(
          async () => /consistent/.test(await page.getByRole('region', { name: startsWith('Snapshot S1') }).innerText().catch(() => '')),
          'S1 reaches its verdict',
        );
        const outside = host.requests.filter((r) => !r.startsWith('GET /course/lab/'));
        assert.deepEqual(outside, [], 'nothing is fetched from outside /course/lab/');
        assertNoPageErrors(problems);
      });
    } finally {
      await host.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
