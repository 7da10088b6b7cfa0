// Snapshot Lab driven the way a person drives it: the mouse, a finger, the keyboard, links and
// the browser's storage. Everything is found by accessible role and name (contract.md section
// 3), never by CSS selector; geometry (where to put the pointer) comes from the element found.
//
// Needs a built dist/ (trunk build --release --offline) and /usr/bin/chromium.
// Screenshots: target/screenshots/lab-desktop-run.png (mid-snapshot, 1280 px) and
// lab-phone.png (360 px, touch); <test>-FAILED.png when a test fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  accessibleName,
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  launchBrowser,
  openPage,
  processButton,
  ROOT,
  saveScreenshot,
  startServer,
  startsWith,
  trackProblems,
  until,
  withPage,
  settle,
  openMore,
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

// ---------------------------------------------------------------------------------------------
// Finding things by role and name

const channelGroup = (page, from, to) => page.getByRole('group', { name: startsWith(`Channel P${from} to P${to}`) });
/** `Message m1 from P1 to P2` or `Marker S1 from P1 to P2`, inside its channel's group. */
const inFlight = (page, name) => {
  const [, from, to] = /from P(\d+) to P(\d+)/.exec(name);
  return channelGroup(page, from, to).getByRole('button', { name: startsWith(name) });
};
const eventLog = (page) => page.getByRole('table', { name: startsWith('Event log') });
/** The event log's body rows (the header row has no cells). */
const eventRows = (page) => eventLog(page).getByRole('row').filter({ has: page.getByRole('cell') });
const snapshotRegion = (page, id) => page.getByRole('region', { name: startsWith(`Snapshot S${id}`) });
const allSnapshotRegions = (page) => page.getByRole('region', { name: /^\s*Snapshot S\d+(?!\d)/ });
const timeline = (page) => page.getByRole('slider', { name: 'Timeline' });
const diagram = (page) => page.getByRole('img', { name: 'Processes and channels' });
const narration = (page) => page.getByRole('status');

// ---------------------------------------------------------------------------------------------
// Small steps

async function openLab(page, url = `${server.url}index.html`) {
  await page.goto(url, { waitUntil: 'load' });
  for (const n of [1, 2, 3]) {
    await processButton(page, n).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  }
}

async function rowCount(page) {
  return eventRows(page).count();
}

async function waitForRows(page, count, what = `${count} event log rows`) {
  await until(async () => (await rowCount(page)) === count, what, {
    describe: async () => `${await rowCount(page)} rows`,
  });
}

/** The number after `balance` in a process's accessible name. */
async function balance(page, n) {
  const name = await accessibleName(processButton(page, n));
  const match = /balance (-?\d+)/.exec(name ?? '');
  assert.ok(match, `Process P${n}'s accessible name has no balance: ${JSON.stringify(name)}`);
  return Number(match[1]);
}

async function waitForBalance(page, n, expected) {
  await until(async () => (await balance(page, n)) === expected, `P${n}'s balance to be ${expected}`, {
    describe: async () => accessibleName(processButton(page, n)),
  });
}

/**
 * Where an SVG element of the diagram is drawn, in viewport coordinates: the origin of its own
 * coordinate system (processes and messages are drawn centred on it).
 */
async function centre(locator) {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((el) => {
    const m = el.getScreenCTM();
    return { x: m.e, y: m.f };
  });
}

/** Press, move in several steps, release: a mouse drag from one element onto another. */
async function mouseDrag(page, from, to, steps = 8) {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
  }
  await page.mouse.up();
}

/** Drag-send from process `from` to process `to` with the mouse; waits for the message to appear. */
async function dragSend(page, from, to, messageNumber) {
  await mouseDrag(page, processButton(page, from), processButton(page, to));
  await inFlight(page, `Message m${messageNumber} from P${from} to P${to}`).waitFor({ state: 'visible', timeout: 5_000 });
}

async function isFocused(locator) {
  if ((await locator.count()) !== 1) return false;
  return locator.evaluate((el) => el === document.activeElement);
}

async function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(nothing)';
    return el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? el.tagName;
  });
}

/** Press Tab (or Shift+Tab) until `target` has the focus; fail after `max` presses. */
async function tabTo(page, target, what, { backwards = false, max = 60 } = {}) {
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) return i;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${what} never got the focus after ${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'}; ` +
    `the focus is on ${await focusedName(page)}`);
}

/** The text of one snapshot region, whitespace squeezed. */
async function regionText(page, id) {
  return (await snapshotRegion(page, id).innerText()).replace(/\s+/g, ' ').trim();
}

/** Wait until a snapshot region's verdict is given (consistent or inconsistent). */
async function waitForVerdict(page, id, timeout = 10_000) {
  await until(async () => /\bconsistent\b/i.test(await regionText(page, id)), `Snapshot S${id} to give a verdict`, {
    timeout,
    describe: () => regionText(page, id),
  });
  return regionText(page, id);
}

