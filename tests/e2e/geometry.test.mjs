// The page's geometry (issue 20, and issue 24 items 15 and 16): the diagrams are the page.
// At 360, 768, 1280 and 1920 px (realistic heights) on the blank lab, a lesson step and an
// exercise: the process diagram is inside the first viewport (at >= 1024 px the space-time
// diagram too), nothing overflows sideways, and processes and messages are touch targets
// (>= 44 px at phone and tablet widths, >= 24 px everywhere). The exercises index has no lab
// chrome. Embeds fit 800x500 and 400x300 iframes; presentation mode fits 1920x1080.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, assertNoPageErrors, openMore, sharedSession, startsWith, until, withPage } from './helpers.mjs';

const TEST_TIMEOUT = 120_000;
// The notes' C21 preset (src/formats/presets.rs): messages in flight on its channels.
const C21 = 'v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ';
// The notes' P1–P4 example (preset notes-p1-p4): four processes, a snapshot under way.
const P1P4 = 'v1.AgTIAcgByAHIAQENEGABAWABAmABA2ABEGABIGABMGABEmABE2ABIWABI2ABMWABMg';
const SIZES = [
  { width: 360, height: 740, mobile: true },
  { width: 768, height: 1024, mobile: true },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const PAGES = [
  { name: 'blank lab', hash: '' },
  { name: 'lab with messages in flight', hash: `#${C21}` },
  { name: 'lesson step', hash: '#v1.lesson.c21' },
  { name: 'exercise', hash: '#v1.ex.send-goal.1.1' },
];

const shared = sharedSession();

/** The element's box, in CSS pixels of the page's viewport. */
const box = async (locator) => {
  const b = await locator.boundingBox();
  assert.ok(b, 'the element has a box (it is rendered)');
  return b;
};

/** Fails unless `b` lies inside a `width` x `height` viewport (1 px of rounding allowed). */
function assertInside(b, width, height, what) {
  const where = `${what}: x ${b.x.toFixed(1)}..${(b.x + b.width).toFixed(1)}, y ${b.y.toFixed(1)}..${(b.y + b.height).toFixed(1)} in ${width}x${height}`;
  assert.ok(b.x >= -1 && b.y >= -1, `${where}: starts outside the first viewport`);
  assert.ok(b.x + b.width <= width + 1, `${where}: runs past the right edge`);
  assert.ok(b.y + b.height <= height + 1, `${where}: runs below the first viewport`);
}

async function assertNoHorizontalOverflow(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: the page is ${scroll} px wide in a ${inner} px viewport`);
}

/** Every element of `locator` is at least `min` px wide and tall. */
async function assertTargets(locator, min, what) {
  const count = await locator.count();
  for (let i = 0; i < count; i += 1) {
    const b = await box(locator.nth(i));
    const name = await locator.nth(i).getAttribute('aria-label');
    assert.ok(
      b.width >= min - 0.5 && b.height >= min - 0.5,
      `${what}: "${name}" is ${b.width.toFixed(1)}x${b.height.toFixed(1)} px, under ${min}x${min}`,
    );
  }
  return count;
}

describe('geometry: the diagrams are the page', () => {
  for (const size of SIZES) {
    test(`at ${size.width}x${size.height}: diagrams in the first viewport, no sideways overflow, targets large enough`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, size, `geometry-${size.width}`, async ({ page, problems }) => {
        let messagesSeen = 0;
        for (const { name, hash } of PAGES) {
          await page.goto(`${shared.server.url}index.html${hash}`, { waitUntil: 'load' });
          const what = `${name} at ${size.width}px`;
          const topology = page.getByRole('img', { name: 'Processes and channels' });
          await topology.waitFor({ timeout: APP_TIMEOUT_MS });
          await page.getByRole('button', { name: startsWith('Process P1') }).waitFor();
          // The page is at its top, as a learner first sees it.
          assert.equal(await page.evaluate(() => window.scrollY), 0, `${what}: opened scrolled`);
          assertInside(await box(topology), size.width, size.height, `${what}: the process diagram`);
          if (size.width >= 1024) {
            const spacetime = page.getByRole('img', { name: startsWith('Space-time diagram') });
            assertInside(await box(spacetime), size.width, size.height, `${what}: the space-time diagram`);
          }
          await assertNoHorizontalOverflow(page, what);
          const min = size.width < 1024 ? 44 : 24;
          const processes = await assertTargets(page.getByRole('button', { name: /^Process P\d+/ }), min, what);
          assert.ok(processes >= 2, `${what}: ${processes} process buttons`);
          messagesSeen += await assertTargets(page.getByRole('button', { name: /^(Message m\d+|Marker S\d+) from / }), min, what);
        }
        assert.ok(messagesSeen > 0, 'some page had messages in flight to measure');
        assertNoPageErrors(problems);
      });
    });
  }

  test('the exercises index has no lab chrome: no run controls, timeline, rules or narration', { timeout: TEST_TIMEOUT }, async () => {
    for (const size of [SIZES[0], SIZES[2]]) {
      await withPage(shared.browser, size, `geometry-exercises-${size.width}`, async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html#v1.exercises`, { waitUntil: 'load' });
        await page.getByRole('table', { name: 'Your progress' }).waitFor({ timeout: APP_TIMEOUT_MS });
        for (const name of ['Undo', 'Redo', 'Step', 'Run', 'Reset']) {
          assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `a ${name} button on the exercises index`);
        }
        assert.equal(await page.getByRole('slider', { name: 'Timeline' }).count(), 0, 'a Timeline slider on the exercises index');
        assert.equal(await page.getByRole('checkbox', { name: 'FIFO channels' }).count(), 0, 'the FIFO switch on the exercises index');
        assert.equal(await page.getByRole('status').count(), 0, 'a narration line on the exercises index');
        // Its own navigation stays.
        await page.getByRole('navigation', { name: 'Modes' }).waitFor();
        await assertNoHorizontalOverflow(page, `the exercises index at ${size.width}px`);
        assertNoPageErrors(problems);
      });
    }
  });

  test('at 360 px "Speed" does not sit beside the Timeline: it is in the More menu, on a row of its own', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, SIZES[0], 'geometry-speed', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${C21}`, { waitUntil: 'load' });
      const timeline = page.getByRole('slider', { name: 'Timeline' });
      await timeline.waitFor({ timeout: APP_TIMEOUT_MS });
      const speed = page.getByRole('slider', { name: 'Speed of Run' });
      assert.equal(await speed.isVisible(), false, 'the speed slider is not in the bar');
      // The words beside the Timeline slider are its own: the step it is at.
      const label = await timeline.evaluate((el) => el.labels[0].textContent);
      assert.match(label, /^Step \d+ of \d+$/);
      await openMore(page);
      await speed.waitFor();
      const t = await box(timeline);
      const sp = await box(speed);
      assert.ok(sp.y >= t.y + t.height, `the speed slider (y ${sp.y}) is below the timeline's row (ends ${t.y + t.height})`);
      await assertNoHorizontalOverflow(page, 'the More menu open at 360 px');
      assertNoPageErrors(problems);
    });
  });

  test('the space-time diagram fits its pane; Zoom in draws it at full size, scrolled to the newest event', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, SIZES[2], 'geometry-zoom', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${P1P4}`, { waitUntil: 'load' });
      const svg = page.getByRole('img', { name: startsWith('Space-time diagram') });
      await svg.waitFor({ timeout: APP_TIMEOUT_MS });
      const measure = () =>
        svg.evaluate((el) => {
          const box = el.closest('.spacetime-scroll');
          return { natural: Number(el.getAttribute('width')), drawn: el.getBoundingClientRect().width, scroll: box.scrollWidth, client: box.clientWidth, left: box.scrollLeft };
        });
      const fit = await measure();
      assert.ok(fit.natural > fit.client, `the run is wider (${fit.natural}) than its pane (${fit.client}): a case for zooming`);
      assert.ok(fit.scroll <= fit.client, `fitted, nothing is hidden on the right (${fit.scroll} > ${fit.client})`);
      const zoom = page.getByRole('button', { name: 'Zoom in', exact: true });
      assert.equal(await zoom.getAttribute('aria-pressed'), 'false');
      await zoom.click();
      await until(async () => (await zoom.getAttribute('aria-pressed')) === 'true', 'Zoom in to be pressed');
      const zoomed = await until(async () => {
        const m = await measure();
        return Math.abs(m.drawn - m.natural) < 1 && m.left + m.client >= m.scroll - 1 && m;
      }, 'the diagram at full size, scrolled to its right end (the newest event)', { describe: async () => JSON.stringify(await measure()) });
      assert.ok(zoomed.scroll > zoomed.client, 'zoomed in, the box scrolls sideways');
      await zoom.click();
      await until(async () => (await measure()).scroll <= (await measure()).client, 'Zoom in again to fit the width');
      assertNoPageErrors(problems);
    });
  });

  test('a lesson step has its own navigation (Previous, Next) beside the diagrams at 1280 px', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, SIZES[2], 'geometry-lesson-nav', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#v1.lesson.c21`, { waitUntil: 'load' });
      const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
      await lesson.waitFor({ timeout: APP_TIMEOUT_MS });
      const previous = await box(lesson.getByRole('button', { name: 'Previous' }));
      const next = lesson.getByRole('button', { name: 'Next' }).or(lesson.getByRole('link', { name: 'On to the exercises' }));
      assert.ok(previous.y < 800, 'Previous is in the first viewport');
      assert.ok((await next.count()) >= 1);
      // Beside the diagrams, not above them: the lesson starts right of the process diagram.
      const topology = await box(page.getByRole('img', { name: 'Processes and channels' }));
      const text = await box(lesson);
      assert.ok(text.x >= topology.x + topology.width, `the lesson (x ${text.x}) is beside the diagram (ends at ${topology.x + topology.width})`);
      assertNoPageErrors(problems);
    });
  });
});

