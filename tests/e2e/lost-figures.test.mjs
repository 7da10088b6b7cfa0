// Every figure the notes lost, reachable from the lesson and as a link (issue 11), and drawing
// your own cut on the space-time diagram (issue 7). Each figure is opened at its lesson step,
// found by its accessible name ("Figure snapshot3.png: examples of snapshots"), and the live
// scene is checked for what its text alternative says. Driven by accessible names.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/lost-figures-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, accessibleName, assertNoPageErrors, control, fragment, saveScreenshot, sharedSession, startsWith, until, withPage, settle, showPanel } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();

const lesson = (page) => page.getByRole('region', { name: 'Lesson', exact: true });
const cutPanel = (page) => page.getByRole('region', { name: 'Drawn cut' });
const cutReport = (page) => cutPanel(page).getByRole('status');
const snapshotRegion = (page, id) => page.getByRole('region', { name: startsWith(`Snapshot S${id}`) });
const processButton = (page, name) => page.getByRole('button', { name: startsWith(`Process ${name}`) });
const slider = (page, p) => cutPanel(page).getByRole('slider', { name: `P${p}: events inside the cut` });

async function open(page, fragment) {
  await page.goto(`${shared.server.url}index.html#${fragment}`, { waitUntil: 'load' });
  await page.getByRole('figure', { name: 'Space-time diagram' }).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/**
 * A predict-then-see step (issue 21) opens its run where it asks, and shows its figure once
 * answered: answers with `choice` (the first choice if not given), once per visit.
 */
async function answerPrediction(page, choice) {
  const predict = lesson(page).getByRole('group', { name: 'Predict, then see' });
  if ((await predict.count()) === 0) return;
  // One answer per visit: a prediction already graded stays as it is.
  if (/^(Right|Not quite)/m.test(await predict.innerText())) return;
  const button = choice ? predict.getByRole('button', { name: choice, exact: true }) : predict.getByRole('button').first();
  await button.click();
  await until(async () => /^(Right|Not quite)/m.test(await predict.innerText()), 'the prediction graded');
}

/** Opens a lesson step (answering its prediction, if any) and returns its figure region, checked to describe itself. */
async function figure(page, step, label, alt) {
  await open(page, `v1.lesson.${step}`);
  await answerPrediction(page);
  const region = lesson(page).getByRole('region', { name: label, exact: true });
  await region.waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  assert.match(await region.innerText(), alt, `${label}: its text alternative`);
  return region;
}

/** The lesson's "Predict, then see": the run waits at the question; an answer plays it to its
 * end (the teaching branch's lesson), so snapshot S1 then has its verdict. */
async function predictThenSee(page, choice) {
  await answerPrediction(page, choice);
  await until(async () => /Verdict/.test(await snapshotRegion(page, 1).innerText().catch(() => '')), 'the run to play to its end after the prediction');
}

/** Presses Step until the snapshot region's verdict appears (or 60 presses). */
async function stepUntilVerdict(page, id) {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 0; i < 60 && !/Verdict/.test(await snapshotRegion(page, id).innerText()); i++) {
    if (!(await step.isEnabled())) break;
    await step.click();
  }
  return snapshotRegion(page, id).innerText();
}