function assertConsistent(text, id) {
  assert.match(text, /\bconsistent\b/, `Snapshot S${id} should say consistent: ${text}`);
  assert.doesNotMatch(text, /inconsistent/i, `Snapshot S${id} should not say inconsistent: ${text}`);
}

/** The cells of every event log row, as arrays of strings. */
async function eventTable(page) {
  return eventRows(page).evaluateAll((rows) =>
    rows.map((row) => [...row.cells].map((cell) => cell.innerText.replace(/\s+/g, ' ').trim())),
  );
}

/** A second page in its own browser context; its problems are checked with the first's. */
async function openSecondSession(viewport) {
  return openPage(browser, viewport);
}

// ---------------------------------------------------------------------------------------------

describe('sending and delivering with the mouse', () => {
  test('1. dragging P1 onto P2 sends m1 on the channel P1 to P2 and takes the amount from P1', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-drag-send', async ({ page, problems }) => {
      await openLab(page);
      assert.equal(await rowCount(page), 0, 'a fresh lab has an empty event log');
      const p1Before = await balance(page, 1);
      const p2Before = await balance(page, 2);

      await mouseDrag(page, processButton(page, 1), processButton(page, 2), 10);

      const m1 = inFlight(page, 'Message m1 from P1 to P2');
      await m1.waitFor({ state: 'visible', timeout: 5_000 });
      const m1Name = await accessibleName(m1);
      const amount = Number(/amount (\d+)/.exec(m1Name)?.[1]);
      assert.ok(amount > 0, `the message's name should give its amount: ${m1Name}`);
      assert.match(m1Name, /at the head/, 'the only message on a channel is at its head');
      assert.match(await accessibleName(channelGroup(page, 1, 2)), /1 in flight/);
      await waitForBalance(page, 1, p1Before - amount);
      assert.equal(await balance(page, 2), p2Before, 'P2 has not received anything yet');
      // Nothing went to the other channels.
      assert.equal(await channelGroup(page, 2, 1).getByRole('button').count(), 0);
      assert.equal(await channelGroup(page, 1, 3).getByRole('button').count(), 0);

      await waitForRows(page, 1);
      const [row] = await eventTable(page);
      assert.ok(row.includes('P1'), `the event is P1's: ${row}`);
      assert.match(row.join(' | '), new RegExp(`P1 sends m1 \\(${amount}\\) to P2`));
      assertNoPageErrors(problems);
    });
  });

  test('2. clicking the head message, and dragging a message onto its receiver, delivers it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-deliver', async ({ page, problems }) => {
      await openLab(page);
      await dragSend(page, 1, 2, 1); // m1: the default amount
      const amount = page.getByRole('spinbutton', { name: 'Amount' });
      await amount.fill('250');
      await dragSend(page, 1, 3, 2); // m2: 250
      assert.match(await accessibleName(inFlight(page, 'Message m2 from P1 to P3')), /amount 250\b/);
      await waitForRows(page, 2);
      const m1Amount = Number(/amount (\d+)/.exec(await accessibleName(inFlight(page, 'Message m1 from P1 to P2')))[1]);
      const p2Before = await balance(page, 2);
      const p3Before = await balance(page, 3);

      // Click-to-deliver: m1 is the head of P1 to P2.
      await inFlight(page, 'Message m1 from P1 to P2').click();
      await until(async () => (await inFlight(page, 'Message m1 from P1 to P2').count()) === 0, 'm1 to leave its channel');
      await waitForBalance(page, 2, p2Before + m1Amount);
      await waitForRows(page, 3);
      let rows = await eventTable(page);
      assert.ok(rows[2].includes('P2'), `the receive is P2's event: ${rows[2]}`);
      assert.match(rows[2].join(' | '), new RegExp(`P2 receives m1 \\(${m1Amount}\\) from P1`));
      assert.match(await accessibleName(channelGroup(page, 1, 2)), /empty/);

      // Drag-to-deliver: m2 dropped onto its receiver P3.
      await mouseDrag(page, inFlight(page, 'Message m2 from P1 to P3'), processButton(page, 3), 10);
      await until(async () => (await inFlight(page, 'Message m2 from P1 to P3').count()) === 0, 'm2 to leave its channel');
      await waitForBalance(page, 3, p3Before + 250);
      await waitForRows(page, 4);
      rows = await eventTable(page);
      assert.match(rows[3].join(' | '), /P3 receives m2 \(250\) from P1/);
      assert.equal(await balance(page, 1), 1000 - m1Amount - 250, 'P1 paid for both messages');
      assertNoPageErrors(problems);
    });
  });

  test('3. a message behind the head of a FIFO channel is refused, and the alert names the head', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-fifo', async ({ page, problems }) => {
      await openLab(page);
      await dragSend(page, 1, 2, 1);
      await dragSend(page, 1, 2, 2);
      await waitForRows(page, 2);
      const m1 = inFlight(page, 'Message m1 from P1 to P2');
      const m2 = inFlight(page, 'Message m2 from P1 to P2');
      assert.match(await accessibleName(m1), /at the head/);
      assert.match(await accessibleName(m2), /position 2 of 2/);
      const p2Before = await balance(page, 2);
      const tableBefore = await eventTable(page);

      // By pointer.
      await m2.click();
      const alert = page.getByRole('alert');
      await alert.first().waitFor({ state: 'visible', timeout: 5_000 });
      let text = (await alert.first().innerText()).trim();
      assert.match(text, /not at the head/i, `the alert says why: ${text}`);
      assert.match(text, /\bm1\b/, `the alert names the head, m1: ${text}`);
      assert.match(text, /\bm2\b/, `the alert names the refused message, m2: ${text}`);
      await settle(page); // anything the click set off has run
      assert.deepEqual(await eventTable(page), tableBefore, 'nothing was delivered');
      assert.equal(await balance(page, 2), p2Before);
      assert.equal(await m1.count(), 1, 'm1 is still in flight');
      assert.equal(await m2.count(), 1, 'm2 is still in flight');

      // By keyboard, after dismissing the first alert.
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await until(async () => (await alert.count()) === 0, 'the alert to go away after Dismiss');
      await m2.focus();
      await page.keyboard.press('Enter');
      await alert.first().waitFor({ state: 'visible', timeout: 5_000 });
      text = (await alert.first().innerText()).trim();
      assert.match(text, /not at the head/i, `Enter on m2: ${text}`);
      assert.deepEqual(await eventTable(page), tableBefore, 'Enter delivered nothing either');
      assert.equal(await m2.count(), 1);
      assertNoPageErrors(problems);
    });
  });
});

