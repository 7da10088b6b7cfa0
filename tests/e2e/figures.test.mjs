// The notes' lost figures, redrawn live (issue 11): the marker rules as state machines that move
// as events happen, and the notes' two switch topologies with their exact labels, each running a
// snapshot. Driven by accessible names.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/figures-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibleName, APP_TIMEOUT_MS, assertNoPageErrors, processButton, saveScreenshot, sharedSession, startsWith, withPage, showPanel } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 60_000;

const shared = sharedSession();

const rules = (page) => page.getByRole('region', { name: 'Marker rules' });

/** The lab, whose marker rules are on the page from the first load of a plain link. */
async function open(page) {
  await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  await showPanel(page, 'Marker rules');
  await rules(page).waitFor({ timeout: APP_TIMEOUT_MS });
}

/** The current stage of the machine captioned `caption` (a figure), as its text. */
async function stage(page, caption) {
  const figure = rules(page).getByRole('figure', { name: caption, exact: true });
  const current = figure.locator('li[aria-current="step"]');
  assert.equal(await current.count(), 1, `${caption}: exactly one current stage`);
  return (await current.innerText()).trim();
}

describe('the marker rules as state machines', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`they follow C21 at P1 and P2, event by event (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `figures-rules-${name}`, async ({ page, problems }) => {
        await open(page);
        await rules(page).getByText(/Start a snapshot at a process/).waitFor();
        await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
        // The finished run: P1 (the last to act) is done; C21 closed with m2 and m3.
        await rules(page).getByRole('heading', { name: 'The marker rules at P1, snapshot S1' }).waitFor();
        assert.equal(await stage(page, 'P1 in S1'), 'done');
        assert.equal(await stage(page, 'C21: P2 → P1'), 'closed: m2, m3');

        // One step back: the marker on C21 has not arrived, C21 is still being recorded.
        await page.getByRole('button', { name: 'Undo', exact: true }).click();
        assert.equal(await stage(page, 'P1 in S1'), 'recorded: balance 490');
        assert.equal(await stage(page, 'C21: P2 → P1'), 'recording: m2, m3');
        // The step the last event took (m3 joining the recording) is lit.
        const lit = rules(page).getByRole('figure', { name: 'C21: P2 → P1' }).locator('li.lit');
        assert.equal(await lit.count(), 1);
        if (name === 'desktop') await saveScreenshot(page, 'figures-rules-desktop');

        // Another process: P2 closed C12 empty at once, on its first marker.
        await processButton(page, 2).click();
        await rules(page).getByRole('heading', { name: 'The marker rules at P2, snapshot S1' }).waitFor();
        assert.equal(await stage(page, 'P2 in S1'), 'done');
        assert.equal(await stage(page, 'C12: P1 → P2'), 'closed: empty');

        // Back to before P2's first marker: P2 has not recorded, C12 is not recorded.
        for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Undo', exact: true }).click();
        assert.equal(await stage(page, 'P2 in S1'), 'not recorded');
        assert.equal(await stage(page, 'C12: P1 → P2'), 'not recording');
        if (name === 'phone') {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
        }
        assertNoPageErrors(problems);
      });
    });
  }
});

describe("the notes' switch topologies", () => {
  const cases = [
    ['switches-bmv2', ['Switch S1 (BMv2)', 'Switch S2 (BMv2)', 'Switch S3 (BMv2)']],
    [
      'leaf-spine',
      ['Spine Switch 1 (Programmable)', 'Spine Switch 2 (Programmable)', 'Leaf Switch 1 (Programmable)', 'Leaf Switch 2 (Programmable)'],
    ],
  ];
  for (const [preset, labels] of cases) {
    test(`${preset}: the labels of the broken flowchart, drawn, and a consistent snapshot`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, DESKTOP, `figures-${preset}`, async ({ page, problems }) => {
        await open(page);
        await page.getByRole('combobox', { name: 'Scenario' }).selectOption(preset);
        for (const [i, label] of labels.entries()) {
          const button = processButton(page, i + 1);
          await button.waitFor();
          const name = await accessibleName(button);
          assert.ok(name.startsWith(`Process P${i + 1} (${label})`), name);
          // The label is drawn inside the diagram, whole.
          assert.ok(await page.locator('svg text').filter({ hasText: label }).count() >= 1, `${label} is drawn`);
        }
        assert.equal(await page.getByRole('button', { name: /^Process P\d/ }).count(), labels.length);
        const s1 = page.getByRole('region', { name: startsWith('Snapshot S1') });
        await s1.waitFor();
        assert.match(await s1.innerText(), /Verdict: consistent/);
        await saveScreenshot(page, `figures-${preset}`);
        assertNoPageErrors(problems);
      });
    });
  }
});