describe("the notes' lost figures in the lesson", () => {
  test('snapshot1.png: the property we want, made consistent by moving the cut', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot1', async ({ page, problems }) => {
      await figure(page, 'property', 'Figure snapshot1.png: events and the property we want', /m1 is an orphan/);
      assert.match(await cutReport(page).innerText(), /Inconsistent: m1 is an orphan: P2 receives it inside the cut, but P1 sends it outside/);
      const next = lesson(page).getByRole('button', { name: 'Next' });
      assert.ok(await next.isDisabled(), 'Next waits for a consistent cut');
      // By keyboard: the slider of P1's line, one event to the right (past A).
      await slider(page, 1).focus();
      await page.keyboard.press('ArrowRight');
      await until(async () => /^Consistent/.test(await cutReport(page).innerText()), 'the cut to become consistent');
      assert.equal(await slider(page, 1).getAttribute('aria-valuetext'), '1 of 3 events inside');
      await until(() => next.isEnabled(), 'Next once the task is done');
      assert.match(await lesson(page).innerText(), /Done: Make the drawn cut consistent/);
      await saveScreenshot(page, 'lost-figures-snapshot1');
      assertNoPageErrors(problems);
    });
  });

  test('snapshot2.png: C21 = [m2, m3]', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot2', async ({ page, problems }) => {
      await figure(page, 'c21', 'Figure snapshot2.png: the channel C21 = [m2, m3]', /C21 holds \[m2, m3\]/);
      await predictThenSee(page, '[m2, m3]');
      assert.match(await snapshotRegion(page, 1).innerText(), /P2 ?→ ?P1: m2 \(\$?\d+\), m3|P2 ?→ ?P1: .*m2.*m3/);
      await saveScreenshot(page, 'lost-figures-snapshot2');
      assertNoPageErrors(problems);
    });
  });

  test('snapshot3.png: examples of snapshots, one of them inconsistent', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot3', async ({ page, problems }) => {
      await figure(page, 'examples', 'Figure snapshot3.png: examples of snapshots', /four example cuts/);
      const examples = cutPanel(page).getByRole('group', { name: 'Example cuts' });
      const pick = async (n) => {
        await examples.getByRole('button', { name: `Example ${n}` }).click();
        await until(
          async () => (await examples.getByRole('button', { name: `Example ${n}` }).getAttribute('aria-pressed')) === 'true',
          `Example ${n} pressed`,
        );
        return cutReport(page).innerText();
      };
      assert.match(await pick(1), /Consistent[\s\S]*In transit across the cut: m1 \(10 tokens\) on P1 → P2, m2 \(20 tokens\) on P2 → P3/);
      assert.match(await pick(2), /Consistent[\s\S]*Nothing is in transit[\s\S]*Conserved/);
      assert.match(await pick(3), /Consistent[\s\S]*m3 \(30 tokens\) on P2 → P1, m4 \(5 tokens\) on P3 → P1/);
      const four = await pick(4);
      assert.match(four, /Inconsistent: m3 is an orphan: P1 receives it inside the cut, but P2 sends it outside/);
      assert.match(four, /not the total 300/);
      // The orphan is drawn in red on the diagram and named as such.
      const orphan = page.getByRole('figure', { name: 'Space-time diagram' }).locator('.arrow.orphan');
      assert.ok((await orphan.count()) >= 1, 'the orphan arrow is flagged');
      await saveScreenshot(page, 'lost-figures-snapshot3');
      assertNoPageErrors(problems);
    });
  });

  test('snapshot4.png: a consistent snapshot, 400 tokens', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot4', async ({ page, problems }) => {
      await figure(page, 'complete', 'Figure snapshot4.png: a consistent snapshot', /400 in all/);
      const text = await stepUntilVerdict(page, 1);
      assert.match(text, /Verdict: consistent\. Recorded states plus channels add up to 400/);
      await saveScreenshot(page, 'lost-figures-snapshot4');
      assertNoPageErrors(problems);
    });
  });

  test('snapshot5.png: the marker cannot overtake m1 on a FIFO channel', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot5', async ({ page, problems }) => {
      await figure(page, 'fifo', 'Figure snapshot5.png: a snapshot that cannot happen on FIFO channels', /cannot overtake m1/);
      const channel = page.getByRole('group', { name: startsWith('Channel P1 to P2') });
      await channel.getByRole('button', { name: startsWith('Marker S1 from P1 to P2') }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 5_000 });
      assert.match(await alert.innerText(), /m1/, 'the refusal names the message ahead of the marker');
      await saveScreenshot(page, 'lost-figures-snapshot5');
      assertNoPageErrors(problems);
    });
  });

  test('snapshot6.png: one snapshot sends n(n − 1) = 12 markers', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-snapshot6', async ({ page, problems }) => {
      await figure(page, 'markers', 'Figure snapshot6.png: n(n − 1) markers', /twelve in all/);
      await processButton(page, 'P3').click();
      await page.getByRole('group', { name: 'Actions of P3' }).getByRole('button', { name: 'Start snapshot at P3' }).click();
      const text = await stepUntilVerdict(page, 1);
      assert.match(text, /Markers sent: 12 of 12, one per channel/);
      assert.match(await lesson(page).innerText(), /Done: Start a snapshot and finish it/);
      await saveScreenshot(page, 'lost-figures-snapshot6');
      assertNoPageErrors(problems);
    });
  });

  test("seed 000's state diagram: the marker rules in the lesson", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-rules', async ({ page, problems }) => {
      await figure(page, 'first-marker', "Figure the marker rules' state diagram: the sender and receiver rules as state machines", /not recorded, recorded, done/);
      await showPanel(page, 'Marker rules');
      await page.getByRole('region', { name: 'Marker rules' }).getByRole('heading', { name: /The marker rules at P\d, snapshot S1/ }).waitFor();
      assertNoPageErrors(problems);
    });
  });

  test("seed 000's topologies: the switches in the lesson, the leaf-spine fabric by its link", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-networks', async ({ page, problems }) => {
      await figure(page, 'networks', 'Figure Switch S1 (BMv2): three programmable switches in a line', /records them/);
      for (const label of ['Switch S1 (BMv2)', 'Switch S2 (BMv2)', 'Switch S3 (BMv2)']) {
        await page.getByRole('button', { name: new RegExp(label.replace(/[()]/g, '\\$&')) }).first().waitFor();
      }
      assert.match(await snapshotRegion(page, 1).innerText(), /Markers sent: 4 of 4/);
      await saveScreenshot(page, 'lost-figures-networks');
      const leaf = lesson(page).getByRole('region', { name: 'Figure Leaf Switch 1 (Programmable): a leaf-spine fabric', exact: true });
      await leaf.getByRole('link', { name: 'Open this figure in the lab' }).click();
      await page.getByRole('button', { name: /Leaf Switch 1 \(Programmable\)/ }).first().waitFor({ timeout: APP_TIMEOUT_MS });
      await until(async () => fragment(page).startsWith('v1.') && !fragment(page).includes('lesson'), 'the lab at the figure');
      assert.equal(await lesson(page).count(), 0, 'the lab, not the lesson');
      assert.match(await snapshotRegion(page, 1).innerText(), /Markers sent: 8 of 8/);
      assertNoPageErrors(problems);
    });
  });
});

