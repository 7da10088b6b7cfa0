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
});
