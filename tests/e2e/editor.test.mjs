// The scenario editor (issue 23): a teacher builds a scenario in the page, runs it and shares
// its link. By accessible names (../shared/contract.md's style), by pointer and by keyboard:
//
// 1. From two processes, a ring P1 → P2 → P3 → P4 → P1 built by pointer (double-click empty
//    space adds a process there, a drag from one process onto another adds a channel, a drag
//    onto empty space moves one), then the same ring by keyboard alone (Add process, the
//    channel form, Delete/arrow keys on a process, labels and balances typed in place). Each
//    time: Done editing, a snapshot at P1 run to completion, then a reload from the link gives
//    the same diagram (processes, places, channels) and the same event log.
// 2. Copy exercise link and Copy embed link: the links open "Count the markers" on the edited
//    topology (graded right with its channel count) and an embed of it.
// 3. A hostile label stays text: shown literally, never run.
// 4. A process no channel reaches: the editor says why the run cannot start ("P1 cannot reach
//    P3"), and Done editing says it again and stays in edit mode; a real touch drag adds the
//    missing channels; Cancel keeps the scenario as it was.
// 5. A process's label and initial state edited in place, over the diagram: by a click, by
//    Enter and F2 on a focused process, and by a real tap on a phone; refusals (not a number,
//    negative, too long) say what and where beside their field and keep what was typed; Escape
//    leaves without a change; the fields and buttons are at least 44 px tall on a phone.
// 6. A draft survives a reload (the link says `&edit`, the draft is kept in storage), and a
//    damaged kept draft is named in a notice while editing starts again from the scenario.
// 7. (In 2.) The exercise made from an edited scenario has progress of its own: solving it does
//    not mark the built-in "Count the markers" level 1 solved in the exercise index.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  fragment,
  processButton,
  saveScreenshot,
  openMore,
  settle,
  sharedSession,
  showPanel,
  startsWith,
  until,
  withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 120_000;
// `snapshot-lab link` of: process P1 1000, process P2 1000, channels both ways, seed 1.
const TWO = 'v1.AALQD9APAQA';

const shared = sharedSession();
const editorSvg = (page) => page.locator('svg.topology.editing');
const runSvg = (page) => page.locator('svg.topology:not(.editing)');
const status = (page) => page.locator('.editor-check');