describe('draw your own cut', () => {
  test('from the lab: drag a handle, compare with the snapshot, the link unchanged', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-draw', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html`, { waitUntil: 'load' });
      await page.getByRole('combobox', { name: 'Scenario' }).waitFor({ timeout: APP_TIMEOUT_MS });
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await snapshotRegion(page, 1).waitFor();
      await settle(page);
      const link = fragment(page);
      // The cut panel is on the lab page from the first load.
      await cutPanel(page).getByRole('button', { name: 'Draw a cut' }).click();
      await cutReport(page).waitFor({ timeout: APP_TIMEOUT_MS });
      await settle(page);
      assert.equal(fragment(page), link, 'drawing a cut does not change the run');

      await cutPanel(page).getByRole('button', { name: "Use S1's cut" }).click();
      await until(async () => /This is the cut S1 recorded/.test(await cutReport(page).innerText()), "S1's cut");
      assert.match(await cutReport(page).innerText(), /In transit across the cut: m2 \(\d+\) on P2 → P1, m3 \(\d+\) on P2 → P1\./);

      // Drag P2's handle to the start of its line: nothing of P2 inside. m1 (sent inside by P1)
      // is then in transit, and the cut stays consistent.
      const handle = page.locator('.cut-handle[data-cut="1"]');
      const box = await handle.boundingBox();
      const svgBox = await page.getByRole('figure', { name: 'Space-time diagram' }).locator('svg').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(svgBox.x + 10, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      await until(async () => /^0 of \d+ events inside$/.test(await slider(page, 2).getAttribute('aria-valuetext')), 'P2 dragged to the start');
      assert.match(await cutReport(page).innerText(), /^Consistent[\s\S]*In transit across the cut: m1 \(\d+\) on P1 → P2\./);
      // P1's whole line inside (by keyboard): P1 receives m2 and m3, which P2 sends outside.
      await slider(page, 1).focus();
      await page.keyboard.press('End');
      await until(async () => /^Inconsistent/.test(await cutReport(page).innerText()), 'orphans');
      assert.match(await cutReport(page).innerText(), /m2 is an orphan: P1 receives it inside the cut, but P2 sends it outside; m3 is an orphan/);
      assert.ok((await page.locator('.arrow.orphan').count()) >= 2, 'orphans in red on the diagram');
      await saveScreenshot(page, 'lost-figures-draw');

      await cutPanel(page).getByRole('button', { name: 'Remove the cut' }).click();
      await cutPanel(page).getByRole('button', { name: 'Draw a cut' }).waitFor();
      await settle(page);
      assert.equal(fragment(page), link, 'the run is as it was');
      assertNoPageErrors(problems);
    });
  });

  test('by touch on a phone: the cut panel fits and its sliders work', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'lost-figures-phone', async ({ page, problems }) => {
      await figure(page, 'examples', 'Figure snapshot3.png: examples of snapshots', /four example cuts/);
      await cutPanel(page).getByRole('button', { name: 'Example 4' }).tap();
      await until(async () => /Inconsistent: m3/.test(await cutReport(page).innerText()), 'Example 4 by touch');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
      await saveScreenshot(page, 'lost-figures-phone');
      assertNoPageErrors(problems);
    });
  });
});

