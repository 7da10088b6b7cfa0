// FIFO matters (issue 7): on the non-FIFO run, the "FIFO channels" checkbox and the "Snapshot
// algorithm" radio group replay the run under other rules. With FIFO channels the marker can no
// longer overtake m1: the page names the action that became impossible, and Undo brings the run
// back. Under Lai–Yang the same non-FIFO run is consistent and conserves the total, and the
// messages in flight announce their colour (white or red). Driven by accessible names.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/fifo-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, assertNoPageErrors, processButton, saveScreenshot, sharedSession, startsWith, withPage, settle, openMore, showPanel } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();

const snapshotRegion = (page, id) => page.getByRole('region', { name: startsWith(`Snapshot S${id}`) });
const fifo = (page) => page.getByRole('checkbox', { name: 'FIFO channels' });
const algorithms = (page) => page.getByRole('radiogroup', { name: 'Snapshot algorithm' });
const undo = (page) => page.getByRole('button', { name: 'Undo', exact: true });
const timeline = (page) => page.getByRole('slider', { name: 'Timeline' });

async function openPreset(page, id) {
  await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption(id);
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

async function verdict(page, id) {
  const region = snapshotRegion(page, id);
  await region.waitFor({ state: 'visible', timeout: 10_000 });
  return (await region.innerText()).replace(/\s+/g, ' ');
}

describe('FIFO matters', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`the non-FIFO run under FIFO, then under Lai–Yang (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `fifo-${name}`, async ({ page, problems }) => {
        await openPreset(page, 'non-fifo');
        // The rules of the run are in the toolbar's "More" menu; the pseudocode in its tab.
        await openMore(page);
        await showPanel(page, 'Pseudocode');
        await fifo(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
        assert.equal(await fifo(page).isChecked(), false, 'the non-FIFO preset has non-FIFO channels');
        assert.equal(await algorithms(page).getByRole('radio', { name: 'Chandy–Lamport' }).isChecked(), true);
        assert.match(await verdict(page, 1), /Verdict: inconsistent/);

        // FIFO on: the marker may no longer overtake m1. The page says which action stopped the run.
        await fifo(page).check();
        const alert = page.getByRole('alert').filter({ hasText: 'impossible' });
        await alert.waitFor({ state: 'visible', timeout: 5_000 });
        const said = await alert.innerText();
        assert.match(said, /FIFO channels, Chandy–Lamport/);
        assert.match(said, /action 3 \(deliver the marker of S1 on P1→P2\) is impossible/);
        assert.match(said, /Undo brings back the whole run/);
        assert.equal(await timeline(page).getAttribute('aria-valuetext'), 'step 2 of 2');

        // Undo: the rules and the whole run come back.
        await undo(page).click();
        await page.getByRole('status').filter({ hasText: 'the rules and the run are back' }).first().waitFor({ timeout: 5_000 });
        assert.equal(await fifo(page).isChecked(), false);
        assert.equal(await timeline(page).getAttribute('aria-valuetext'), 'step 5 of 5');
        assert.match(await verdict(page, 1), /Verdict: inconsistent/);

        // By keyboard: check and uncheck FIFO with Space (Space on the checkbox itself).
        await fifo(page).focus();
        await page.keyboard.press('Space');
        await page.getByRole('alert').filter({ hasText: 'impossible' }).waitFor({ timeout: 5_000 });
        assert.equal(await fifo(page).isChecked(), true);
        await page.keyboard.press('Space');
        assert.equal(await fifo(page).isChecked(), false);
        // Non-FIFO again: the run that stopped early stays as it was (two actions).
        assert.equal(await timeline(page).getAttribute('aria-valuetext'), 'step 2 of 2');
        await undo(page).click();
        await undo(page).click();
        assert.equal(await timeline(page).getAttribute('aria-valuetext'), 'step 5 of 5');

        // Lai–Yang on the same non-FIFO run: consistent and conserving again.
        await algorithms(page).getByRole('radio', { name: 'Lai–Yang' }).check();
        await page.getByRole('heading', { name: 'Lai–Yang, rule by rule' }).waitFor({ timeout: 5_000 });
        const text = await verdict(page, 1);
        assert.match(text, /Verdict: consistent\. Recorded states plus channels add up to 3000/, text);
        assert.doesNotMatch(text, /inconsistent/);
        await settle(page);
        assert.match(page.url(), /#v1\.K/, 'the link keeps the algorithm (flag 0x20) and non-FIFO (0x01)');

        // Undo right after the change brings Chandy–Lamport back; choose Lai–Yang again by keyboard.
        await undo(page).click();
        assert.equal(await algorithms(page).getByRole('radio', { name: 'Chandy–Lamport' }).isChecked(), true);
        assert.match(await verdict(page, 1), /Verdict: inconsistent/);
        await algorithms(page).getByRole('radio', { name: 'Chandy–Lamport' }).focus();
        await page.keyboard.press('ArrowRight');
        await page.getByRole('heading', { name: 'Lai–Yang, rule by rule' }).waitFor({ timeout: 5_000 });
        assert.equal(await algorithms(page).getByRole('radio', { name: 'Lai–Yang' }).isChecked(), true);

        // The colours are announced: three steps back on the timeline, m1 (white) is still in flight.
        await timeline(page).focus();
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
        assert.equal(await timeline(page).getAttribute('aria-valuetext'), 'step 2 of 5');
        const m1 = page.getByRole('button', { name: startsWith('Message m1 from P1 to P2, white') });
        await m1.waitFor({ state: 'visible', timeout: 5_000 });
        // A red message: P1 (recorded) sends $10 to P2.
        await processButton(page, 1).press('Enter');
        const actions = page.getByRole('group', { name: 'Actions of P1' });
        await actions.waitFor({ state: 'visible', timeout: 5_000 });
        await actions.getByRole('button', { name: /^Send \d+ to P2$/ }).click();
        const red = page.getByRole('button', { name: startsWith('Message m2 from P1 to P2, red for S1') });
        await red.waitFor({ state: 'visible', timeout: 5_000 });
        if (name === 'desktop') await saveScreenshot(page, 'fifo-lai-yang-colours-desktop');
        // m2 (red) overtakes everything: P2 records before receiving it.
        await red.focus();
        await page.keyboard.press('Enter');
        await page.getByRole('status').filter({ hasText: 'is red for S1' }).first().waitFor({ timeout: 5_000 });
        assert.match(await page.getByRole('status').filter({ hasText: 'is red for S1' }).first().innerText(), /records its state before receiving m2/);
        if (name === 'phone') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
        }
        assertNoPageErrors(problems);
      });
    });
  }

  test('the lai-yang preset and its lesson step', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'fifo-lesson', async ({ page, problems }) => {
      await openPreset(page, 'lai-yang');
      await openMore(page);
      await showPanel(page, 'Pseudocode');
      await fifo(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      assert.equal(await algorithms(page).getByRole('radio', { name: 'Lai–Yang' }).isChecked(), true);
      assert.match(await verdict(page, 1), /Verdict: consistent/);
      await saveScreenshot(page, 'fifo-lai-yang-desktop');
      // Consistent on non-FIFO channels, so a run passes through its recorded state: played
      // beside the real run, every process and channel matches at the boundary.
      await page.getByRole('region', { name: startsWith('Snapshot S1') }).getByRole('button', { name: 'Play it beside the real run' }).click();
      const beside = page.getByRole('region', { name: 'S1 beside a run that passes through its recorded state' });
      await beside.getByRole('button', { name: "Go to S1's recorded state", exact: true }).click();
      assert.match(await beside.getByRole('status').innerText(), /This is S1's recorded state/);
      const same = await beside.getByRole('table').locator('tbody tr td:last-child').allInnerTexts();
      assert.ok(same.length >= 2 && same.every((t) => t === 'yes'), same.join(' '));
      await page.goto(`${shared.server.url}index.html#v1.lesson.lai-yang`, { waitUntil: 'load' });
      await page.getByRole('heading', { name: startsWith('Without FIFO: Lai–Yang') }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await fifo(page).isDisabled(), true, 'the lesson keeps its rules');
      assertNoPageErrors(problems);
    });
  });
});