describe('snapshots', () => {
  test('4. the two-initiators preset: S1 and S2 both complete, consistent, with the recorded states the core gives', { timeout: TEST_TIMEOUT }, async () => {
    // From tests/data/preset-two-initiators.log, the core's replay of the preset: this test
    // checks that the data file still says so, then that the page shows the same.
    const log = readFileSync(path.join(ROOT, 'tests/data/preset-two-initiators.log'), 'utf8');
    const expected = parseSnapshotSummary(log);
    assert.deepEqual(Object.keys(expected), ['1', '2'], 'the log has S1 and S2');
    for (const id of [1, 2]) {
      assert.equal(Object.keys(expected[id].states).length, 3, `the log gives S${id}'s three process states`);
      assert.equal(Object.keys(expected[id].channels).length, 6, `the log gives S${id}'s six channel states`);
    }
    assert.equal(expected[1].channels['P3→P1'], '[m2]', 'the core records m2 in S1 on P3→P1');

    await withPage(browser, DESKTOP, 'lab-two-initiators', async ({ page, problems }) => {
      await openLab(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ label: 'Two initiators' });
      await waitForRows(page, 56, 'the 56 events of the preset');

      for (const id of [1, 2]) {
        const text = await waitForVerdict(page, id);
        assertConsistent(text, id);
        for (const [p, v] of Object.entries(expected[id].states)) {
          assert.ok(text.includes(`${p}: ${v} tokens`), `S${id} should record ${p}: ${v} tokens; it says: ${text}`);
        }
        for (const [c, v] of Object.entries(expected[id].channels)) {
          assert.ok(text.includes(`${c}: ${v}`), `S${id} should record ${c}: ${v}; it says: ${text}`);
        }
        assert.match(text, /add up to 300\b/, `S${id}: conservation of the 300 tokens`);
      }
      // The table is the core's event log, row for row (number, process, event, message, rule,
      // Lamport clock, vector clock).
      const rows = await eventTable(page);
      const coreRows = parseEventLines(log);
      assert.equal(coreRows.length, 56);
      assert.deepEqual(rows, coreRows, 'the Event log table equals the core\'s replay of the preset');

      // Back to just after both snapshots started (action 4), then Run to completion.
      const slider = timeline(page);
      await slider.focus();
      await page.keyboard.press('Home');
      await waitForRows(page, 0);
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await waitForRows(page, 12, 'the 12 events of the first four actions');
      for (const id of [1, 2]) assert.match(await regionText(page, id), /In progress/i, `S${id} is running again`);

      await openMore(page); // Run's speed is in the toolbar's More menu
      const speed = page.getByRole('slider', { name: 'Speed' });
      await speed.focus();
      await page.keyboard.press('End');
      await control(page, 'Run').click();
      const texts = {};
      for (const id of [1, 2]) texts[id] = await waitForVerdict(page, id, 20_000);
      await until(async () => (await page.getByRole('button', { name: /^Run/ }).getAttribute('aria-pressed')) === 'false',
        'Run to stop by itself once both snapshots are complete');

      // Whatever order the seeded run chose, both snapshots are consistent, conserve the 300
      // tokens, and each region shows exactly what the event log says was recorded.
      const after = await eventTable(page);
      for (const id of [1, 2]) {
        const text = await regionText(page, id);
        assertConsistent(text, id);
        assert.match(text, /add up to 300\b/);
        const states = after.map((r) => new RegExp(`^(P\\d) records its state for S${id}: (\\d+)$`).exec(r[2])).filter(Boolean);
        const channels = after.map((r) => new RegExp(`^P\\d records (P\\d→P\\d) for S${id} as (.*)$`).exec(r[2])).filter(Boolean);
        assert.equal(states.length, 3, `S${id}: every process recorded its state once`);
        assert.equal(channels.length, 6, `S${id}: every channel was recorded once`);
        for (const [, p, v] of states) assert.ok(text.includes(`${p}: ${v} tokens`), `S${id} region shows ${p}: ${v}: ${text}`);
        for (const [, c, v] of channels) assert.ok(text.includes(`${c}: ${v}`), `S${id} region shows ${c}: ${v}: ${text}`);
      }
      assertNoPageErrors(problems);
    });
  });

  test('8a. keyboard only: select, send, start a snapshot with S, deliver with Enter, step with N to completion', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-keyboard', async ({ page, problems }) => {
      await openLab(page);
      const p1 = processButton(page, 1);
      const p2 = processButton(page, 2);

      await tabTo(page, p1, 'Process P1');
      await page.keyboard.press('Enter');
      await until(async () => /selected/.test(await accessibleName(p1)), 'P1 to be selected by Enter');
      await tabTo(page, p2, 'Process P2', { max: 3 });
      await page.keyboard.press('Enter'); // sends from the selected P1 to P2
      await inFlight(page, 'Message m1 from P1 to P2').waitFor({ state: 'visible', timeout: 5_000 });
      await waitForBalance(page, 1, 900);

      await tabTo(page, p1, 'Process P1', { backwards: true, max: 5 });
      await page.keyboard.press('s');
      await snapshotRegion(page, 1).waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await regionText(page, 1), /In progress/i);
      assert.ok(await isFocused(p1), `the focus stays on P1 after S; it is on ${await focusedName(page)}`);

      // m1 is ahead of the marker on P1 to P2: deliver it with Enter.
      await tabTo(page, inFlight(page, 'Message m1 from P1 to P2'), 'message m1', { backwards: true, max: 8 });
      await page.keyboard.press('Enter');
      await waitForBalance(page, 2, 1100);

      // Step with N until the snapshot is complete.
      for (let i = 0; i < 12 && !/\bconsistent\b/.test(await regionText(page, 1)); i++) {
        const before = await rowCount(page);
        await page.keyboard.press('n');
        await until(async () => (await rowCount(page)) > before, `step ${i + 1} (N) to add events`, {
          describe: async () => `focus on ${await focusedName(page)}; narration: ${await narration(page).first().innerText()}`,
        });
      }
      const text = await waitForVerdict(page, 1, 2_000);
      assertConsistent(text, 1);
      for (const want of ['P1: balance 900', 'P2: balance 1100', 'P3: balance 1000', 'add up to 3000']) {
        assert.ok(text.includes(want), `S1 should show "${want}": ${text}`);
      }
      assert.doesNotMatch(text, /\[m1\]/, 'm1 was received before any recording: no channel holds it');
      assertNoPageErrors(problems);
    });
  });

  test('8b. ? opens the "Keyboard shortcuts" dialog and its Close button closes it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-help-close', async ({ page, problems }) => {
      await openLab(page);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor({ state: 'visible', timeout: 5_000 });
      const close = dialog.getByRole('button', { name: 'Close' });
      await until(() => isFocused(close), 'the Close button to have the focus when the dialog opens');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
      assertNoPageErrors(problems);
    });
  });

  test('8c. Escape closes the "Keyboard shortcuts" dialog', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-help-escape', async ({ page, problems }) => {
      await openLab(page);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Escape');
      try {
        await dialog.waitFor({ state: 'hidden', timeout: 2_000 });
      } catch {
        assert.fail('Escape did not close the "Keyboard shortcuts" dialog (it is still open 2 s later)');
      }
      assertNoPageErrors(problems);
    });
  });
});