describe('causality on the space-time diagram', () => {
  test("an event's causal past and future, and the clocks written on the diagram", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-causality', async ({ page, problems }) => {
      await figure(page, 'c21', 'Figure snapshot2.png: the channel C21 = [m2, m3]', /C21 holds/);
      await predictThenSee(page, '[m2, m3]');
      const diagram = page.getByRole('figure', { name: 'Space-time diagram' });
      const events = diagram.getByRole('group', { name: startsWith('Events of the space-time diagram') });
      const details = () => diagram.locator('#event-details').innerText();
      await events.focus();
      await page.keyboard.press('Home');
      await until(async () => /^Event 1 of (\d+)/.test(await details()), 'the first event in detail');
      const total = Number(/^Event 1 of (\d+)/.exec(await details())[1]);
      // The first event happens before nothing else on its own... it has no past.
      const first = /Its causal past: (\d+) events.*causal future: (\d+).*concurrent with it: (\d+)/.exec(await details());
      assert.ok(first, await details());
      assert.equal(Number(first[1]), 0, 'the first event has no causal past');
      assert.equal(Number(first[1]) + Number(first[2]) + Number(first[3]), total - 1, 'past, future and concurrent cover the rest');
      assert.equal(await diagram.locator('.cone.past').count(), 0);
      assert.equal(await diagram.locator('.cone.future').count(), Number(first[2]), 'every event of its future is ringed');
      await page.keyboard.press('End');
      const last = /Its causal past: (\d+) events.*causal future: (\d+)/.exec(await details());
      assert.equal(Number(last[2]), 0, 'the last event has no causal future');
      assert.ok(Number(last[1]) > 0, 'the last event has a past');
      assert.equal(await diagram.locator('.cone.past').count(), Number(last[1]));

      await diagram.getByRole('combobox', { name: 'Clocks on events' }).selectOption('vector');
      // One clock per dot (an action's events share a dot).
      const dots = await diagram.locator('.dot').count();
      assert.ok(dots > 0 && dots <= total);
      await until(async () => (await diagram.locator('text.clock').count()) === dots, 'a vector clock on every dot');
      assert.equal(await diagram.locator('text.clock').first().textContent(), '[1,0]');
      await diagram.getByRole('combobox', { name: 'Clocks on events' }).selectOption('lamport');
      await until(async () => (await diagram.locator('text.clock').first().textContent()) === '1', 'Lamport clocks');
      // The snapshot's cut as a vector-clock frontier.
      assert.match(await snapshotRegion(page, 1).innerText(), /Its cut as a vector clock: \[\d+, \d+\]/);
      await saveScreenshot(page, 'lost-figures-causality');
      assertNoPageErrors(problems);
    });
  });
});

