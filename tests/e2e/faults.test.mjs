// When the assumptions fail, driven by accessible names: drop a marker (the snapshot says it can
// never complete and why), drop a message (the conservation finding), crash a process (never
// completes, naming it), duplicate a message (the copy is named), and the link reproduces the
// run after a reload and in a fresh browser; seed 000's marker rule (the what-if switch) leaves
// the snapshot recording forever.
//
// Needs a built dist/ (trunk build --release --offline) and /usr/bin/chromium.
// Screenshots: target/screenshots/faults-desktop.png (1280 px) and faults-phone.png (360 px).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  launchBrowser,
  openMore,
  processButton,
  saveScreenshot,
  startServer,
  startsWith,
  trackProblems,
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

const actionsOf = (page, n) => page.getByRole('group', { name: `Actions of P${n}` });
const faultsAt = (page, n) => page.getByRole('group', { name: `Faults at P${n}` });
const snapshotRegion = (page, id) => page.getByRole('region', { name: startsWith(`Snapshot S${id}`) });
const eventLog = (page) => page.getByRole('table', { name: startsWith('Event log') });

async function openLab(page, url = `${server.url}index.html`) {
  await page.goto(url, { waitUntil: 'load' });
  for (const n of [1, 2, 3]) {
    await processButton(page, n).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  }
}

/** Selects process `n` (its actions appear), runs `body(actions)`, then closes them with Done. */
async function withActions(page, n, body) {
  // The keyboard route (Enter selects): a click at the centre of a process with record badges
  // beside it can land beside the circle.
  await processButton(page, n).press('Enter');
  const actions = actionsOf(page, n);
  await actions.waitFor({ state: 'visible', timeout: 5_000 });
  await body(actions);
  await actions.getByRole('button', { name: 'Done', exact: true }).click();
  await actions.waitFor({ state: 'detached', timeout: 5_000 });
}

async function send(page, from, to) {
  await withActions(page, from, (a) => a.getByRole('button', { name: new RegExp(`^Send \\d+ to P${to}$`) }).click());
}

async function startSnapshot(page, at) {
  await withActions(page, at, (a) => a.getByRole('button', { name: `Start snapshot at P${at}`, exact: true }).click());
}

/** A fault button of the selected process `n`: `Crash P3`, `Drop m1`, `Duplicate marker S1 from P1 to P2`. */
async function fault(page, n, name) {
  await withActions(page, n, async () => {
    const button = faultsAt(page, n).getByRole('button', { name, exact: true });
    await button.click();
  });
}

/** Runs until nothing more can be delivered (the Run control stops by itself). */
async function runToTheEnd(page) {
  const rows = () => eventLog(page).getByRole('row').count();
  await control(page, 'Run').click();
  let last = -1;
  await until(
    async () => {
      const now = await rows();
      const done = now === last && (await control(page, 'Run').count()) > 0;
      last = now;
      return done;
    },
    'the run to stop',
    { timeout: 20_000, interval: 700 },
  );
}

async function regionText(page, id) {
  const region = snapshotRegion(page, id);
  await region.waitFor({ state: 'visible', timeout: 5_000 });
  return (await region.innerText()).replace(/\s+/g, ' ');
}