describe('history', () => {
  test('5. Undo and Redo, the Timeline slider, and a new action dropping the redo tail', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-history', async ({ page, problems }) => {
      await openLab(page);
      const undo = control(page, 'Undo');
      const redo = control(page, 'Redo');
      assert.ok(await undo.isDisabled(), 'nothing to undo at first');
      assert.ok(await redo.isDisabled(), 'nothing to redo at first');

      const counts = [0];
      await dragSend(page, 1, 2, 1);
      await waitForRows(page, 1);
      counts.push(1);
      await dragSend(page, 2, 3, 2);
      await waitForRows(page, 2);
      counts.push(2);
      await inFlight(page, 'Message m1 from P1 to P2').click();
      await waitForRows(page, 3);
      counts.push(3);
      await processButton(page, 3).click();
      const actions = page.getByRole('group', { name: 'Actions of P3' });
      await actions.getByRole('button', { name: 'Start snapshot at P3' }).click();
      await snapshotRegion(page, 1).waitFor({ state: 'visible', timeout: 5_000 });
      counts.push(await rowCount(page));
      assert.ok(counts[4] > 3, 'the snapshot added events');
      await actions.getByRole('button', { name: 'Done' }).click();
      const full = await eventTable(page);

      await undo.click();
      await waitForRows(page, counts[3], 'Undo to remove the snapshot events');
      assert.equal(await snapshotRegion(page, 1).count(), 0, 'Undo took back the snapshot');
      assert.ok(await redo.isEnabled(), 'Redo is offered after Undo');
      await redo.click();
      await waitForRows(page, counts[4], 'Redo to restore them');
      assert.deepEqual(await eventTable(page), full, 'Redo restores the event log exactly');
      assert.ok(await redo.isDisabled(), 'nothing more to redo');

      // The Timeline slider, by keyboard.
      const slider = timeline(page);
      await slider.focus();
      await page.keyboard.press('Home');
      await waitForRows(page, 0, 'Home: the start, no events');
      assert.ok(await undo.isDisabled(), 'nothing to undo at the start');
      await page.keyboard.press('End');
      await waitForRows(page, counts[4], 'End: every event');
      assert.deepEqual(await eventTable(page), full);
      await page.keyboard.press('ArrowLeft');
      await waitForRows(page, counts[3], 'ArrowLeft: one action back');
      assert.deepEqual(await eventTable(page), full.slice(0, counts[3]));

      // Back to the start; Redo still walks forward through the same actions.
      await page.keyboard.press('Home');
      await waitForRows(page, 0);
      await redo.click();
      await waitForRows(page, counts[1]);
      await redo.click();
      await waitForRows(page, counts[2]);
      assert.deepEqual(await eventTable(page), full.slice(0, counts[2]), 'Redo after scrubbing replays the same actions');
      assert.ok(await redo.isEnabled(), 'the steps after the cursor are kept until a new action');

      // A new action at step 2 drops the tail.
      await dragSend(page, 3, 1, 3);
      await waitForRows(page, counts[2] + 1);
      assert.ok(await redo.isDisabled(), 'a new action drops the redo tail: Redo is disabled');
      assert.equal(await slider.getAttribute('aria-valuetext'), 'step 3 of 3', 'the timeline now has 3 steps');
      assert.equal(await inFlight(page, 'Message m1 from P1 to P2').count(), 1, 'm1 was not delivered in this branch');
      assert.equal(await snapshotRegion(page, 1).count(), 0, 'no snapshot in this branch');
      assertNoPageErrors(problems);
    });
  });
});