describe('geometry: embeds and presentation', () => {
  for (const [w, h] of [[800, 500], [400, 300]]) {
    for (const kind of ['spacetime', 'topology', '']) {
      test(`&embed${kind ? `=${kind}` : ''} fits a ${w}x${h} iframe`, { timeout: TEST_TIMEOUT }, async () => {
        await withPage(shared.browser, { width: 1280, height: 800 }, `geometry-embed-${kind || 'all'}-${w}`, async ({ page, problems }) => {
          await page.route(`${shared.server.url}course.html`, (route) =>
            route.fulfill({
              contentType: 'text/html',
              body: `<!doctype html><title>Course</title><style>body{margin:0}iframe{border:0;display:block}</style>
                <iframe title="lab" src="index.html#${P1P4}&embed${kind ? `=${kind}` : ''}" width="${w}" height="${h}"></iframe>`,
            }),
          );
          await page.goto(`${shared.server.url}course.html`, { waitUntil: 'load' });
          const frame = page.frames().find((f) => f !== page.mainFrame());
          assert.ok(frame, 'the iframe loaded');
          const lab = page.frameLocator('iframe[title="lab"]');
          await lab.getByRole('button', { name: 'Undo', exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
          // One part fits the frame whole; the whole lab (both diagrams and the snapshots) fits its
          // width and scrolls down.
          const inFrame = (b, what) => assertInside(b, w, kind ? h : Infinity, `embed ${kind || 'all'} ${w}x${h}: ${what}`);
          if (kind !== 'topology') {
            const svg = lab.getByRole('img', { name: startsWith('Space-time diagram') });
            await svg.waitFor();
            if (kind === 'spacetime') inFrame(await box(svg), 'the space-time diagram');
            // Every lane, name and line, is inside the frame and inside its own box.
            const lanes = svg.locator('g.lane');
            assert.equal(await lanes.count(), 4);
            for (let i = 0; i < 4; i += 1) inFrame(await box(lanes.nth(i)), `lane ${i + 1}`);
            const hidden = await svg.evaluate((el) => {
              const scroller = el.closest('.spacetime-scroll');
              return scroller.scrollWidth - scroller.clientWidth;
            });
            assert.ok(hidden <= 1, `the space-time diagram hides ${hidden} px on its right`);
          }
          if (kind !== 'spacetime') {
            const topology = lab.getByRole('img', { name: 'Processes and channels' });
            inFrame(await box(topology), 'the process diagram');
            for (let p = 1; p <= 4; p += 1) {
              inFrame(await box(lab.getByRole('button', { name: startsWith(`Process P${p}`) })), `P${p}`);
            }
          }
          const overflow = await frame.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the embed is ${overflow} px wider than its frame`);
          assertNoPageErrors(problems);
        });
      });
    }
  }

  test('presentation mode at 1920x1080: every process and the space-time diagram on the screen', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { width: 1920, height: 1080 }, 'geometry-present', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${P1P4}&present`, { waitUntil: 'load' });
      await page.getByRole('button', { name: startsWith('Process P1') }).waitFor({ timeout: APP_TIMEOUT_MS });
      for (let p = 1; p <= 4; p += 1) {
        assertInside(await box(page.getByRole('button', { name: startsWith(`Process P${p}`) })), 1920, 1080, `present: P${p}`);
      }
      const spacetime = page.getByRole('img', { name: startsWith('Space-time diagram') });
      const b = await box(spacetime);
      assertInside(b, 1920, 1080, 'present: the space-time diagram');
      // The diagrams fill the screen: together they take most of its width, and the lane names
      // grow with the diagram (over 20 px on screen).
      const topology = await box(page.getByRole('img', { name: 'Processes and channels' }));
      assert.ok(topology.width + b.width >= 1920 * 0.75, `the diagrams take ${topology.width + b.width} px of 1920`);
      const laneName = await box(spacetime.locator('.lane-name').first());
      assert.ok(laneName.height >= 20, `a lane name is ${laneName.height.toFixed(1)} px tall on a projector`);
      await assertNoHorizontalOverflow(page, 'present');
      assertNoPageErrors(problems);
    });
  });
});