describe('safety and liveness', () => {
  test('the lesson opens a run that breaks each', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-safety', async ({ page, problems }) => {
      await open(page, 'v1.lesson.safety-liveness');
      const see = lesson(page).getByRole('navigation', { name: 'See it happen' });
      await see.getByRole('link', { name: 'Liveness broken: a lost marker (no loss)' }).click();
      await until(async () => /can never complete/.test(await snapshotRegion(page, 1).innerText().catch(() => '')), 'S1 never completes');
      assert.equal(await lesson(page).count(), 0, 'the run opens in the lab');
      await page.goBack();
      await lesson(page).getByRole('navigation', { name: 'See it happen' }).getByRole('link', { name: 'Snapshot still true: lost money (no loss)' }).click();
      // A lost application message breaks the bank's invariant, not the snapshot: the verdict
      // stays consistent and the changed total is reported apart from it.
      await until(async () => /Verdict: consistent/.test(await snapshotRegion(page, 1).innerText().catch(() => '')), 'the verdict to say consistent');
      const lost = await snapshotRegion(page, 1).innerText();
      assert.doesNotMatch(lost, /inconsistent/);
      assert.match(lost, /the recorded total is \d+, not the \d+ it started with/);
      assert.match(lost, /The snapshot is still true; the application's invariant broke/);
      assertNoPageErrors(problems);
    });
  });
});

describe('what snapshots are for', () => {
  test('termination is detected only when every channel is empty too', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-stable', async ({ page, problems }) => {
      await open(page, 'v1.lesson.stable');
      await lesson(page).getByRole('heading', { name: 'What snapshots are for: has the work terminated?' }).waitFor();
      // Asked first: every worker will record 0 jobs; has the work terminated? (No: C13 holds m1.)
      await predictThenSee(page, 'No');
      const notYet = await snapshotRegion(page, 1).innerText();
      assert.match(notYet, /P1: 0 tokens[\s\S]*P2: 0 tokens[\s\S]*P3: 0 tokens/);
      assert.match(notYet, /P1→P3: \[m1\]/, 'a job in transit');
      await saveScreenshot(page, 'lost-figures-stable');
      await lesson(page).getByRole('navigation', { name: 'See it happen' }).getByRole('link', { name: 'Terminated: the snapshot after every job is done' }).click();
      await until(async () => !/\[m1\]/.test(await snapshotRegion(page, 1).innerText().catch(() => '[m1]')), 'the terminated run');
      const done = await snapshotRegion(page, 1).innerText();
      assert.doesNotMatch(done, /P\d→P\d: \[/, 'every channel empty');
      assert.match(done, /P3: 0 tokens/);
      assertNoPageErrors(problems);
    });
  });
});

describe('it never happened, but it could have', () => {
  test("a snapshot's recorded state, reached by a reordered run in a new tab", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'lost-figures-reached', async ({ page, problems }) => {
      await figure(page, 'c21', 'Figure snapshot2.png: the channel C21 = [m2, m3]', /C21 holds/);
      await predictThenSee(page, '[m2, m3]');
      const s1 = snapshotRegion(page, 1);
      assert.match(await s1.innerText(), /could have passed through it: the same application events in another order pass through it at step (\d+) of (\d+)/);
      const [, at, total] = /at step (\d+) of (\d+)/.exec(await s1.innerText());
      const link = s1.getByRole('link', { name: startsWith('Open that run (new tab)') });
      const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await tab.getByRole('figure', { name: 'Space-time diagram' }).waitFor({ timeout: APP_TIMEOUT_MS });
      // The new tab's timeline stops where the run passes through S1's recorded state: P1 490,
      // P2 460 and C21 holding two messages (m2 and m3 of the real run).
      assert.equal(await tab.getByRole('slider', { name: 'Timeline' }).getAttribute('aria-valuetext'), `step ${at} of ${total}`);
      assert.match(await accessibleName(tab.getByRole('button', { name: startsWith('Process P1') })), /490/);
      assert.match(await accessibleName(tab.getByRole('button', { name: startsWith('Process P2') })), /460/);
      const c21 = tab.getByRole('group', { name: startsWith('Channel P2 to P1') });
      assert.equal(await c21.getByRole('button', { name: /^Message m\d+ from P2 to P1/ }).count(), 2, 'C21 holds two messages');
      assert.equal(await tab.getByRole('region', { name: startsWith('Snapshot S') }).count(), 0, 'no markers: the application alone');
      await tab.close();
      assertNoPageErrors(problems);
    });
  });
});