describe('links and storage', () => {
  test('6. the link reproduces the run in a new browser; Copy link copies it and says so', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-links', async ({ page, problems, context }) => {
      await openLab(page);
      await setUpMidSnapshot(page);
      await saveScreenshot(page, 'lab-desktop-run');

      await settle(page);
      const url = page.url();
      const hash = new URL(url).hash;
      assert.ok(hash.startsWith('#v1.'), `the fragment starts with #v1.: ${hash}`);
      assert.match(hash.slice(4), /^[A-Za-z0-9_~.-]+$/, 'the payload is URL-safe');
      const table = await eventTable(page);
      const logText = await eventLog(page).innerText();
      const regionNames = await regionNamesOf(page);
      const regionTexts = await Promise.all(regionNames.map((n) => page.getByRole('region', { name: n, exact: true }).innerText()));
      assert.deepEqual(regionNames, ['Snapshot S1']);

      const other = await openSecondSession(DESKTOP);
      try {
        await openLab(other.page, url);
        await waitForRows(other.page, table.length, `the linked page to show ${table.length} events`);
        assert.equal(await eventLog(other.page).innerText(), logText, 'the event log is identical');
        assert.deepEqual(await regionNamesOf(other.page), regionNames, 'the same snapshot regions');
        for (const [i, n] of regionNames.entries()) {
          assert.equal(await other.page.getByRole('region', { name: n, exact: true }).innerText(), regionTexts[i], `${n} is identical`);
        }
        for (const name of ['Marker S1 from P1 to P2', 'Message m1 from P1 to P2', 'Marker S1 from P3 to P2']) {
          assert.equal(await inFlight(other.page, name).count(), 1, `${name} is in flight on the linked page too`);
        }
        for (const n of [1, 2, 3]) assert.equal(await balance(other.page, n), await balance(page, n));
        await settle(other.page); // the page writes its link a task after it draws
        assert.equal(other.page.url(), url, 'the linked page keeps the same link');
        assertNoPageErrors(other.problems);
      } finally {
        await other.close();
      }

      // Copy link.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
      await openMore(page);
      await control(page, 'Copy link').click();
      const said = narration(page).filter({ hasText: /copied/i });
      await said.first().waitFor({ state: 'visible', timeout: 5_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      await settle(page);
      assert.equal(copied, page.url(), 'the clipboard holds the page link');
      assertNoPageErrors(problems);
    });
  });

  // The browser may refuse the clipboard (permission denied) or not offer one at all (a page
  // served over plain http from another machine is not a secure context: navigator.clipboard is
  // undefined there). Both are simulated before the page loads.
  for (const { what, script } of [
    {
      what: 'the clipboard refuses to write',
      script: `Object.defineProperty(Clipboard.prototype, 'writeText', { configurable: true,
        value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) });`,
    },
    {
      what: 'there is no clipboard (not a secure context)',
      script: `Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });`,
    },
  ]) {
    test(`6b. Copy link when ${what}: nothing is thrown, and the narration gives the link instead of claiming a copy`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(browser, DESKTOP, `lab-copy-${what.split(' ').slice(-2).join('-').replace(/\W+/g, '')}`, async ({ page, problems, context }) => {
        await context.addInitScript(script);
        await openLab(page);
        await dragSend(page, 1, 2, 1);
        const before = (await narration(page).first().innerText()).trim();
        await openMore(page);
        await control(page, 'Copy link').click();
        // The clipboard answers later (a promise): wait for the narration to say something new.
        const said = await until(
          async () => {
            const now = (await narration(page).first().innerText()).trim();
            return now !== before && now;
          },
          'the narration to answer Copy link',
          { describe: () => narration(page).first().innerText() },
        );
        const failures = [];
        if (problems.pageErrors.length) {
          const first = problems.pageErrors.map((e) => JSON.stringify(e.split('\n')[0]));
          failures.push(`uncaught errors on the page after Copy link: ${first.join(', ')}`);
        }
        if (/copied/i.test(said)) failures.push(`the narration claims a copy that did not happen: "${said}"`);
        await settle(page);
        if (!said.includes(page.url())) failures.push(`the narration does not give the link to copy by hand: "${said}"`);
        if (failures.length) assert.fail(failures.join('\n'));
        assertNoPageErrors(problems);
      });
    });
  }

  test('10. the run is kept in localStorage: the bare page restores the same event log', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-storage', async ({ page, problems, context }) => {
      await openLab(page);
      await dragSend(page, 1, 2, 1);
      await dragSend(page, 2, 1, 2);
      await inFlight(page, 'Message m1 from P1 to P2').click();
      await waitForRows(page, 3);
      await processButton(page, 3).press('s');
      await snapshotRegion(page, 1).waitFor({ state: 'visible', timeout: 5_000 });
      const logText = await eventLog(page).innerText();
      const rows = await rowCount(page);
      await settle(page);
      const hash = new URL(page.url()).hash;

      const again = await context.newPage();
      trackProblems(again, problems);
      await openLab(again, `${server.url}index.html`);
      await waitForRows(again, rows, `the restored page to show ${rows} events`);
      assert.equal(await eventLog(again).innerText(), logText, 'the same event log');
      assert.equal(await regionNamesOf(again).then((n) => n.join()), 'Snapshot S1');
      await until(() => new URL(again.url()).hash === hash, 'the restored page to show the same link', { describe: () => again.url() });
      await again.close();
      assertNoPageErrors(problems);
    });
  });

  test('7. bad links show an alert, the default processes, and no uncaught error', { timeout: TEST_TIMEOUT }, async () => {
    // A valid link to cut in half.
    let valid;
    await withPage(browser, DESKTOP, 'lab-bad-links-source', async ({ page, problems }) => {
      await openLab(page);
      await dragSend(page, 1, 2, 1);
      await dragSend(page, 2, 3, 2);
      await processButton(page, 2).press('s');
      await snapshotRegion(page, 1).waitFor({ state: 'visible', timeout: 5_000 });
      await settle(page);
      valid = new URL(page.url()).hash.slice(1);
      assertNoPageErrors(problems);
    });
    assert.ok(valid.startsWith('v1.') && valid.length > 12, `a valid link: ${valid}`);
    const payload = valid.slice(3);

    const cases = [
      { what: 'garbage', fragment: 'v1.!!!', says: /'!'|character/i },
      { what: 'truncated', fragment: `v1.${payload.slice(0, Math.floor(payload.length / 2))}`, says: /truncat|\bcut\b|ends early|incomplete|too (short|few)/i },
      { what: 'future version', fragment: 'v2.AAAA', says: /v2|version/i },
      { what: '300 KB', fragment: `v1.${'A'.repeat(300 * 1024)}`, says: /too (long|large|big)|limit|size|bytes|characters|KB/i },
    ];
    const failures = [];
    for (const c of cases) {
      try {
        await withPage(browser, DESKTOP, `lab-bad-link-${c.what.replace(/\W+/g, '-')}`, async ({ page, problems }) => {
          await openLab(page, `${server.url}index.html#${c.fragment}`);
          const alert = page.getByRole('alert');
          await alert.first().waitFor({ state: 'visible', timeout: 5_000 });
          const text = (await alert.first().innerText()).replace(/\s+/g, ' ').trim();
          assert.match(text, /link/i, `the alert is about the link: ${text}`);
          assert.ok(text.length > 30, `the alert explains: ${text}`);
          assert.match(text, c.says, `the alert names what is wrong: ${text}`);
          assert.match(text, /default/i, `the alert offers the default scenario: ${text}`);
          for (const n of [1, 2, 3]) assert.ok(await processButton(page, n).isVisible(), `Process P${n} is shown`);
          assert.equal(await rowCount(page), 0, 'the default scenario is offered (no events)');
          await until(() => new URL(page.url()).hash.startsWith('#v1.') && new URL(page.url()).hash !== `#${c.fragment}`, 'the page to write a valid link', {
            describe: () => page.url().slice(0, 200),
          });
          assertNoPageErrors(problems);
        });
      } catch (err) {
        failures.push(`${c.what} (#${c.fragment.slice(0, 40)}${c.fragment.length > 40 ? '…' : ''}): ${err.message}`);
      }
    }
    if (failures.length) assert.fail(failures.join('\n\n'));
  });
});

