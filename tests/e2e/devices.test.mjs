// Devices: a whole snapshot by touch alone at phone width (360 px, isMobile, hasTouch), no
// sideways scrolling on the lab, lesson and exercise pages there, a tap or a long press on an
// event of the space-time diagram in place of hovering it; presentation mode for projectors
// (`&present`: the toolbar's toggle, the class on <html>, the link option, kept on reload,
// keyboard stepping, a clicker's Page Down and Page Up); reduced motion (no transition or animation runs).
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/devices-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibleName,
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  fragment,
  processButton,
  saveScreenshot,
  sharedSession,
  startsWith,
  until,
  withPage,
  settle,
  showPanel,
  openMore,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;
const KINDS = ['send-goal', 'predict', 'which-cut', 'consistent', 'order-markers', 'count'];

const shared = sharedSession();

const channels = (page) => page.getByRole('group', { name: startsWith('Channel') });
const eventRows = (page) =>
  page.getByRole('table', { name: startsWith('Event log') }).getByRole('row').filter({ has: page.getByRole('cell') });
const region = (page, id) => page.getByRole('region', { name: `Snapshot S${id}` });

async function open(page, hash = '') {
  await page.goto(`${shared.server.url}index.html${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
  await page.getByRole('navigation', { name: 'Modes' }).waitFor({ timeout: APP_TIMEOUT_MS });
}

/** Where an SVG element is drawn (the origin of its coordinates), in viewport coordinates. */
async function centre(locator) {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((el) => {
    const m = el.getScreenCTM();
    return { x: m.e, y: m.f };
  });
}

/** A tap with one finger on the touch screen. */
async function tap(page, locator) {
  const at = await centre(locator);
  await page.touchscreen.tap(at.x, at.y);
}

/** The page's width beyond the window's, in px (0: no sideways scrolling). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('a phone, by touch alone', () => {
  test('a whole snapshot: tap a process, its actions, the head messages; touch-drag to send', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'devices-touch', async ({ page, problems }) => {
      await open(page);
      // Send m1 from P1 to P2 by tapping P1 then P2.
      await tap(page, processButton(page, 1));
      await until(async () => /selected/.test(await accessibleName(processButton(page, 1))), 'a tap to select P1');
      await tap(page, processButton(page, 2));
      await page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') }).waitFor();

      // Send m2 from P2 to P3 by dragging a finger (pointer events of type touch).
      const svg = page.getByRole('img', { name: 'Processes and channels' });
      const a = await centre(processButton(page, 2));
      const b = await centre(processButton(page, 3));
      const touch = (x, y) => ({ pointerType: 'touch', isPrimary: true, pointerId: 1, button: 0, buttons: 1, clientX: x, clientY: y });
      await processButton(page, 2).dispatchEvent('pointerdown', touch(a.x, a.y));
      for (let i = 1; i <= 6; i++) {
        await svg.dispatchEvent('pointermove', touch(a.x + ((b.x - a.x) * i) / 6, a.y + ((b.y - a.y) * i) / 6));
      }
      await svg.dispatchEvent('pointerup', { ...touch(b.x, b.y), buttons: 0 });
      await page.getByRole('button', { name: startsWith('Message m2 from P2 to P3') }).waitFor();

      // Start a snapshot at P1 from its actions, by tapping them.
      await tap(page, processButton(page, 1));
      const actions = page.getByRole('group', { name: 'Actions of P1' });
      await actions.waitFor();
      await control(actions, 'Start snapshot at P1').tap();
      await region(page, 1).waitFor();
      if (await control(actions, 'Done').isVisible()) await control(actions, 'Done').tap();

      // Deliver by tapping the message at the head of a channel until the snapshot is complete.
      for (let i = 0; i < 30 && !/\bconsistent\b/.test(await region(page, 1).innerText()); i++) {
        const before = await eventRows(page).count();
        let head = null;
        for (const channel of await channels(page).all()) {
          const inside = channel.getByRole('button');
          if ((await inside.count()) > 0) {
            head = inside.first();
            break;
          }
        }
        assert.ok(head, `nothing in flight, yet S1 is not complete: ${await region(page, 1).innerText()}`);
        await tap(page, head);
        await until(async () => (await eventRows(page).count()) > before, `tap ${i + 1} on a head message to deliver it`);
      }
      const text = (await region(page, 1).innerText()).replace(/\s+/g, ' ');
      assert.match(text, /\bconsistent\b/);
      assert.doesNotMatch(text, /inconsistent/);
      assert.ok(text.includes('add up to 3000'), text);
      assert.ok((await overflow(page)) <= 0, `the lab is ${await overflow(page)} px wider than the phone`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'devices-touch');
      assertNoPageErrors(problems);
    });
  });

  test('no sideways scrolling at 360 px on the lab, the lesson, the exercise list and each exercise', { timeout: TEST_TIMEOUT * 2 }, async () => {
    await withPage(shared.browser, PHONE, 'devices-width', async ({ page, problems }) => {
      const wide = [];
      for (const hash of ['', 'v1.lesson.why', 'v1.lesson.first-marker', 'v1.exercises', ...KINDS.map((k) => `v1.ex.${k}.2.3`)]) {
        await open(page, hash);
        // A new fragment alone does not reload the page: wait for the page it asks for.
        if (hash.startsWith('v1.lesson.')) await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor();
        else if (hash.startsWith('v1.ex.')) await page.getByRole('region', { name: 'Exercise', exact: true }).waitFor();
        else if (hash === 'v1.exercises') await page.getByRole('link', { name: startsWith('Make a channel record') }).first().waitFor();
        await settle(page); // what the page drew after its first update
        const px = await overflow(page);
        if (px > 0) wide.push(`#${hash}: ${px} px too wide`);
      }
      assert.deepEqual(wide, [], 'pages wider than a 360 px phone');
      assertNoPageErrors(problems);
    });
  });

  test('a tap, or a long press, on an event of the space-time diagram shows its details (no hover on touch)', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'devices-long-press', async ({ page, problems }) => {
      await open(page);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('c21');
      await until(async () => (await eventRows(page).count()) === 16, 'the 16 events of c21');
      const details = page.locator('#event-details');
      assert.match(await details.innerText(), /^Hover over an event, or/);

      const first = page.locator('.spacetime [data-seq="1"]');
      await first.scrollIntoViewIfNeeded();
      const at = await first.boundingBox();
      await page.touchscreen.tap(at.x + at.width / 2, at.y + at.height / 2);
      await until(async () => /^Event 1 of 16: /.test(await details.innerText()), 'a tap on event 1 to show it', {
        describe: () => details.innerText(),
      });

      // A long press: the finger stays down for 800 ms before it lifts.
      const dot = page.locator('.spacetime [data-seq="6"]');
      await dot.scrollIntoViewIfNeeded();
      const box = await dot.boundingBox();
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      await page.waitForTimeout(800);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await until(async () => /^Event 6 of 16: /.test(await details.innerText()), 'a long press on event 6 to show it', {
        describe: () => details.innerText(),
      });
      assertNoPageErrors(problems);
    });
  });
});