describe('it never happened, but it could have: played beside the real run', () => {
  const beside = (page) => page.getByRole('region', { name: 'S1 beside a run that passes through its recorded state' });
  const status = (page) => beside(page).getByRole('status');
  const stepSlider = (page) => beside(page).getByRole('slider', { name: 'Step of the reordered run' });
  /** The rows of the global-state table: [name, now, recorded, same]. */
  const rows = (page) =>
    beside(page).getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  /** Dark (done) events drawn in one of the two runs. */
  const done = (page, run) => beside(page).getByRole('figure', { name: run, exact: true }).locator('circle.dot.done').count();
  const cutPoints = (page, run, cls) =>
    beside(page).getByRole('figure', { name: run, exact: true }).locator(`g.cut.${cls} polyline`).getAttribute('points');

  async function openBeside(page) {
    await open(page, 'v1.lesson.questions');
    const s1 = snapshotRegion(page, 1);
    await s1.waitFor({ timeout: APP_TIMEOUT_MS });
    const button = s1.getByRole('button', { name: 'Play it beside the real run' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.click();
    await beside(page).waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    return button;
  }

  test('steps, plays and compares with the recorded state, by pointer and keyboard', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'reordered-beside', async ({ page, problems }) => {
      const opener = await openBeside(page);
      // Opened on step 0 with the focus on Play.
      assert.match(await status(page).innerText(), /^Step 0 of 4: the initial state, before any event\.$/);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Play');
      assert.equal(await done(page, 'The real run'), 0);
      // Step 1: m2 is sent first, and that is S1's recorded state, which the real run never was in.
      await control(beside(page), 'Next step').click();
      const text = await status(page).innerText();
      assert.match(text, /^Step 1 of 4: P2 sends m2 \(50\) to P1\. This is S1's recorded state/);
      assert.match(text, /The real run never was in this state/);
      assert.deepEqual(await rows(page), [
        ['P1', 'balance 500', 'balance 500', 'yes'],
        ['P2', 'balance 450', 'balance 450', 'yes'],
        ['P2→P1', '[m2]', '[m2]', 'yes'],
      ]);
      assert.equal(await stepSlider(page).getAttribute('aria-valuetext'), 'step 1 of 4');
      // Both runs have done the same one event; on the real run the swept cut lies on S1's cut.
      assert.equal(await done(page, 'The real run'), 1);
      assert.equal(await done(page, 'The reordered run'), 1);
      assert.equal(await cutPoints(page, 'The real run', 'swept'), await cutPoints(page, 'The real run', 'recorded'));
      await saveScreenshot(page, 'reordered-beside-desktop');
      // Step 2: P1 sends m1 after it recorded; no longer the recorded state.
      await control(beside(page), 'Next step').click();
      assert.match(await status(page).innerText(), /^Step 2 of 4: P1 sends m1 \(100\) to P2\.$/);
      assert.deepEqual((await rows(page))[0], ['P1', 'balance 400', 'balance 500', 'no']);
      assert.notEqual(await cutPoints(page, 'The real run', 'swept'), await cutPoints(page, 'The real run', 'recorded'));
      // Play runs to the end and stops there.
      await control(beside(page), 'Play').click();
      assert.equal(await control(beside(page), 'Pause').getAttribute('aria-pressed'), 'true');
      await until(async () => /^Step 4 of 4/.test(await status(page).innerText()), 'the reordered run to play to its end', { timeout: 10_000 });
      await control(beside(page), 'Play').waitFor();
      assert.equal(await done(page, 'The real run'), 4);
      assert.deepEqual((await rows(page)).map((r) => r.slice(0, 2)), [['P1', 'balance 450'], ['P2', 'balance 550'], ['P2→P1', 'empty']]);
      // Go to the recorded state; the slider by keyboard.
      await control(beside(page), "Go to S1's recorded state").click();
      assert.match(await status(page).innerText(), /^Step 1 of 4: .*This is S1's recorded state/);
      await stepSlider(page).focus();
      await page.keyboard.press('Home');
      assert.match(await status(page).innerText(), /^Step 0 of 4/);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.match(await status(page).innerText(), /^Step 2 of 4/);
      // Close: the region goes, the focus returns to the button that opened it.
      await control(beside(page), 'Close').click();
      assert.equal(await beside(page).count(), 0);
      assert.equal(await opener.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Play it beside the real run');
      assertNoPageErrors(problems);
    });
  });

  test('C21: the real run was in that state too, only markers between', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'reordered-c21', async ({ page, problems }) => {
      await figure(page, 'c21', 'Figure snapshot2.png: the channel C21 = [m2, m3]', /C21 holds/);
      await predictThenSee(page, '[m2, m3]');
      await snapshotRegion(page, 1).getByRole('button', { name: 'Play it beside the real run' }).click();
      await control(beside(page), "Go to S1's recorded state").click();
      const text = await status(page).innerText();
      assert.match(text, /^Step 4 of 6: .*This is S1's recorded state/);
      assert.match(text, /The real run was in this state too: only markers stand between the two orders\./);
      assert.deepEqual((await rows(page)).at(-1), ['P2→P1', '[m2, m3]', '[m2, m3]', 'yes']);
      assertNoPageErrors(problems);
    });
  });

  test('at phone width the two runs stack and the page does not scroll sideways', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'reordered-beside-phone', async ({ page, problems }) => {
      await openBeside(page);
      await control(beside(page), "Go to S1's recorded state").click();
      const boxes = await beside(page).getByRole('figure').evaluateAll((figs) => figs.map((f) => f.getBoundingClientRect().top));
      assert.ok(boxes[1] > boxes[0], 'the reordered run below the real run');
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1), 'no sideways page scroll');
      await beside(page).scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'reordered-beside-phone');
      assertNoPageErrors(problems);
    });
  });
});