describe('on a phone', () => {
  test('9. at 360 px with touch only: tap to select, send and deliver; touch-drag to send; no sideways scrolling', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, PHONE, 'lab-phone', async ({ page, problems }) => {
      await openLab(page);
      const tap = async (locator) => {
        const at = await centre(locator);
        await page.touchscreen.tap(at.x, at.y);
      };

      await tap(processButton(page, 1));
      await until(async () => /selected/.test(await accessibleName(processButton(page, 1))), 'a tap to select P1');
      await tap(processButton(page, 2));
      const m1 = inFlight(page, 'Message m1 from P1 to P2');
      await m1.waitFor({ state: 'visible', timeout: 5_000 });
      await waitForBalance(page, 1, 900);

      await tap(m1);
      await until(async () => (await m1.count()) === 0, 'a tap on m1 to deliver it');
      await waitForBalance(page, 2, 1100);
      await waitForRows(page, 2);

      // Touch drag from P2 to P3, as pointer events of type touch.
      const svg = diagram(page);
      const a = await centre(processButton(page, 2));
      const b = await centre(processButton(page, 3));
      const touch = (x, y) => ({ pointerType: 'touch', isPrimary: true, pointerId: 1, button: 0, buttons: 1, clientX: x, clientY: y });
      await processButton(page, 2).dispatchEvent('pointerdown', touch(a.x, a.y));
      for (let i = 1; i <= 6; i++) {
        await svg.dispatchEvent('pointermove', touch(a.x + ((b.x - a.x) * i) / 6, a.y + ((b.y - a.y) * i) / 6));
      }
      await svg.dispatchEvent('pointerup', { ...touch(b.x, b.y), buttons: 0 });
      await inFlight(page, 'Message m2 from P2 to P3').waitFor({ state: 'visible', timeout: 5_000 });
      await waitForBalance(page, 2, 1000);
      await waitForRows(page, 3);

      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(scrollWidth <= 360, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'lab-phone');
      assertNoPageErrors(problems);
    });
  });
});