describe('a phone, real touch gestures on the process diagram', () => {
  /** A finger pressed at `a`, moved to `b` in `steps`, lifted: real touch input (CDP), which the browser may turn into a scroll. */
  async function swipe(page, a, b, steps = 10) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: a.x, y: a.y }] });
    for (let i = 1; i <= steps; i++) {
      const at = { x: a.x + ((b.x - a.x) * i) / steps, y: a.y + ((b.y - a.y) * i) / steps };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  test('a swipe that starts on empty diagram space scrolls the page; one that starts on a process drags to send', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'devices-swipe', async ({ page, problems }) => {
      await open(page);
      const svg = page.getByRole('img', { name: 'Processes and channels' });
      await svg.scrollIntoViewIfNeeded();
      // A point of the diagram with nothing on it: the box's top left corner, inside.
      const box = await svg.boundingBox();
      const empty = await page.evaluate(({ x, y, w, h }) => {
        for (let dy = 8; dy < h - 8; dy += 8) for (let dx = 8; dx < w - 8; dx += 8) {
          const el = document.elementFromPoint(x + dx, y + dy);
          if (el && el.closest('svg.topology') && !el.closest('.process, .message, [role=button]')) return { x: x + dx, y: y + dy };
        }
        return null;
      }, { x: box.x, y: box.y, w: box.width, h: box.height });
      assert.ok(empty, 'the diagram has empty space to swipe on');
      const before = await page.evaluate(() => scrollY);
      await swipe(page, empty, { x: empty.x, y: Math.max(5, empty.y - 200) });
      await until(async () => (await page.evaluate(() => scrollY)) > before + 50, 'the page to scroll under a swipe on empty diagram space', {
        describe: async () => `scrollY ${await page.evaluate(() => scrollY)} (was ${before})`,
      });
      // The same gesture from a process drags a message onto another, and the page stays put.
      const p2 = await centre(processButton(page, 2));
      const p3 = await centre(processButton(page, 3));
      const still = await page.evaluate(() => scrollY);
      await swipe(page, p2, p3);
      await until(async () => (await page.getByRole('button', { name: startsWith('Message m1 from P2 to P3') }).count()) === 1, 'a touch drag from P2 to P3 to send m1', {
        describe: async () => (await page.getByRole('status').first().innerText()),
      });
      assert.equal(await page.evaluate(() => scrollY), still, 'a drag to send does not scroll the page');
      assertNoPageErrors(problems);
    });
  });
});

