// Issue 21's last parts, in the browser: the two new exercise kinds (What does this snapshot
// tell you?, Safety or liveness?) opened by their routes, answered wrong then right, with the
// feedback that explains each mistake; both listed in the index; the pseudocode and the marker
// rules under the what-if rule; and Korean particles chosen from the word (`P2가`, `P1이`).
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/ex-tells-*.png,
// ex-breaks-*.png, what-if-*.png, particles-ko.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  openMore,
  processButton,
  saveScreenshot,
  sharedSession,
  showPanel,
  startsWith,
  until,
  withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;
const WHAT_IF_LINK = 'v1.QgTIAcgByAHIAQEEEGABAWABAmABAw';

const shared = sharedSession();
const exercise = (page) => page.getByRole('region', { name: 'Exercise', exact: true });
const feedback = (page) => exercise(page).locator('.feedback');

let visits = 0;
async function open(page, fragmentText) {
  visits += 1;
  await page.goto(`${shared.server.url}index.html?visit=${visits}#${fragmentText}`, { waitUntil: 'load' });
  await page.locator('svg.topology, .exercises-page').first().waitFor({ timeout: APP_TIMEOUT_MS });
}

/** The answer's inputs (checkboxes or radios) by their labels, with whether each is checked. */
async function choices(page) {
  const inputs = exercise(page).locator('fieldset.claims input');
  const out = [];
  for (let i = 0; i < (await inputs.count()); i += 1) {
    const input = inputs.nth(i);
    const label = (await input.locator('xpath=..').innerText()).trim();
    out.push({ label, checked: await input.isChecked() });
  }
  return out;
}

/** The solution, as "Show the solution" fills the form, on a page of its own. */
async function solution(fragmentText) {
  let shown;
  await withPage(shared.browser, DESKTOP, 'issue21-solution', async ({ page, problems }) => {
    await open(page, fragmentText);
    await control(exercise(page), 'Show the solution').click();
    await until(async () => (await choices(page)).some((c) => c.checked), 'the solution to fill the form');
    shown = await choices(page);
    assertNoPageErrors(problems);
  });
  return shown;
}

async function answer(page, wanted) {
  for (const { label, checked } of wanted) {
    const box = exercise(page).getByLabel(label, { exact: true });
    if (checked) await box.check();
    else if ((await box.getAttribute('type')) === 'checkbox') await box.uncheck();
  }
  await control(exercise(page), 'Check').click();
}