// ---------------------------------------------------------------------------------------------

/** The names of every `Snapshot S…` region, in page order. */
async function regionNamesOf(page) {
  const regions = allSnapshotRegions(page);
  const names = [];
  for (let i = 0; i < (await regions.count()); i++) names.push(await accessibleName(regions.nth(i)));
  return names;
}

/**
 * A run in the middle of a snapshot, with messages and markers in flight (for the link test
 * and the README screenshot): m1 P1→P2, m2 P3→P1, m3 P2→P3; S1 started at P1; P3 has received
 * its first marker (from P1) and sent its own.
 */
async function setUpMidSnapshot(page) {
  await dragSend(page, 1, 2, 1);
  await dragSend(page, 3, 1, 2);
  await dragSend(page, 2, 3, 3);
  await processButton(page, 1).click();
  const actions = page.getByRole('group', { name: 'Actions of P1' });
  await actions.getByRole('button', { name: 'Start snapshot at P1' }).click();
  await actions.getByRole('button', { name: 'Done' }).click();
  await inFlight(page, 'Marker S1 from P1 to P3').click();
  await inFlight(page, 'Marker S1 from P3 to P2').waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await regionText(page, 1), /In progress/i);
  assert.match(await accessibleName(channelGroup(page, 2, 1)), /recording for S1/);
}

/**
 * The event lines of a `snapshot-lab replay` log, as the page's Event log table shows them:
 *   `  14 P1  receive  m2 P3→P1  L7  [7,0,1] receive-recorded: P1 receives m2 (5) from P3`
 * gives ['14', 'P1', 'P1 receives m2 (5) from P3', 'm2 P3→P1', 'receive-recorded', '7', '[7,0,1]'].
 */
function parseEventLines(log) {
  const rows = [];
  for (const line of log.split('\n')) {
    const m = /^\s*(\d+) (P\d+)\s+\S+\s+(.*?)\s+L(\d+)\s+(\[[\d,]*\]) ([\w-]+): (.*)$/.exec(line);
    if (m) rows.push([m[1], m[2], m[7], m[3] === '-' ? '' : m[3], m[6], m[4], m[5]]);
  }
  return rows;
}

/**
 * The summary at the end of a `snapshot-lab replay` log:
 *   S1 (initiated by P1): complete
 *     recorded process states: P1 90, P2 110, P3 95
 *     recorded channel states: P1→P2 empty, ..., P3→P1 [m2], ...
 * gives { 1: { states: {P1: '90', ...}, channels: {'P1→P2': 'empty', 'P3→P1': '[m2]', ...} } }.
 */