describe('when the assumptions fail', () => {
  test('1. a dropped marker: the snapshot can never complete, and says who waits for what', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'faults-lost-marker', async ({ page, problems }) => {
      await openLab(page);
      await startSnapshot(page, 1);
      await fault(page, 2, 'Drop the marker of S1 on P1→P2');
      assert.equal(
        await page.getByRole('group', { name: startsWith('Channel P1 to P2') }).getByRole('button', { name: startsWith('Marker S1') }).count(),
        0,
        'the marker left its channel',
      );
      await runToTheEnd(page);
      const text = await regionText(page, 1);
      assert.match(text, /S1 can never complete/);
      assert.match(text, /P2 waits forever for the marker of S1 on P1→P2: it was lost/);
      assert.match(text, /assumption broken \(no loss\): the network loses the marker of S1 on P1→P2; its receiver waits for it forever/);
      assert.doesNotMatch(text, /Verdict: consistent/);
      // The event log names the fault.
      assert.match(await eventLog(page).innerText(), /the network loses the marker of S1 on P1→P2/);
      assertNoPageErrors(problems);
    });
  });

  test('2. a dropped message: the snapshot completes and is consistent; it shows the total is not the total (the invariant broke)', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'faults-lost-message', async ({ page, problems }) => {
      await openLab(page);
      await send(page, 1, 2);
      await startSnapshot(page, 2);
      await fault(page, 2, 'Drop m1');
      await runToTheEnd(page);
      const text = await regionText(page, 1);
      // Safety holds (no orphan; the lost m1 is not in transit), the bank's invariant does not.
      assert.match(text, /Verdict: consistent\. No orphan message/);
      assert.doesNotMatch(text, /inconsistent/);
      assert.match(text, /the recorded total is \d+, not the 3000 it started with/);
      assert.match(text, /assumption broken \(no loss\): the network loses m1 \(\d+\) on P1→P2; it was sent before its sender recorded/);
      assert.match(text, /The snapshot is still true; the application's invariant broke/);
      assertNoPageErrors(problems);
    });
  });

  test('3. a crashed process: drawn as crashed, takes no action, and the snapshot never completes, naming it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'faults-crash', async ({ page, problems }) => {
      await openLab(page);
      await fault(page, 3, 'Crash P3');
      await until(async () => (await processButton(page, 3).getAttribute('aria-label')).startsWith('Process P3, crashed'), 'P3 named crashed');
      // The crash mark is drawn in the page's "bad" colour (red), not the text colour.
      const colours = await page.evaluate(() => {
        const mark = document.querySelector('.process-crashed');
        const probe = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        probe.style.fill = 'var(--bad)';
        mark.ownerSVGElement.append(probe);
        const bad = getComputedStyle(probe).fill;
        probe.remove();
        return { mark: mark && getComputedStyle(mark).fill, bad };
      });
      assert.equal(colours.mark, colours.bad, 'the crash mark is red');
      // It takes no more actions: its actions offer none, and the keyboard's S is refused, saying why.
      await withActions(page, 3, async (a) => {
        assert.equal(await faultsAt(page, 3).getByRole('button', { name: 'Crash P3' }).count(), 0, 'crashed once');
        assert.equal(await a.getByRole('button', { name: 'Start snapshot at P3' }).count(), 0);
        assert.equal(await a.getByRole('button', { name: /^Send / }).count(), 0);
      });
      await processButton(page, 3).press('s');
      await until(async () => /P3 has crashed/.test(await page.getByRole('status').first().innerText()), 'the refusal to be narrated');
      assert.equal(await snapshotRegion(page, 1).count(), 0, 'no snapshot started at the crashed P3');
      await startSnapshot(page, 1);
      await runToTheEnd(page);
      const text = await regionText(page, 1);
      assert.match(text, /S1 can never complete/);
      assert.match(text, /P3 crashed before recording its state for S1/);
      assert.match(text, /assumption broken \(no crash\): P3 crashes; before doing its part of the snapshot/);
      // The markers to P3 stay in flight.
      assert.equal(
        await page.getByRole('group', { name: startsWith('Channel P1 to P3') }).getByRole('button', { name: startsWith('Marker S1 from P1 to P3') }).count(),
        1,
      );
      assertNoPageErrors(problems);
    });
  });

  test('4. a run with faults: the copy is named, and the link reproduces the run after a reload and in a fresh browser', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'faults-link', async ({ page, problems, context }) => {
      await openLab(page);
      await send(page, 1, 2);
      await fault(page, 2, 'Duplicate m1');
      const copy = page.getByRole('group', { name: startsWith('Channel P1 to P2') }).getByRole('button', { name: startsWith('Message m2 from P1 to P2, a copy of m1') });
      await copy.waitFor({ state: 'visible', timeout: 5_000 });
      await send(page, 3, 1);
      await fault(page, 3, 'Crash P3');
      await startSnapshot(page, 2);
      await fault(page, 1, 'Drop m3');
      await runToTheEnd(page);
      const logText = await eventLog(page).innerText();
      const snapshotText = await regionText(page, 1);
      assert.match(logText, /duplicate/);
      assert.match(logText, /crash/);
      assert.match(snapshotText, /no duplication/);
      assert.match(snapshotText, /no crash/);
      assert.match(snapshotText, /no loss/);
      await settle(page);
      const url = page.url();
      assert.match(url, /#v1\./);
      // The screenshot shows the crashed P3's actions: only the network's faults are left.
      await withActions(page, 3, async () => {
        await faultsAt(page, 3).getByRole('button', { name: 'Drop the marker of S1 on P2→P3', exact: true }).waitFor({ state: 'visible', timeout: 5_000 });
        await saveScreenshot(page, 'faults-desktop');
      });

      await settle(page); // the URL is written a task after the last action
      await page.reload({ waitUntil: 'load' });
      await processButton(page, 3).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      await until(async () => (await eventLog(page).innerText()) === logText, 'the same event log after a reload');
      assert.equal(await regionText(page, 1), snapshotText);
      assert.match(await processButton(page, 3).getAttribute('aria-label'), /^Process P3, crashed/);

      const fresh = await browser.newContext({ viewport: DESKTOP });
      const other = await fresh.newPage();
      trackProblems(other, problems);
      await openLab(other, url);
      await until(async () => (await eventLog(other).innerText()) === logText, 'the same event log in a fresh browser');
      assert.equal(await regionText(other, 1), snapshotText);
      await fresh.close();

      const phone = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height }, isMobile: true, hasTouch: true });
      const small = await phone.newPage();
      trackProblems(small, problems);
      await openLab(small, url);
      await until(async () => (await eventLog(small).innerText()) === logText, 'the same run at 360 px');
      await saveScreenshot(small, 'faults-phone');
      await phone.close();
      assertNoPageErrors(problems);
      void context;
    });
  });

  test("5. what if (seed 000's rule): no marker back to the first marker's sender, so P1 records forever and the snapshot never completes", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'what-if-marker-rule', async ({ page, problems }) => {
      await openLab(page);
      await openMore(page);
      const rules = page.getByRole('group', { name: 'Rules of the run' });
      const whatIf = rules.getByRole('checkbox', { name: "What if: no marker back to the first marker's sender" });
      assert.equal(await whatIf.isChecked(), false, 'the published rule by default');
      await whatIf.check();
      await until(async () => /no marker back to the first marker's sender \(seed 000\)/.test(await page.getByRole('status').first().innerText()), 'the change of rules to be narrated');
      await startSnapshot(page, 1);
      await runToTheEnd(page);
      const text = await regionText(page, 1);
      assert.match(text, /S1 can never complete/);
      assert.match(text, /P1 records P\d→P1 forever: P\d got its first marker of S1 from P1, and under seed 000's rule sends no marker back/);
      // Three processes on a complete graph: (n − 1)² = 4 markers of the 6 channels.
      assert.match(text, /Markers sent: 4 for 6 channels: under seed 000.s rule none goes back/);
      assert.doesNotMatch(text, /Verdict: (in)?consistent/);
      // The link keeps the switch: a reload shows it on, and the same stuck snapshot.
      await settle(page);
      await page.reload({ waitUntil: 'load' });
      await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      await until(async () => /S1 can never complete/.test(await regionText(page, 1)), 'the stuck snapshot after a reload');
      await openMore(page);
      assert.equal(await page.getByRole('checkbox', { name: "What if: no marker back to the first marker's sender" }).isChecked(), true);
      // Switched off, the same run completes.
      await page.getByRole('checkbox', { name: "What if: no marker back to the first marker's sender" }).uncheck();
      await runToTheEnd(page);
      await until(async () => /Verdict: consistent/.test(await regionText(page, 1)), 'S1 to complete under the published rule');
      assert.match(await regionText(page, 1), /Markers sent: 6 of 6/);
      assertNoPageErrors(problems);
    });
  });
});
