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
      await until(async () => /Solved so far: 0 of 18/.test(await list.innerText()), 'nothing counted as solved');
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
