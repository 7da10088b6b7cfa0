// Motion and large runs (issue 20): a sent message slides out of its sender and a delivered one
// travels into its receiver (Web Animations), none of it under prefers-reduced-motion, nothing
// left running once it has moved (no animation, no pending animation frame, no interval); the
// rubber band follows a drag to send, by mouse and by touch; the DOM state (event log,
// narration, accessible names) is updated before any motion starts. A run of 10,000 events
// opens with a windowed event log (aria-rowcount for the whole, a few rows drawn, more on
// scroll) and a space-time diagram drawn only where it is visible.
//
// Needs a built dist/ and /usr/bin/chromium. Screenshots: target/screenshots/motion-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS, ROOT, SCREENSHOT_DIR, assertNoPageErrors, processButton, saveScreenshot, sharedSession, startsWith, until, withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;
const shared = sharedSession();

// Before the page's scripts: every Element.animate call (what moved, and how many event-log
// rows and which narration the page showed at that moment), travelling copies added to the
// page, and the requestAnimationFrame callbacks and intervals still pending.
const WATCH = () => {
  const w = (window.__motion = { animations: [], travelling: 0, rafPending: 0, intervals: 0 });
  const animate = Element.prototype.animate;
  Element.prototype.animate = function (...args) {
    w.animations.push({
      cls: this.getAttribute('class') ?? '',
      label: this.getAttribute('aria-label') ?? '',
      rows: document.querySelectorAll('table[aria-label="Event log"] tbody tr[aria-rowindex]').length,
      narration: document.querySelector('.narration')?.textContent ?? '',
    });
    return animate.apply(this, args);
  };
  const raf = window.requestAnimationFrame.bind(window);
  const cancel = window.cancelAnimationFrame.bind(window);
  const live = new Set();
  window.requestAnimationFrame = (f) => {
    const id = raf((t) => {
      live.delete(id);
      w.rafPending = live.size;
      f(t);
    });
    live.add(id);
    w.rafPending = live.size;
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    live.delete(id);
    w.rafPending = live.size;
    cancel(id);
  };
  const setI = window.setInterval.bind(window);
  const clearI = window.clearInterval.bind(window);
  const intervals = new Set();
  window.setInterval = (...a) => {
    const id = setI(...a);
    intervals.add(id);
    w.intervals = intervals.size;
    return id;
  };
  window.clearInterval = (id) => {
    intervals.delete(id);
    w.intervals = intervals.size;
    clearI(id);
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.classList?.contains('travelling')) w.travelling++;
  }).observe(document, { subtree: true, childList: true });
};

/** A viewport screenshot's path (quick: taken while something moves). */
const shot = (name) => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
};
const motion = (page) => page.evaluate(() => ({ ...window.__motion, running: document.getAnimations().length }));
const eventLog = (page) => page.getByRole('table', { name: startsWith('Event log') });
const headMessage = (page) => page.getByRole('button', { name: /^Message m\d+ from P\d+ to P\d+.*at the head/ });