function parseSnapshotSummary(log) {
  const out = {};
  let current;
  for (const line of log.split('\n')) {
    let m;
    if ((m = /^S(\d+) \(/.exec(line))) {
      current = out[m[1]] = { states: {}, channels: {} };
    } else if (current && (m = /^\s+recorded process states: (.*)$/.exec(line))) {
      for (const part of m[1].split(/,\s*/)) {
        const [p, v] = part.split(' ');
        current.states[p] = v;
      }
    } else if (current && (m = /^\s+recorded channel states: (.*)$/.exec(line))) {
      for (const cm of m[1].matchAll(/(P\d+→P\d+) (empty|\[[^\]]*\])/g)) current.channels[cm[1]] = cm[2];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
describe('understanding a run', () => {
  test('11. the arrow keys go through the events of the space-time diagram and say why each happened', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-event-details', async ({ page, problems }) => {
      await openLab(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await waitForRows(page, 16, 'the 16 events of the c21 preset');
      const events = page.getByRole('group', { name: startsWith('Events of the space-time diagram') });
      await events.focus();
      const details = page.locator('#event-details');
      await page.keyboard.press('End');
      await until(async () => /Event 16 of 16/.test(await details.innerText()), 'the last event in detail', {
        describe: () => details.innerText(),
      });
      assert.match(await details.innerText(), /S1 is complete/);
      await page.keyboard.press('ArrowLeft');
      const text = await details.innerText();
      assert.match(text, /Event 15 of 16: P1 records P2→P1 for S1 as \[m2, m3\]/, text);
      assert.match(text, /Rule later-marker/, text);
      assert.match(text, /Lamport clock 9, vector clock \[8, 7\]/, text);
      await page.keyboard.press('Home');
      assert.match(await details.innerText(), /Event 1 of 16: P1 sends m1/);
      // Going left from the first event stays on it.
      await page.keyboard.press('ArrowLeft');
      assert.match(await details.innerText(), /Event 1 of 16/);
      assertNoPageErrors(problems);
    });
  });

  test('12. a channel being recorded shows the messages recorded so far', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-recorded-so-far', async ({ page, problems }) => {
      await openLab(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await waitForRows(page, 16, 'the 16 events of the c21 preset');
      // Back to the step after P1 received m2 while recording P2→P1 (events 1..12).
      const slider = timeline(page);
      await slider.focus();
      await page.keyboard.press('End');
      let steps = 0;
      while ((await rowCount(page)) > 12 && steps++ < 10) await page.keyboard.press('ArrowLeft');
      assert.equal(await rowCount(page), 12, 'the timeline stops after m2 is received');
      const channel = channelGroup(page, 2, 1);
      assert.match(await accessibleName(channel), /recording for S1 \(1 recorded\)/);
      assert.equal(await diagram(page).getByText('S1: [m2]', { exact: true }).count(), 1, 'the label beside P2→P1');
      await page.keyboard.press('ArrowRight');
      await until(async () => (await diagram(page).getByText('S1: [m2, m3]', { exact: true }).count()) === 1,
        'the label to grow to [m2, m3]');
      assertNoPageErrors(problems);
    });
  });

  test('13. a link pasted into the address bar opens that run', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-pasted-link', async ({ page, problems }) => {
      await openLab(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await waitForRows(page, 16, 'the c21 preset');
      await settle(page);
      const c21 = new URL(page.url()).hash;
      assert.match(c21, /^#v1\./);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('blank-3');
      await waitForRows(page, 0, 'the blank preset');
      await page.evaluate((hash) => { window.location.hash = hash; }, c21);
      await waitForRows(page, 16, 'the pasted c21 link to load');
      await page.evaluate(() => { window.location.hash = '#v1.!!!'; });
      await page.getByRole('alert').waitFor({ state: 'visible' });
      assert.match(await page.getByRole('alert').innerText(), /could not be opened/);
      await waitForRows(page, 0, 'the default scenario after a bad pasted link');
      assertNoPageErrors(problems);
    });
  });
});

describe('the shortcuts dialog', () => {
  test('14. the dialog is modal: Tab stays on it and page shortcuts do nothing behind it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'lab-modal-help', async ({ page, problems }) => {
      await openLab(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await waitForRows(page, 16, 'the c21 preset');
      await page.locator('body').focus();
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor({ state: 'visible' });
      const close = dialog.getByRole('button', { name: 'Close' });
      assert.ok(await isFocused(close), 'the Close button has the focus');
      await page.keyboard.press('Tab');
      assert.ok(await isFocused(close), 'Tab keeps the focus in the dialog');
      await page.keyboard.press('u');
      assert.equal(await rowCount(page), 16, 'U (undo) did nothing behind the dialog');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await page.keyboard.press('u');
      await until(async () => (await rowCount(page)) < 16, 'U to undo once the dialog is closed');
      assertNoPageErrors(problems);
    });
  });
});