async function open(page, link = TWO) {
  await page.goto(`${shared.server.url}index.html#${link}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
}

/** The page point (CSS px) of a point of the editor diagram's view box. */
async function toPage(page, x, y) {
  await editorSvg(page).scrollIntoViewIfNeeded();
  return editorSvg(page).evaluate(
    (svg, [x, y]) => {
      const [, , vw, vh] = svg.getAttribute('viewBox').split(' ').map(Number);
      const r = svg.getBoundingClientRect();
      const s = Math.min(r.width / vw, r.height / vh);
      return { x: r.left + (r.width - vw * s) / 2 + x * s, y: r.top + (r.height - vh * s) / 2 + y * s };
    },
    [x, y],
  );
}

/** The centre of process `n`'s circle on the page. */
async function centre(page, n) {
  await editorSvg(page).scrollIntoViewIfNeeded();
  const box = await processButton(page, n).locator('circle').boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A pointer drag from `a` to `b` (page points), in steps, as a hand does. */
async function drag(page, a, b) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / 8, a.y + ((b.y - a.y) * i) / 8);
  await page.mouse.up();
}

/** The channels the editor lists, as `P1 to P2` pairs. */
async function editorChannels(page) {
  const names = await page.locator('.editor-channels button').evaluateAll((bs) => bs.map((b) => b.textContent.trim()));
  return names.map((n) => n.replace(/^Channel (P\d+) to (P\d+): remove$/, '$1 to $2')).sort();
}

const RING = ['P1 to P2', 'P2 to P3', 'P3 to P4', 'P4 to P1'];

/** Whether two boxes overlap. */
const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What the run's diagram shows: each process's name and place, and the channels' names. */
async function diagram(page) {
  const svg = runSvg(page);
  const processes = await svg.locator('[role=button].process').evaluateAll((gs) =>
    gs.map((g) => `${g.getAttribute('aria-label').split(',')[0]} @ ${g.getAttribute('transform')}`),
  );
  const channels = await svg.locator('[role=group].channel').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label').split(',')[0]));
  return { processes, channels };
}

async function eventRows(page) {
  await showPanel(page, 'Event log');
  const table = page.getByRole('table', { name: startsWith('Event log') });
  return table.locator('tbody tr').allInnerTexts();
}

/** Starts a snapshot at P1 (its `S` key) and steps until S1 is complete and judged. */
async function runSnapshot(page) {
  await processButton(page, 1).focus();
  await page.keyboard.press('s');
  const region = page.getByRole('region', { name: startsWith('Snapshot S1') });
  await region.waitFor();
  for (let i = 0; i < 20 && !/\bconsistent\b/.test(await region.innerText()); i++) {
    await control(page, 'Step').click();
  }
  assert.match(await region.innerText(), /\bconsistent\b/, 'S1 completes and is judged consistent');
}

/** Runs a snapshot, reloads from the link, and checks the diagram and log are the same. */
async function runAndReload(page) {
  await runSnapshot(page);
  const before = { diagram: await diagram(page), log: await eventRows(page) };
  assert.deepEqual(before.diagram.channels, RING.map((c) => `Channel ${c}`));
  assert.ok(before.log.length >= 5, `a snapshot's events are logged (${before.log.length})`);
  await settle(page);
  const link = fragment(page);
  await page.goto('about:blank');
  await open(page, link);
  await until(async () => (await eventRows(page)).length === before.log.length, 'the reloaded log');
  assert.deepEqual(await diagram(page), before.diagram, 'the same diagram after a reload from the link');
  assert.deepEqual(await eventRows(page), before.log, 'the same event log after a reload from the link');
  return link;
}

describe('the scenario editor', () => {
  test('a 4-process ring built by pointer runs a snapshot and reloads from its link', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-pointer', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await editorSvg(page).waitFor();
      // Double-click on empty space: P3 low in the middle of the strip, then P4 low in the now
      // taller diagram.
      await page.mouse.dblclick(...Object.values(await toPage(page, 500, 300)));
      await processButton(page, 3).waitFor();
      await page.mouse.dblclick(...Object.values(await toPage(page, 500, 650)));
      await processButton(page, 4).waitFor();
      // One direction per drag; P2 → P1 goes.
      await page.getByRole('checkbox', { name: 'Both directions' }).uncheck();
      await control(page, 'Channel P2 to P1: remove').click();
      for (const [a, b] of [[2, 3], [3, 4], [4, 1]]) {
        await drag(page, await centre(page, a), await centre(page, b));
      }
      await until(async () => JSON.stringify(await editorChannels(page)) === JSON.stringify(RING), 'the ring', {
        describe: () => editorChannels(page),
      });
      // A drag onto empty space moves a process, which stays there.
      const was = await processButton(page, 4).getAttribute('transform');
      await drag(page, await centre(page, 4), await toPage(page, 800, 650));
      const near = (t) => {
        const [x, y] = /translate\((\d+),(\d+)\)/.exec(t).slice(1).map(Number);
        return Math.abs(x - 800) <= 3 && Math.abs(y - 650) <= 3;
      };
      const moved = await until(async () => {
        const t = await processButton(page, 4).getAttribute('transform');
        return near(t) && t;
      }, 'P4 moved to (800, 650)', { describe: () => processButton(page, 4).getAttribute('transform') });
      assert.ok(!near(was), was);
      assert.equal(await status(page).innerText(), 'Ready: the run can start.');
      await saveScreenshot(page, 'editor-desktop');
      await control(page, 'Done editing').click();
      await runSvg(page).waitFor();
      assert.equal(await processButton(page, 4).getAttribute('transform'), moved, 'the run draws P4 where it was put');
      await runAndReload(page);
      assert.equal(await processButton(page, 4).getAttribute('transform'), moved);
      assertNoPageErrors(problems);
    });
  });

  test('the same ring by keyboard alone, with labels and balances typed in place', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-keyboard', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').focus();
      await page.keyboard.press('Enter');
      await editorSvg(page).waitFor();
      const add = control(page, 'Add process');
      await add.focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await processButton(page, 4).waitFor();
      await page.getByRole('textbox', { name: 'Label of P1' }).focus();
      await page.keyboard.type('Alice');
      await page.keyboard.press('Tab');
      const balance = page.getByRole('spinbutton', { name: 'Balance of P2' });
      await balance.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2500');
      await page.keyboard.press('Tab');
      await control(page, 'Channel P2 to P1: remove').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('checkbox', { name: 'Both directions' }).focus();
      await page.keyboard.press('Space');
      for (const [a, b] of [[2, 3], [3, 4], [4, 1]]) {
        await page.getByRole('combobox', { name: 'Channel from' }).selectOption(`${a - 1}`);
        await page.getByRole('combobox', { name: 'Channel to' }).selectOption(`${b - 1}`);
        await control(page, 'Add channel').focus();
        await page.keyboard.press('Enter');
      }
      await until(async () => JSON.stringify(await editorChannels(page)) === JSON.stringify(RING), 'the ring', {
        describe: () => editorChannels(page),
      });
      // Arrow keys move a focused process.
      const p3 = processButton(page, 3);
      const was = await p3.getAttribute('transform');
      await p3.focus();
      await page.keyboard.press('ArrowDown');
      await until(async () => (await p3.getAttribute('transform')) !== was, 'P3 moved down');
      assert.match(await processButton(page, 1).getAttribute('aria-label'), /^Process P1 \(Alice\), balance 1000$/);
      assert.match(await processButton(page, 2).getAttribute('aria-label'), /^Process P2, balance 2500$/);
      await control(page, 'Done editing').focus();
      await page.keyboard.press('Enter');
      await runSvg(page).waitFor();
      const link = await runAndReload(page);
      assert.match(await processButton(page, 1).getAttribute('aria-label'), /^Process P1 \(Alice\)/);
      assert.match(await processButton(page, 2).getAttribute('aria-label'), /^Process P2, balance \d+/);
      assert.ok(link.startsWith('v1.'), link);
      assertNoPageErrors(problems);
    });
  });

  test('Copy exercise link and Copy embed link share the scenario being edited', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-share', async ({ page, context, problems }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shared.server.url.replace(/\/$/, '') });
      await open(page);
      await control(page, 'Edit scenario').click();
      await control(page, 'Add process').click();
      // P3 ⇄ P1: both directions (the checkbox's first state), so four channels in all.
      await page.getByRole('combobox', { name: 'Channel from' }).selectOption('2');
      await page.getByRole('combobox', { name: 'Channel to' }).selectOption('0');
      await control(page, 'Add channel').click();
      await until(async () => (await editorChannels(page)).length === 4, 'four channels');
      // The toolbar's Copy link, while editing, shares the run, not the editor.
      await settle(page);
      assert.match(fragment(page), /&edit$/);
      await openMore(page);
      await control(page, 'Copy link').click();
      await page.getByRole('status').filter({ hasText: 'Link copied' }).first().waitFor();
      const runLink = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(runLink, /#v1\.[A-Za-z0-9_-]+$/, `the copied link ${runLink}`);
      await control(page, 'Copy exercise link').click();
      await page.getByRole('status').filter({ hasText: 'Exercise link copied' }).first().waitFor();
      const exerciseLink = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(exerciseLink, /#v1\.ex\.count\.1\.1\.[A-Za-z0-9_-]+$/);
      await control(page, 'Copy embed link').click();
      await page.getByRole('status').filter({ hasText: 'Embed link copied' }).first().waitFor();
      const embedLink = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(embedLink, /#v1\.[A-Za-z0-9_-]+&embed$/);
      // The exercise asks about this topology: one snapshot sends 4 markers, one per channel.
      await page.goto(exerciseLink, { waitUntil: 'load' });
      const exercise = page.getByRole('region', { name: 'Exercise', exact: true });
      await exercise.getByRole('spinbutton', { name: 'Number of markers' }).fill('4');
      await control(exercise, 'Check').click();
      await exercise.getByText('Right!').waitFor();
      assert.equal(await processButton(page, 3).count(), 1);
      // Its progress is its own: the index does not count it as the built-in level 1.
      await page.goto('about:blank');
      await page.goto(`${shared.server.url}index.html#v1.exercises`, { waitUntil: 'load' });
      const index = page.getByRole('region', { name: 'Exercises', exact: true });
      await index.waitFor({ timeout: APP_TIMEOUT_MS });
      const level1 = index.getByRole('link', { name: startsWith('Count the markers, level 1') });
      assert.equal(await level1.getAttribute('aria-label'), 'Count the markers, level 1: not started');
      assert.match(await index.innerText(), /Solved so far: 0 of \d+\./);
      assert.match(await index.innerText(), /Exercises on teachers' own scenarios: 1 opened, 1 solved \(not counted above\)\./);
      const kept = await page.evaluate(() => localStorage.getItem('snapshot-lab.progress.v1'));
      assert.match(kept, /^p1;count\.1@[0-9a-f]{8}=1\/1\/1$/);
      // The embed shows the same three processes.
      await page.goto(embedLink, { waitUntil: 'load' });
      await processButton(page, 3).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await page.locator('[role=group].channel').count(), 4);
      assertNoPageErrors(problems);
    });
  });

  test('a hostile label stays text', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-hostile', async ({ page, problems }) => {
      const label = '<img src=x onerror="window.__pwned=1">';
      await open(page);
      const images = await page.locator('img').count();
      await control(page, 'Edit scenario').click();
      await page.getByRole('textbox', { name: 'Label of P1' }).fill(label);
      await page.getByRole('textbox', { name: 'Label of P1' }).press('Tab');
      await until(async () => (await processButton(page, 1).getAttribute('aria-label')).includes(label), 'the label in the name');
      await control(page, 'Done editing').click();
      await runSvg(page).waitFor();
      assert.equal(await processButton(page, 1).getAttribute('aria-label'), `Process P1 (${label}), balance 1000`);
      const drawn = await runSvg(page).locator('.process-label').textContent();
      assert.ok(drawn.replace(/\s+/g, '').includes(label.replace(/\s+/g, '')), drawn);
      assert.equal(await page.locator('img').count(), images, 'no image element was made from the label');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assertNoPageErrors(problems);
    });
  });

  test('a process no channel reaches: the editor says why the run cannot start', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'editor-unreachable', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await control(page, 'Add process').click();
      await until(async () => /P1 cannot reach P3/.test(await status(page).innerText()), 'why it cannot run');
      assert.match(await status(page).innerText(), /^The run cannot start yet: P1 cannot reach P3/);
      // The editor fits a phone: nothing sticks out of the page sideways.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
      await saveScreenshot(page, 'editor-phone');
      await control(page, 'Done editing').click();
      const alert = page.locator('.editor-refusal');
      await until(async () => /P1 cannot reach P3/.test(await alert.innerText()), 'Done says why');
      assert.equal(await alert.getAttribute('role'), 'alert');
      assert.equal(await editorSvg(page).count(), 1, 'still editing');
      // A real finger (touch input through CDP) drags P3 onto P1: a channel each way, and the
      // page does not scroll.
      const [from, to] = [await centre(page, 3), await centre(page, 1)];
      const still = await page.evaluate(() => scrollY);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
      for (let i = 1; i <= 10; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + ((to.x - from.x) * i) / 10, y: from.y + ((to.y - from.y) * i) / 10 }] });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach();
      await until(async () => (await editorChannels(page)).includes('P3 to P1'), 'a touch drag from P3 to P1', { describe: () => editorChannels(page) });
      assert.deepEqual(await editorChannels(page), ['P1 to P2', 'P1 to P3', 'P2 to P1', 'P3 to P1']);
      assert.equal(await status(page).innerText(), 'Ready: the run can start.');
      assert.equal(await page.evaluate(() => scrollY), still, 'a drag on a process does not scroll the page');
      // Cancel keeps the scenario as it was.
      await control(page, 'Cancel editing').click();
      await runSvg(page).waitFor();
      assert.equal(await processButton(page, 3).count(), 0);
      await settle(page);
      assert.equal(fragment(page), TWO);
      assertNoPageErrors(problems);
    });
  });

  test('a process is edited in place: click, Enter, F2; refusals keep the typed text', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-in-place', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await editorSvg(page).waitFor();
      // A click (no drag) on P2 opens its in-place form, the keyboard in its label.
      const p2 = await centre(page, 2);
      await page.mouse.click(p2.x, p2.y);
      const form = page.getByRole('group', { name: 'Edit P2 in place' });
      await form.waitFor();
      const label = form.getByRole('textbox', { name: 'Label of P2' });
      const balance = form.getByRole('textbox', { name: 'Initial balance of P2' });
      await until(() => label.evaluate((el) => el === document.activeElement), 'the label field has the keyboard');
      // Over the diagram, beside P2.
      const box = await form.boundingBox();
      const svgBox = await editorSvg(page).boundingBox();
      assert.ok(box.y > p2.y && box.y - p2.y < 100, `below P2: ${JSON.stringify({ box, p2 })}`);
      assert.ok(box.x >= svgBox.x - 1 && box.x + box.width <= svgBox.x + svgBox.width + 1, 'inside the diagram');
      assert.ok(box.x < p2.x && p2.x < box.x + box.width, `under P2, not beside it: ${JSON.stringify({ box, p2 })}`);
      assert.ok(!overlaps(box, await processButton(page, 2).locator('circle').boundingBox()), 'P2 stays in sight');
      await page.keyboard.type('Bob');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('12a');
      await page.keyboard.press('Enter');
      const alert = form.getByRole('alert');
      await until(async () => (await alert.count()) === 1, 'a refusal');
      assert.equal(await alert.innerText(), 'The initial state of P2 is not a whole number: "12a".');
      assert.equal(await balance.getAttribute('aria-invalid'), 'true');
      assert.equal(await balance.getAttribute('aria-describedby'), await alert.getAttribute('id'));
      assert.equal(await balance.inputValue(), '12a', 'what was typed stays');
      assert.equal(await label.inputValue(), 'Bob');
      assert.ok(await balance.evaluate((el) => el === document.activeElement), 'the keyboard goes to the field refused');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('-5');
      await page.keyboard.press('Enter');
      await until(async () => (await alert.innerText()) === 'The initial state of P2 cannot be negative: -5.', 'negative');
      await saveScreenshot(page, 'editor-in-place-refused');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2500');
      await page.keyboard.press('Enter');
      await form.waitFor({ state: 'detached' });
      assert.equal(await processButton(page, 2).getAttribute('aria-label'), 'Process P2 (Bob), balance 2500');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'editor-process-1', 'the keyboard is back on P2');
      // The form beside the diagram says the same.
      assert.equal(await page.getByRole('textbox', { name: 'Label of P2' }).inputValue(), 'Bob');
      assert.equal(await page.getByRole('spinbutton', { name: 'Balance of P2' }).inputValue(), '2500');
      // The form's field is checked the same way.
      await page.getByRole('spinbutton', { name: 'Balance of P2' }).fill('-3');
      await page.getByRole('spinbutton', { name: 'Balance of P2' }).press('Tab');
      await page.getByRole('status').filter({ hasText: 'The initial state of P2 cannot be negative: -3.' }).waitFor();
      assert.equal(await processButton(page, 2).getAttribute('aria-label'), 'Process P2 (Bob), balance 2500');

      // By keyboard: Enter on P1; a label too long is refused; Escape leaves it unchanged.
      await processButton(page, 1).focus();
      await page.keyboard.press('Enter');
      const form1 = page.getByRole('group', { name: 'Edit P1 in place' });
      await form1.waitFor();
      await page.keyboard.type('x'.repeat(49));
      await page.keyboard.press('Enter');
      await until(async () => (await form1.getByRole('alert').count()) === 1, 'too long');
      assert.equal(await form1.getByRole('alert').innerText(), 'The label of P1 is too long: 49 characters, at most 48.');
      assert.equal(await form1.getByRole('textbox', { name: 'Label of P1' }).inputValue(), 'x'.repeat(49));
      // Escape from the form's buttons too.
      await control(form1, 'Save').focus();
      await page.keyboard.press('Escape');
      await form1.waitFor({ state: 'detached' });
      assert.equal(await processButton(page, 1).getAttribute('aria-label'), 'Process P1, balance 1000');
      assert.equal(await editorSvg(page).count(), 1, 'Escape left the field, not the editor');
      // F2 on P1, a hostile label: it stays text.
      const images = await page.locator('img').count();
      const hostile = '<img src=x onerror="window.__pwned=1">';
      await page.keyboard.press('F2');
      await form1.waitFor();
      await page.keyboard.type(hostile);
      await control(form1, 'Save').click();
      await form1.waitFor({ state: 'detached' });
      assert.equal(await processButton(page, 1).getAttribute('aria-label'), `Process P1 (${hostile}), balance 1000`);
      assert.equal(await page.locator('img').count(), images);
      await control(page, 'Done editing').click();
      await runSvg(page).waitFor();
      assert.equal(await processButton(page, 2).getAttribute('aria-label'), 'Process P2 (Bob), balance 2500');
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assertNoPageErrors(problems);
    });
  });

  test('on a phone, a tap edits a process in place with targets of 44 px', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'editor-in-place-phone', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await editorSvg(page).waitFor();
      const p1 = await centre(page, 1);
      // A real tap (touch input through CDP): down and up where it went down.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [p1] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach();
      const form = page.getByRole('group', { name: 'Edit P1 in place' });
      await form.waitFor();
      const box = await form.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `on the screen: ${JSON.stringify(box)}`);
      assert.ok(!overlaps(box, await processButton(page, 1).locator('circle').boundingBox()), 'P1 stays in sight');
      // Every control of the editor is a 44 px target on a phone (a checkbox by its label).
      const small = await page.evaluate(() =>
        [...document.querySelectorAll('.scenario-editor button, .scenario-editor input, .scenario-editor select')]
          .map((el) => [el, (el.type === 'checkbox' ? el.closest('label') : el).getBoundingClientRect()])
          .filter(([, r]) => r.height < 44 || r.width < 44)
          .map(([el, r]) => `${el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? el.textContent}: ${r.width}x${r.height}`),
      );
      assert.deepEqual(small, [], 'targets under 44 px');
      for (const target of [
        form.getByRole('textbox', { name: 'Label of P1' }),
        form.getByRole('textbox', { name: 'Initial balance of P1' }),
        control(form, 'Save'),
        control(form, 'Cancel'),
      ]) {
        const b = await target.boundingBox();
        assert.ok(b.height >= 44 && b.width >= 44, `a 44 px target: ${JSON.stringify(b)}`);
      }
      assert.equal(await form.getByRole('textbox', { name: 'Initial balance of P1' }).getAttribute('inputmode'), 'numeric');
      await form.getByRole('textbox', { name: 'Label of P1' }).fill('Alice');
      await form.getByRole('textbox', { name: 'Initial balance of P1' }).fill('');
      await control(form, 'Save').tap();
      await until(async () => (await form.getByRole('alert').count()) === 1, 'an empty balance is refused');
      assert.equal(await form.getByRole('alert').innerText(), 'The initial state of P1 is empty: type a whole number.');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
      await saveScreenshot(page, 'editor-in-place-phone');
      await form.getByRole('textbox', { name: 'Initial balance of P1' }).fill('700');
      await control(form, 'Save').tap();
      await form.waitFor({ state: 'detached' });
      assert.equal(await processButton(page, 1).getAttribute('aria-label'), 'Process P1 (Alice), balance 700');
      assertNoPageErrors(problems);
    });
  });

  test('a draft survives a reload; a damaged kept draft is named', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'editor-reload', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await page.getByRole('combobox', { name: 'Initial state as' }).selectOption('tokens');
      await control(page, 'Add process').click();
      await processButton(page, 3).waitFor();
      await page.getByRole('textbox', { name: 'Label of P3' }).fill('Switch S1');
      await page.getByRole('textbox', { name: 'Label of P3' }).press('Tab');
      await page.getByRole('checkbox', { name: 'FIFO channels' }).uncheck();
      await processButton(page, 1).focus();
      await page.keyboard.press('ArrowDown');
      const draft = async () => ({
        processes: await editorSvg(page).locator('[role=button].process').evaluateAll((gs) =>
          gs.map((g) => `${g.getAttribute('aria-label')} @ ${g.getAttribute('transform')}`),
        ),
        channels: await editorChannels(page),
        fifo: await page.getByRole('checkbox', { name: 'FIFO channels' }).isChecked(),
        status: await status(page).innerText(),
      });
      await until(async () => (await draft()).processes[2].startsWith('Process P3 (Switch S1), 10 tokens'), 'the draft', {
        describe: draft,
      });
      const before = await draft();
      assert.equal(before.fifo, false);
      await settle(page);
      assert.equal(fragment(page), `${TWO}&edit`, 'the link says the page is editing');
      await page.reload({ waitUntil: 'load' });
      await editorSvg(page).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.deepEqual(await draft(), before, 'the same draft after a reload');
      assert.equal(await page.getByRole('status').filter({ hasText: 'Your draft is back' }).count(), 1);
      // Done after the reload runs the draft.
      await control(page, 'Cancel editing').click();
      await runSvg(page).waitFor();
      await settle(page);
      assert.equal(fragment(page), TWO);
      assert.equal(await page.evaluate(() => localStorage.getItem('snapshot-lab.draft.v1')), null, 'no draft kept once done');

      // A damaged kept draft: a clear message, and the editor starts again from the scenario.
      await page.evaluate(() => localStorage.setItem('snapshot-lab.draft.v1', '{"base":"v1.AALQD9APAQA","draft":{"processes":'));
      await page.goto('about:blank');
      await open(page, `${TWO}&edit`);
      await editorSvg(page).waitFor();
      const notice = page.getByRole('alert').filter({ hasText: 'The kept draft could not be read' });
      await notice.waitFor();
      assert.match(await notice.innerText(), /\(line 1 is not its "draft" line\): editing starts again from the scenario\./);
      assert.equal(await editorSvg(page).locator('[role=button].process').count(), 2);
      assert.deepEqual(await editorChannels(page), ['P1 to P2', 'P2 to P1']);
      assert.equal(
        await page.evaluate(() => localStorage.getItem('snapshot-lab.draft.v1.unreadable')),
        '{"base":"v1.AALQD9APAQA","draft":{"processes":',
        'the damaged draft is set aside',
      );
      assertNoPageErrors(problems);
    });
  });
});