async function openLab(page, context, hash = '') {
  await context.addInitScript(WATCH);
  await page.goto(`${shared.server.url}index.html${hash}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** The centre of a locator's box. */
async function centre(locator) {
  const b = await locator.boundingBox();
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Waits until nothing moves and nothing is scheduled: no animation, no frame callback, no interval. */
async function idle(page) {
  return until(
    async () => {
      const m = await motion(page);
      return m.running === 0 && m.rafPending === 0 && m.intervals === 0 && (await page.locator('.travelling').count()) === 0 && m;
    },
    'the page to be idle (no animation, no requestAnimationFrame, no interval, no travelling copy)',
    { describe: async () => JSON.stringify(await motion(page)) },
  );
}

async function sendByDrag(page, from, to) {
  const a = await centre(processButton(page, from));
  const b = await centre(processButton(page, to));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

describe('motion', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`a send slides out of the sender and a deliver travels into the receiver, after the page has updated; then nothing runs (${name})`, { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { ...viewport, reducedMotion: 'no-preference' }, `motion-deliver-${name}`, async ({ page, context, problems }) => {
      await openLab(page, context);
      await page.locator('svg.topology').scrollIntoViewIfNeeded();
      await idle(page);
      await sendByDrag(page, 1, 2);
      const message = page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') });
      await message.waitFor({ state: 'visible', timeout: 5_000 });
      const sent = await until(async () => (await motion(page)).animations.find((a) => /\bmessage\b/.test(a.cls) && a.label.startsWith('Message m1')), 'the sent message to move');
      assert.equal(sent.rows, 1, 'the event log had the send before the message moved');
      await idle(page);

      // Deliver by keyboard: a copy of m1 travels into P2; the log and narration were already updated.
      await headMessage(page).first().focus();
      await page.keyboard.press('Enter');
      const travel = await until(async () => (await motion(page)).animations.find((a) => a.cls.includes('travelling')), 'a copy of m1 to travel into P2');
      assert.equal(travel.rows, 2, 'the event log had the receive before the motion began');
      assert.match(travel.narration, /P2 receives m1/, 'the narration said what happened before the motion began');
      assert.equal(await message.count(), 0, 'm1 is no longer a button in its channel while its copy travels');
      // Mid-flight screenshots (the copy is on its way), then after.
      await page.screenshot({ path: shot(`motion-deliver-${name}-mid`) });
      const state = await idle(page);
      assert.equal(state.travelling, 1, 'one travelling copy was drawn');
      assert.equal(await page.locator('.travelling').count(), 0, 'the travelling copy removed itself');
      await page.screenshot({ path: shot(`motion-deliver-${name}-after`) });
      assertNoPageErrors(problems);
    });
  });
  }

  test('nothing moves once prefers-reduced-motion is reduce, and the page says the same', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { ...DESKTOP, reducedMotion: 'no-preference' }, 'motion-reduced', async ({ page, context, problems }) => {
      await openLab(page, context);
      await page.locator('svg.topology').scrollIntoViewIfNeeded();
      // With motion allowed, a send moves.
      await sendByDrag(page, 1, 2);
      await page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') }).waitFor({ timeout: 5_000 });
      await until(async () => (await motion(page)).animations.some((a) => /message/.test(a.cls)), 'the send to move');
      await idle(page);
      // The person asks for less motion: the next send and the delivery do not move.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const before = (await motion(page)).animations.length;
      await sendByDrag(page, 2, 3);
      await page.getByRole('button', { name: startsWith('Message m2 from P2 to P3') }).waitFor({ timeout: 5_000 });
      await headMessage(page).first().focus();
      await page.keyboard.press('Enter');
      await until(async () => (await eventLog(page).locator('tbody tr[aria-rowindex]').count()) === 3, 'the receive in the event log');
      const m = await idle(page);
      assert.deepEqual(m.animations.slice(before), [], 'nothing was animated under reduced motion');
      assert.equal(m.travelling, 0, 'no travelling copy was drawn');
      assertNoPageErrors(problems);
    });
  });

  test('the rubber band follows a drag to send and goes when it ends (mouse)', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { ...DESKTOP, reducedMotion: 'no-preference' }, 'motion-band', async ({ page, context, problems }) => {
      await openLab(page, context);
      const band = page.locator('svg.topology line.rubber-band');
      const a = await centre(processButton(page, 1));
      const b = await centre(processButton(page, 3));
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      assert.equal(await band.count(), 0, 'no band before the pointer moves');
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await band.waitFor({ state: 'visible', timeout: 5_000 });
      // The band ends at the pointer.
      const box = await band.boundingBox();
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const ends = [[box.x, box.y], [box.x + box.width, box.y], [box.x, box.y + box.height], [box.x + box.width, box.y + box.height]];
      assert.ok(ends.some(([x, y]) => Math.hypot(x - mid.x, y - mid.y) < 30), `the band ends at the pointer ${JSON.stringify(mid)}: ${JSON.stringify(box)}`);
      await page.mouse.move(b.x, b.y, { steps: 3 });
      await until(async () => /drop-target/.test((await processButton(page, 3).getAttribute('class')) ?? ''), 'P3 to be marked as the drop target');
      await saveScreenshot(page, 'motion-band-desktop-mid');
      await page.mouse.up();
      await page.getByRole('button', { name: startsWith('Message m1 from P1 to P3') }).waitFor({ timeout: 5_000 });
      assert.equal(await band.count(), 0, 'the band is gone after the drop');
      await idle(page);
      assertNoPageErrors(problems);
    });
  });

  test('the rubber band follows a touch drag on a phone', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { ...PHONE, reducedMotion: 'no-preference' }, 'motion-band-touch', async ({ page, context, problems }) => {
      await openLab(page, context);
      await page.locator('svg.topology').scrollIntoViewIfNeeded();
      const a = await centre(processButton(page, 1));
      const b = await centre(processButton(page, 2));
      const cdp = await context.newCDPSession(page);
      const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
      const band = page.locator('svg.topology line.rubber-band');
      await touch('touchStart', a);
      for (let i = 1; i <= 6; i++) await touch('touchMove', { x: a.x + ((b.x - a.x) * i) / 8, y: a.y + ((b.y - a.y) * i) / 8 });
      await band.waitFor({ state: 'visible', timeout: 5_000 });
      await saveScreenshot(page, 'motion-band-phone-mid');
      await touch('touchMove', b);
      await touch('touchEnd');
      await page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') }).waitFor({ timeout: 5_000 });
      assert.equal(await band.count(), 0, 'the band is gone after the drop');
      await idle(page);
      await saveScreenshot(page, 'motion-band-phone-after');
      assertNoPageErrors(problems);
    });
  });
});

describe('a run of 10,000 events', () => {
  const link = readFileSync(path.join(ROOT, 'tests', 'data', 'run-10000.link'), 'utf8').trim();

  test('opens with a windowed event log and diagram; scrolling and End reveal later rows', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'motion-10000', async ({ page, context, problems }) => {
      await openLab(page, context, `#${link}`);
      const log = eventLog(page);
      await log.locator('tbody tr[aria-rowindex]').first().waitFor({ timeout: APP_TIMEOUT_MS });
      assert.match(await log.locator('caption').innerText(), /10000 events/);
      assert.equal(await log.getAttribute('aria-rowcount'), '10001', 'the table tells screen readers all 10,000 rows and the header');
      const drawn = () => log.locator('tbody tr[aria-rowindex]').count();
      assert.ok((await drawn()) < 200, `only rows near the view are drawn, not ${await drawn()}`);
      // The rows drawn are real rows, with cells, numbered by aria-rowindex; the first is event 1.
      const first = log.locator('tbody tr[aria-rowindex]').first();
      assert.equal(await first.getAttribute('aria-rowindex'), '2');
      assert.equal((await first.locator('td').first().innerText()).trim(), '1');
      const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
      assert.ok(nodes < 20_000, `the page has ${nodes} DOM nodes (126k before windowing)`);
      // The space-time diagram draws a part of its dots.
      const dots = await page.locator('figure[aria-label^="Space-time diagram"] svg .dot').count();
      assert.ok(dots > 0 && dots < 2_000, `${dots} dots drawn of 10,000 events`);

      // Scrolling the log box brings later rows in.
      const box = page.locator('.event-log-scroll');
      await box.first().evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
      await until(async () => {
        const idx = await log.locator('tbody tr[aria-rowindex]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))));
        return idx.some((i) => i > 4_000 && i < 6_000) && idx.length < 200;
      }, 'rows from the middle of the log to be drawn after scrolling');
      // The rows drawn fill the box's view: no blank spacer shows where rows should be (the
      // middle of the scroll range is near row 5000, not on it: rows wrap to different heights).
      const fill = () => box.first().evaluate((el) => {
        const view = el.getBoundingClientRect();
        const rows = [...el.querySelectorAll('tbody tr[aria-rowindex]')].map((r) => r.getBoundingClientRect());
        const head = el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
        return rows.length > 0 && rows[0].top <= view.top + head + 1 && rows.at(-1).bottom >= view.bottom - 1;
      });
      await until(fill, 'the drawn rows to fill the log box after scrolling', {
        describe: async () => JSON.stringify(await log.locator('tbody tr[aria-rowindex]').evaluateAll((rows) => [rows.length, rows[0]?.getAttribute('aria-rowindex'), rows.at(-1)?.getAttribute('aria-rowindex')])),
      });

      // End on the space-time diagram shows the last event in detail, and the log reveals its row.
      const diagram = page.getByRole('group', { name: startsWith('Events of the space-time diagram') });
      await diagram.focus();
      await page.keyboard.press('End');
      const last = log.locator('tbody tr[aria-rowindex="10001"]');
      await last.waitFor({ state: 'visible', timeout: 5_000 });
      assert.equal((await last.locator('td').first().innerText()).trim(), '10000');
      assert.match((await last.getAttribute('class')) ?? '', /focused/, 'the event shown in detail is marked in the log');
      // Its dot is drawn on the diagram (the diagram scrolled to it and drew that part).
      await until(async () => (await page.locator('figure[aria-label^="Space-time diagram"] svg [data-seq="10000"]').count()) === 1 ||
        (await page.locator('figure[aria-label^="Space-time diagram"] svg .focus-ring').count()) === 1, 'the last event on the diagram');
      await saveScreenshot(page, 'motion-10000-desktop');
      assertNoPageErrors(problems);
    });
  });
});