describe('presentation mode', () => {
  test('the toggle sets the class on <html> and &present in the link; a reload keeps it; N and U step', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'devices-present', async ({ page, problems }) => {
      await open(page);
      await openMore(page);
      const toggle = control(page, 'Presentation mode');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.narration')).fontSize));
      const plain = await size();
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('present')), false);

      await toggle.click();
      await until(async () => (await toggle.getAttribute('aria-pressed')) === 'true', 'the toggle to be pressed');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('present')), true);
      await until(() => /&present(&|$)/.test(fragment(page)), 'the link to say &present', { describe: () => fragment(page) });
      // Presentation mode's styles apply with the class.
      await until(async () => (await size()) >= plain * 1.3, 'large type', { describe: async () => `${await size()} px against ${plain} px` });

      // The keyboard steps the run: N delivers one message, U takes it back.
      await processButton(page, 1).click();
      await processButton(page, 2).click();
      await page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') }).waitFor();
      await page.keyboard.press('Escape');
      const rows = await eventRows(page).count();
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('n');
      await until(async () => (await eventRows(page).count()) > rows, 'N to step');
      await page.keyboard.press('u');
      await until(async () => (await eventRows(page).count()) === rows, 'U to undo the step');
      // A presenter's clicker: Page Down steps, Page Up undoes.
      await page.keyboard.press('PageDown');
      await until(async () => (await eventRows(page).count()) > rows, 'Page Down to step');
      await page.keyboard.press('PageUp');
      await until(async () => (await eventRows(page).count()) === rows, 'Page Up to undo the step');

      await settle(page); // the URL is written a task after the last action
      await page.reload({ waitUntil: 'load' });
      await page.getByRole('navigation', { name: 'Modes' }).waitFor({ timeout: APP_TIMEOUT_MS });
      await openMore(page);
      await until(async () => (await control(page, 'Presentation mode').getAttribute('aria-pressed')) === 'true', 'the reload to keep presentation mode');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('present')), true);
      assert.equal(await eventRows(page).count(), rows, 'the run is kept too');
      await saveScreenshot(page, 'devices-present');

      await control(page, 'Presentation mode').click();
      await until(async () => !(await page.evaluate(() => document.documentElement.classList.contains('present'))), 'the class to go');
      await until(() => !/&present/.test(fragment(page)), 'the link option to go', { describe: () => fragment(page) });
      assertNoPageErrors(problems);
    });
  });
});

describe('reduced motion', () => {
  /** Every element with a transition or animation that takes time, as `selector: durations`. */
  const moving = (page) =>
    page.evaluate(() => {
      const secs = (v) => v.split(',').map((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 0.001 : 1));
      return [...document.querySelectorAll('*')]
        .filter((el) => {
          const s = getComputedStyle(el);
          return [...secs(s.transitionDuration), ...secs(s.animationDuration)].some((d) => d > 0);
        })
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${getComputedStyle(el).transitionDuration}`);
    });

  for (const reducedMotion of ['no-preference', 'reduce']) {
    test(`prefers-reduced-motion: ${reducedMotion}`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, reducedMotion }, `devices-motion-${reducedMotion}`, async ({ page, problems }) => {
        await open(page);
        // The marker rules' state machines, whose stages animate, are on the lab page, in their tab.
        await processButton(page, 1).waitFor({ timeout: APP_TIMEOUT_MS });
        await showPanel(page, 'Marker rules');
        await page.getByRole('region', { name: 'Marker rules' }).waitFor({ timeout: APP_TIMEOUT_MS });
        await processButton(page, 1).click();
        await control(page.getByRole('group', { name: 'Actions of P1' }), 'Start snapshot at P1').click();
        await region(page, 1).waitFor();
        await page.locator('.rules .stage').first().waitFor();
        const found = await moving(page);
        if (reducedMotion === 'reduce') {
          assert.deepEqual(found, [], 'nothing moves when the person asks for reduced motion');
        } else {
          // The control: the rules' stages do animate otherwise, so the check above can fail.
          assert.ok(found.some((f) => f.startsWith('li.stage')), `the rules' stages animate: ${found.join('; ')}`);
        }
        assertNoPageErrors(problems);
      });
    });
  }
});