describe('the two new exercise kinds', () => {
  test('What does this snapshot tell you? by its route: wrong, explained item by item, then right', { timeout: TEST_TIMEOUT }, async () => {
    const route = 'v1.ex.snapshot-tells.2.3';
    const right = await solution(route);
    assert.equal(right.length, 5, 'level 2 has five statements');
    assert.ok(right.some((c) => c.checked) && right.some((c) => !c.checked), 'some follow, some do not');
    await withPage(shared.browser, DESKTOP, 'ex-tells', async ({ page, problems }) => {
      await open(page, route);
      await exercise(page).getByRole('heading', { name: 'What does this snapshot tell you?' }).waitFor();
      assert.match(await exercise(page).innerText(), /snapshot S1 is complete\. Which of these statements follow/);
      const claims = await choices(page);
      assert.deepEqual(claims.map((c) => c.label), right.map((c) => c.label), 'the same statements, in order');
      assert.ok(claims.every((c) => !c.checked), 'an empty form to start');
      // Wrong: tick every statement. Each one that does not follow is explained.
      await answer(page, claims.map(({ label }) => ({ label, checked: true })));
      await until(async () => /Not yet\./.test(await feedback(page).innerText()), 'the wrong answer graded');
      const items = feedback(page).locator('li');
      assert.equal(await items.count(), right.filter((c) => !c.checked).length, 'one item per statement that does not follow');
      const text = await feedback(page).innerText();
      assert.match(text, /does not follow, and in this run it is false: event #\d+ on P\d \(after its recording\) happened before event #\d+/);
      // The event it names can be shown.
      await feedback(page).getByRole('button', { name: /^Show event #\d+$/ }).first().click();
      await saveScreenshot(page, 'ex-tells-desktop');
      // Right: the solution's ticks.
      await answer(page, right);
      await until(async () => /Right!/.test(await feedback(page).innerText()), 'the right answer graded');
      assert.match(await feedback(page).innerText(), /statements follow\. A snapshot tells you a state the system could have been in/);
      assertNoPageErrors(problems);
    });
    await withPage(shared.browser, PHONE, 'ex-tells-phone', async ({ page, problems }) => {
      await open(page, route);
      await exercise(page).getByRole('heading', { name: 'What does this snapshot tell you?' }).waitFor();
      await answer(page, right.map(({ label, checked }) => ({ label, checked: !checked })));
      await until(async () => /Not yet\./.test(await feedback(page).innerText()), 'graded on a phone');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `nothing scrolls sideways at 360 px (${wide})`);
      await saveScreenshot(page, 'ex-tells-phone');
      assertNoPageErrors(problems);
    });
  });

  test('Safety or liveness? by its route: each wrong choice says why not, then right', { timeout: TEST_TIMEOUT }, async () => {
    for (const [route, truth] of [
      ['v1.ex.safety-liveness.1.1', /^Neither/],
      ['v1.ex.safety-liveness.1.2', /^Liveness/],
      ['v1.ex.safety-liveness.3.1', /^Safety/],
    ]) {
      const right = await solution(route);
      const chosen = right.filter((c) => c.checked);
      assert.equal(chosen.length, 1);
      assert.match(chosen[0].label, truth, `${route}: what the core says it broke`);
      await withPage(shared.browser, DESKTOP, 'ex-breaks', async ({ page, problems }) => {
        await open(page, route);
        await exercise(page).getByRole('heading', { name: 'Safety or liveness?' }).waitFor();
        assert.match(await exercise(page).innerText(), /An assumption of the algorithm broke in this run: .+, at event #\d+\./);
        for (const wrong of right.filter((c) => !c.checked)) {
          await answer(page, [{ label: wrong.label, checked: true }]);
          const why = wrong.label.startsWith('Safety') ? 'Not safety' : wrong.label.startsWith('Liveness') ? 'Not liveness' : 'It is not “neither”';
          await until(async () => (await feedback(page).innerText()).includes(why), `why not ${wrong.label}`);
          assert.match(await feedback(page).innerText(), /Not yet\.[\s\S]*assumption broken \(/);
          await feedback(page).getByRole('button', { name: /^Show event #\d+$/ }).first().waitFor();
        }
        if (route.endsWith('1.1')) await saveScreenshot(page, 'ex-breaks-desktop');
        await answer(page, chosen);
        await until(async () => /Right!/.test(await feedback(page).innerText()), 'the right choice graded');
        assertNoPageErrors(problems);
      });
    }
    await withPage(shared.browser, PHONE, 'ex-breaks-phone', async ({ page, problems }) => {
      await open(page, 'v1.ex.safety-liveness.1.1');
      await exercise(page).getByRole('heading', { name: 'Safety or liveness?' }).waitFor();
      await answer(page, [{ label: (await choices(page))[0].label, checked: true }]);
      await until(async () => /Not yet\./.test(await feedback(page).innerText()), 'graded on a phone');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `nothing scrolls sideways at 360 px (${wide})`);
      await saveScreenshot(page, 'ex-breaks-phone');
      assertNoPageErrors(problems);
    });
  });

  test('the index lists both kinds at three levels, and a link opens the exercise', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'ex-index', async ({ page, problems }) => {
      await open(page, 'v1.exercises');
      const list = page.getByRole('region', { name: 'Exercises', exact: true });
      await until(async () => /Solved so far: 0 of 24/.test(await list.innerText()), 'eight kinds at three levels');
      for (const title of ['What does this snapshot tell you?', 'Safety or liveness?']) {
        for (const level of [1, 2, 3]) {
          await list.getByRole('link', { name: startsWith(`${title}, level ${level}`) }).waitFor();
        }
      }
      await list.getByRole('link', { name: startsWith('Safety or liveness?, level 2') }).click();
      await exercise(page).getByRole('heading', { name: 'Safety or liveness?' }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.match(decodeURIComponent(new URL(page.url()).hash), /^#v1\.ex\.safety-liveness\.2\.1/);
      assertNoPageErrors(problems);
    });
  });
});

describe('the what-if rule in the pseudocode and the state machines', () => {
  test('under seed 000\'s rule they show the rule the run uses; switched off, the published one', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'what-if-rules', async ({ page, problems }) => {
      await open(page, WHAT_IF_LINK);
      await showPanel(page, 'Pseudocode');
      const code = page.getByRole('region', { name: 'The algorithm' });
      await code.getByRole('heading', { name: "Chandy–Lamport, what if: no marker back to the first marker's sender" }).waitFor();
      assert.match(await code.innerText(), /send markers on every outgoing channel except Cik, back to Pk, the first marker's sender/);
      assert.match(await code.innerText(), /Under this rule it never comes/);
      await showPanel(page, 'Marker rules');
      const rules = page.getByRole('region', { name: 'Marker rules' });
      await processButton(page, 1).click();
      await rules.getByRole('heading', { name: 'The marker rules at P1, snapshot S1' }).waitFor();
      const c21 = rules.getByRole('figure', { name: startsWith('C21: P2 → P1; no marker will come: P2 got its first marker from P1 and sent none back') });
      assert.equal((await c21.locator('li[aria-current="step"]').innerText()).trim().split(':')[0], 'recording', 'C21 records forever');
      assert.match(await c21.innerText(), /a marker that never comes/);
      // Clicking the selected process again deselects it (a click on another would send to it).
      await processButton(page, 1).click();
      await processButton(page, 2).click();
      await rules.getByRole('heading', { name: 'The marker rules at P2, snapshot S1' }).waitFor();
      await rules.getByText("What if (seed 000's rule): P2 sent markers on every outgoing channel except back to P1, the sender of its first marker.").waitFor();
      await saveScreenshot(page, 'what-if-rules-desktop');
      // Switched off: the published rule, in both panels.
      await openMore(page);
      await page.getByRole('checkbox', { name: "What if: no marker back to the first marker's sender" }).uncheck();
      await page.keyboard.press('Escape');
      await rules.getByText(/What if \(seed 000's rule\)/).waitFor({ state: 'detached' });
      assert.equal(await rules.getByText(/no marker will come/).count(), 0);
      await showPanel(page, 'Pseudocode');
      await code.getByRole('heading', { name: 'Chandy–Lamport, rule by rule' }).waitFor();
      assert.doesNotMatch(await code.innerText(), /except Cik/);
      assertNoPageErrors(problems);
    });
  });
});

describe('Korean particles', () => {
  test('the page writes one particle, chosen from the word: no 이(가) left in a Korean run', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { width: 1280, height: 800, locale: 'ko-KR' }, 'particles-ko', async ({ page, problems }) => {
      await open(page, 'v1.ex.safety-liveness.1.1&lang=ko');
      await until(() => page.evaluate(() => document.documentElement.lang === 'ko'), 'the page in Korean');
      // The exercise region, by its Korean name.
      const korean = page.getByRole('region', { name: '연습 문제', exact: true });
      await korean.getByRole('heading', { name: '안전성인가, 활동성인가?' }).waitFor({ timeout: APP_TIMEOUT_MS });
      await korean.locator('fieldset.claims input').first().check();
      await korean.locator('button[type=submit]').click();
      await until(async () => (await korean.locator('.feedback').count()) === 1, 'the Korean feedback');
      await showPanel(page, '이벤트 로그').catch(() => {});
      const text = await page.locator('body').innerText();
      for (const double of ['(가)', '(를)', '(는)', '(과)', '(으)로', '(이)']) {
        assert.ok(!text.includes(double), `no ${double} on the page: ${text.slice(text.indexOf(double) - 40, text.indexOf(double) + 10)}`);
      }
      assert.match(text, /P[1-4][이가은는을를]/u, 'P# with a particle');
      await saveScreenshot(page, 'particles-ko');
      assertNoPageErrors(problems);
    });
  });
});