describe('a drawn cut played through', () => {
  test('a consistent drawn cut is a state some run passes through; an inconsistent one is not', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'reordered-drawn-cut', async ({ page, problems }) => {
      await figure(page, 'property', 'Figure snapshot1.png: events and the property we want', /m1 is an orphan/);
      const play = cutPanel(page).getByRole('button', { name: 'Play a run through this cut' });
      assert.equal(await play.count(), 0, 'not offered for an inconsistent cut');
      await slider(page, 1).focus();
      await page.keyboard.press('ArrowRight');
      await until(async () => /^Consistent/.test(await cutReport(page).innerText()), 'the cut to become consistent');
      await play.click();
      const beside = page.getByRole('region', { name: 'The drawn cut beside a run that passes through it' });
      await beside.waitFor();
      await control(beside, "Go to the drawn cut's state").click();
      assert.match(await beside.getByRole('status').innerText(), /This is the global state at the drawn cut/);
      const same = await beside.getByRole('table').locator('tbody tr td:last-child').allInnerTexts();
      assert.ok(same.length >= 2 && same.every((t) => t === 'yes'), same.join(' '));
      // Its line on the real run is the drawn cut: the swept cut lies on it.
      const points = (cls) => beside.getByRole('figure', { name: 'The real run', exact: true }).locator(`g.cut.${cls} polyline`).getAttribute('points');
      assert.equal(await points('swept'), await points('drawn'));
      await saveScreenshot(page, 'reordered-drawn-cut');
      // Back to an orphan: no run passes through it, so the view goes.
      await slider(page, 1).focus();
      await page.keyboard.press('ArrowLeft');
      await until(async () => /^Inconsistent/.test(await cutReport(page).innerText()), 'the cut to be inconsistent again');
      assert.equal(await beside.count(), 0);
      assert.equal(await play.count(), 0);
      assertNoPageErrors(problems);
    });
  });
});
