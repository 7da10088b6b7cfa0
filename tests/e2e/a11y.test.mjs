// The accessibility audit: axe-core (npm) runs its WCAG 2.0 and 2.1 A and AA rules on every view
// of the page (the lab, mid-snapshot with a process selected, at phone width, in dark mode and in
// presentation mode, a lesson step, the exercise list, one exercise of each kind, the shortcuts
// dialog, the Export dialog, the fault panel, a run with a fault) and fails on any violation,
// printing each one's rule, impact, elements and help. Then the keyboard: every control of the
// lab is reached by Tab and shows a visible focus. axe-core cannot judge text drawn in SVG (it
// cannot tell what is behind it), so the diagrams' text is checked for 4.5:1 here too.
//
// axe-core goes in through page.evaluate (the DevTools protocol evaluates it, which the page's
// Content-Security-Policy, `script-src 'self'`, does not govern), not page.addScriptTag (an
// inline <script>, which that policy blocks) and not `bypassCSP` (the audit runs on the page as
// shipped, policy included).
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  processButton,
  ROOT,
  saveScreenshot,
  sharedSession,
  startsWith,
  until,
  withPage,
  openMore,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const KINDS = ['send-goal', 'predict', 'which-cut', 'consistent', 'order-markers', 'count'];

const shared = sharedSession();


async function open(page, hash = '') {
  await page.goto(`${shared.server.url}index.html${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
  await page.getByRole('navigation', { name: 'Modes' }).waitFor({ timeout: APP_TIMEOUT_MS });
}

/** Runs axe-core on the page as it is now; returns its violations. */
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(`${AXE}\n;undefined`);
  }
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`),
    }));
  }, TAGS);
}

/** Fails with every violation, one paragraph each, when axe-core finds any. */
async function assertAccessible(page, what) {
  const violations = await audit(page);
  const text = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 8).join('\n    ')}${v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''}`)
    .join('\n  ');
  assert.equal(violations.length, 0, `axe-core found ${violations.length} violation(s) in ${what}:\n  ${text}`);
}

/**
 * Text drawn in the diagrams' SVG whose contrast with what is behind it is under 4.5:1. axe-core
 * leaves SVG text to a person ("incomplete": it cannot tell what is behind it), so this checks it:
 * text on a shape (a message's disc, a marker's triangle, a badge, a process's circle) against the
 * shape's fill, other text against the diagram's background.
 */
function lowContrastSvgText(page) {
  return page.evaluate(() => {
    const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const opaque = (c) => c !== 'none' && rgba(c).length >= 3 && (rgba(c)[3] ?? 1) > 0;
    const lum = (c) => {
      const [r, g, b] = rgba(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const behind = (text) => {
      const info = text.closest('.process-info');
      if (info && !text.closest('.record')) {
        const button = [...document.querySelectorAll('g.process')].find((g) => g.getAttribute('transform') === info.getAttribute('transform'));
        const circle = button?.querySelector('.process-circle');
        if (circle) return getComputedStyle(circle).fill;
      }
      for (let s = text.previousElementSibling; s; s = s.previousElementSibling) {
        if (['circle', 'rect', 'polygon', 'path'].includes(s.tagName) && opaque(getComputedStyle(s).fill)) return getComputedStyle(s).fill;
      }
      for (let el = text.closest('svg'); el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (opaque(bg)) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    return [...document.querySelectorAll('svg text')]
      .filter((t) => t.getClientRects().length > 0 && t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
      .map((t) => ({ t, fill: getComputedStyle(t).fill, bg: behind(t) }))
      .filter(({ fill, bg }) => ratio(fill, bg) < 4.5)
      .map(({ t, fill, bg }) => `"${t.textContent.trim()}" (${t.getAttribute('class')}): ${fill} on ${bg}, ${ratio(fill, bg).toFixed(2)}:1`);
  });
}

/** Fails unless axe-core finds nothing and every SVG text keeps 4.5:1. */
async function assertReadable(page, what) {
  await assertAccessible(page, what);
  assert.deepEqual(await lowContrastSvgText(page), [], `SVG text under 4.5:1 in ${what}`);
}

/** Six snapshots at once (every colour of the palette), markers in flight, channels recorded. */
async function rainbow(page) {
  for (const p of [1, 2, 3, 1, 2, 3]) {
    await processButton(page, p).focus();
    await page.keyboard.press('s');
  }
  await page.getByRole('region', { name: 'Snapshot S6' }).waitFor();
  await processButton(page, 1).click();
  await processButton(page, 2).click();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 0; i < 7; i++) await page.keyboard.press('n');
}

/** A run in the middle of a snapshot with P1 selected: m1 sent, S1 started at P1, one marker delivered. */
async function midSnapshot(page) {
  await processButton(page, 1).click();
  await processButton(page, 2).click();
  await page.getByRole('button', { name: startsWith('Message m1 from P1 to P2') }).waitFor();
  await processButton(page, 1).click();
  const actions = page.getByRole('group', { name: 'Actions of P1' });
  await control(actions, 'Start snapshot at P1').click();
  await page.getByRole('region', { name: 'Snapshot S1' }).waitFor();
  await page.getByRole('button', { name: startsWith('Marker S1 from P1 to P3') }).click();
  await until(async () => (await page.getByRole('button', { name: startsWith('Marker S1 from P3') }).count()) > 0, 'P3 to send its markers');
  if (!(await actions.isVisible())) await processButton(page, 1).click();
  await actions.waitFor();
}

describe('axe-core finds no WCAG 2 A or AA violation', () => {
  test('the audit itself: it fails on low contrast and on a button without a name', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-control', async ({ page, problems }) => {
      await open(page);
      await page.evaluate(() => {
        const grey = document.createElement('p');
        grey.textContent = 'Grey on white';
        grey.style.color = '#aaaaaa'; // the CSSOM, which the page's CSP allows
        grey.style.background = '#ffffff';
        document.querySelector('main').append(grey, document.createElement('button'));
      });
      const ids = (await audit(page)).map((v) => v.id).sort();
      assert.deepEqual(ids, ['button-name', 'color-contrast']);
      // The contrast rule really looks at the page's text.
      const checked = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: ['color-contrast'] });
        return r.passes.reduce((n, p) => n + p.nodes.length, 0);
      });
      assert.ok(checked > 20, `color-contrast checked only ${checked} elements`);
      // The SVG text check fails too on a label drawn in the palette's yellow on the panel.
      await page.evaluate(() => (document.querySelector('.process-name').style.fill = '#E69F00'));
      assert.equal((await lowContrastSvgText(page)).length, 1, 'one label drawn in yellow');
      assertNoPageErrors(problems);
    });
  });

  test('the lab, default scenario', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-lab', async ({ page, problems }) => {
      await open(page);
      await assertReadable(page, 'the lab');
      assertNoPageErrors(problems);
    });
  });

  test('the scenario editor, with a refusal and the reason the run cannot start', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-editor', async ({ page, problems }) => {
      await open(page);
      await control(page, 'Edit scenario').click();
      await control(page, 'Add process').click();
      await control(page, 'Done editing').click();
      await page.getByRole('alert').filter({ hasText: 'cannot reach' }).waitFor();
      await assertReadable(page, 'the scenario editor');
      // A process edited in place, its initial state refused beside the field.
      await processButton(page, 2).focus();
      await page.keyboard.press('Enter');
      const form = page.getByRole('group', { name: 'Edit P2 in place' });
      await form.getByRole('textbox', { name: 'Initial balance of P2' }).fill('many');
      await page.keyboard.press('Enter');
      await form.getByRole('alert').waitFor();
      await assertReadable(page, 'the scenario editor, a process edited in place with a refusal');
      assertNoPageErrors(problems);
    });
  });

  for (const [name, viewport] of [
    ['desktop, light', DESKTOP],
    ['desktop, dark', { ...DESKTOP, colorScheme: 'dark' }],
    ['phone (360 px)', PHONE],
    ['phone (360 px), dark', { ...PHONE, colorScheme: 'dark' }],
  ]) {
    test(`the lab mid-snapshot with a process selected (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, 'a11y-mid', async ({ page, problems }) => {
        await open(page);
        await midSnapshot(page);
        await assertReadable(page, `the lab mid-snapshot (${name})`);
        await open(page);
        await rainbow(page);
        await assertReadable(page, `six snapshots at once (${name})`);
        assertNoPageErrors(problems);
      });
    });
  }

  for (const scheme of ['light', 'dark']) {
    test(`presentation mode (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, colorScheme: scheme }, 'a11y-present', async ({ page, problems }) => {
        await open(page, 'v1.lesson.first-marker&present');
        await page.locator('html.present').waitFor({ state: 'attached' });
        await presentStylesLoaded(page);
        await assertReadable(page, `a lesson step in presentation mode (${scheme})`);
        await open(page);
        await openMore(page);
        await control(page, 'Presentation mode').click();
        await page.locator('html.present').waitFor({ state: 'attached' });
        await presentStylesLoaded(page);
        await midSnapshot(page);
        await assertReadable(page, `the lab mid-snapshot in presentation mode (${scheme})`);
        await rainbow(page);
        await assertReadable(page, `six snapshots in presentation mode (${scheme})`);
        assertNoPageErrors(problems);
      });
    });
  }

  for (const scheme of ['light', 'dark']) {
    test(`a lesson step and the exercise list (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, colorScheme: scheme }, 'a11y-lesson', async ({ page, problems }) => {
        await open(page, 'v1.lesson.first-marker');
        await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor();
        await assertReadable(page, `the lesson step first-marker (${scheme})`);
        await open(page, 'v1.exercises');
        await page.getByRole('link', { name: startsWith('Make a channel record') }).first().waitFor();
        await assertAccessible(page, `the exercise list (${scheme})`);
        assertNoPageErrors(problems);
      });
    });
  }

  test('one exercise of each kind, before and after a wrong answer', { timeout: TEST_TIMEOUT * 2 }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-exercises', async ({ page, problems }) => {
      for (const kind of KINDS) {
        await open(page, `v1.ex.${kind}.1.1`);
        const panel = page.getByRole('region', { name: 'Exercise', exact: true });
        await panel.waitFor();
        await assertReadable(page, `the exercise ${kind}`);
        // Check as it is (unanswered): the feedback is shown too.
        const check = panel.getByRole('button', { name: /^Check( my run)?$/ });
        if ((await check.count()) && (await check.isEnabled())) {
          await check.click();
          await assertReadable(page, `the exercise ${kind} with its feedback`);
        }
      }
      assertNoPageErrors(problems);
    });
  });

  test('the shortcuts dialog (?)', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-help', async ({ page, problems }) => {
      await open(page);
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await assertAccessible(page, 'the shortcuts dialog');
      assertNoPageErrors(problems);
    });
  });

  // The audit in the other languages: <html lang> names each, and names, contrast and layout
  // hold with Korean and Chinese text.
  for (const [lang, hash] of [['ko', ''], ['zh', ''], ['zh', 'v1.lesson.c21']]) {
    test(`in ${lang === 'ko' ? 'Korean' : 'Chinese'}, ${hash ? 'a lesson step' : 'the lab mid-snapshot'}`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, locale: lang }, `a11y-${lang}${hash ? '-lesson' : ''}`, async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
        await page.locator('svg.topology g.process').first().waitFor({ timeout: APP_TIMEOUT_MS });
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        if (!hash) {
          await page.locator('svg.topology g.process').first().press('s');
          await page.locator('svg.topology g.process').first().click();
        }
        await assertReadable(page, `the page in ${lang}`);
        assertNoPageErrors(problems);
      });
    });
  }

  test('the Export dialog', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-export', async ({ page, problems }) => {
      await open(page);
      await openMore(page);
      await control(page, 'Export…').click();
      await page.getByRole('dialog', { name: 'Export' }).waitFor({ timeout: APP_TIMEOUT_MS });
      await assertAccessible(page, 'the Export dialog');
      assertNoPageErrors(problems);
    });
  });

  test('the fault panel', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-fault', async ({ page, problems }) => {
      await open(page);
      await page.evaluate(() => setTimeout(() => window.snapshotLab.faultDrill()));
      await page.getByRole('alertdialog', { name: 'Something went wrong in Snapshot Lab' }).waitFor();
      await assertAccessible(page, 'the fault panel');
      problems.pageErrors.length = 0; // the drill's trap
      problems.consoleErrors.length = 0;
    });
  });

  for (const scheme of ['light', 'dark']) {
    test(`a run with a fault: the lost-marker preset (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, colorScheme: scheme }, 'a11y-faults', async ({ page, problems }) => {
        await open(page);
        await page.getByRole('combobox', { name: 'Scenario' }).selectOption('fault-lost-marker');
        await page.getByRole('region', { name: 'Snapshot S1' }).waitFor();
        await assertReadable(page, `the lost-marker preset (${scheme})`);
        assertNoPageErrors(problems);
      });
    });

    test(`the reordered run played beside the real run, at S1's recorded state (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, colorScheme: scheme }, 'a11y-reordered', async ({ page, problems }) => {
        await open(page, 'v1.lesson.questions');
        await page.getByRole('button', { name: 'Play it beside the real run' }).click();
        const beside = page.getByRole('region', { name: 'S1 beside a run that passes through its recorded state' });
        await control(beside, "Go to S1's recorded state").click();
        assert.match(await beside.getByRole('status').innerText(), /This is S1's recorded state/);
        await assertReadable(page, `the reordered run beside the real run (${scheme})`);
        assertNoPageErrors(problems);
      });
    });

    test(`deadlock detection: the deadlock preset, S1 complete (${scheme})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { ...DESKTOP, colorScheme: scheme }, 'a11y-deadlock', async ({ page, problems }) => {
        await open(page, 'v1.AgMUFBQHDEABAaAQUAFAEgGgIVACQCABoAIRYAEQYAESUAM');
        const s1 = page.getByRole('region', { name: 'Snapshot S1' });
        await s1.waitFor({ timeout: APP_TIMEOUT_MS });
        for (let i = 0; i < 10 && !/Deadlock detection/.test(await s1.innerText()); i++) {
          await page.getByRole('button', { name: 'Step', exact: true }).click();
        }
        assert.match(await s1.innerText(), /Deadlock detection: .*: deadlock/);
        await assertReadable(page, `the deadlock preset (${scheme})`);
        assertNoPageErrors(problems);
      });
    });
  }
});

describe('the keyboard', () => {
  for (const hash of ['', 'v1.lesson.first-marker', 'v1.ex.which-cut.1.1', 'v1.ex.predict.2.1']) {
  test(`Tab reaches every control, each with a visible focus indicator (${hash || 'the lab mid-snapshot'})`, { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-tab', async ({ page, problems }) => {
      await open(page, hash);
      if (!hash) await midSnapshot(page);
      // The toolbar's "More" menu open: every control in it is reached too.
      await openMore(page);
      // Everything that takes the focus, as the page has it. A group of radio buttons is one
      // stop for Tab (its checked button, else its first), the arrow keys move within it; so is
      // a tab list (ARIA tabs: the selected tab, the arrow keys move between tabs).
      const controls = await page.evaluate(() => {
        // A menu's <summary> is a stop (the "More" menu); an element with a negative tabIndex is
        // not (a tab list's other tabs: the arrow keys reach them). Controls inside a closed
        // <details> or a hidden tab panel have no box, so they are not counted.
        const all = document.querySelectorAll('button, a[href], select, input, textarea, summary, [tabindex]:not([tabindex="-1"])');
        const tabStop = (el) => {
          if (el.getAttribute('role') === 'tab') return el.getAttribute('aria-selected') === 'true';
          if (el.type !== 'radio' || !el.name) return true;
          const group = [...document.querySelectorAll(`input[type="radio"][name="${CSS.escape(el.name)}"]`)].filter((r) => r.form === el.form && !r.disabled);
          return el === (group.find((r) => r.checked) ?? group[0]);
        };
        return [...all]
          .filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && tabStop(el))
          .map((el, i) => {
            el.dataset.a11yIndex = String(i);
            return i;
          });
      });
      await page.evaluate(() => document.activeElement?.blur());
      await page.locator('body').focus();
      const reached = new Set();
      const invisible = [];
      for (let presses = 0; presses < 200; presses++) {
        await page.keyboard.press('Tab');
        const seen = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          let visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          // SVG groups (processes, messages) draw their focus on a shape inside.
          const shape = el.querySelector?.('.process-circle, .hit');
          if (!visible && shape) {
            // In the focus colour, at least 4 px wide.
            const probe = document.createElement('span');
            probe.style.color = 'var(--focus)';
            document.body.append(probe);
            const focus = getComputedStyle(probe).color;
            probe.remove();
            const ring = getComputedStyle(shape);
            visible = ring.stroke === focus && parseFloat(ring.strokeWidth) >= 4;
          }
          const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 50);
          return { index: el.dataset.a11yIndex ?? null, name, visible };
        });
        if (!seen) continue;
        if (seen.index !== null && reached.has(seen.index)) break; // round the page once
        if (seen.index !== null) reached.add(seen.index);
        if (!seen.visible) invisible.push(seen.name);
      }
      const missed = await page.evaluate(
        (reached) =>
          [...document.querySelectorAll('[data-a11y-index]')]
            .filter((el) => !reached.includes(el.dataset.a11yIndex))
            .map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 50)),
        [...reached],
      );
      assert.deepEqual(missed, [], `controls Tab never reaches (of ${controls.length})`);
      assert.notEqual(await page.locator('details.more').getAttribute('open'), null, 'the More menu stays open while Tab walks through it');
      assert.deepEqual(invisible, [], 'controls with no visible focus indicator');
      assertNoPageErrors(problems);
    });
  });
  }

  test('the panels under the diagrams are ARIA tabs: one panel shown, arrow keys, Home and End move between tabs', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-tabs', async ({ page, problems }) => {
      await open(page);
      const tablist = page.getByRole('tablist', { name: 'Panels' });
      const tab = (name) => tablist.getByRole('tab', { name, exact: true });
      const selected = async () => (await tablist.getByRole('tab', { selected: true }).allInnerTexts()).join('|');
      const becomes = (name, what = `the ${name} tab selected`) => until(async () => (await selected()) === name, what, { describe: selected });
      const shown = async () => {
        const panel = page.getByRole('tabpanel');
        assert.equal(await panel.count(), 1, 'exactly one tab panel is shown');
        const id = await panel.getAttribute('aria-labelledby');
        return page.locator(`#${id}`).innerText();
      };
      await becomes('Event log');
      assert.equal(await shown(), 'Event log');
      await page.getByRole('table', { name: startsWith('Event log') }).waitFor();
      await tab('Event log').focus();
      await page.keyboard.press('ArrowRight');
      await becomes('Pseudocode');
      assert.equal(await shown(), 'Pseudocode');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Pseudocode', 'the focus follows');
      assert.equal(await page.getByRole('table', { name: startsWith('Event log') }).isVisible(), false);
      await page.keyboard.press('End');
      await becomes('Marker rules');
      await page.getByRole('region', { name: 'Marker rules' }).waitFor();
      await page.keyboard.press('ArrowRight');
      await becomes('Event log', 'ArrowRight wraps to the first tab');
      await page.keyboard.press('ArrowLeft');
      await becomes('Marker rules', 'ArrowLeft wraps to the last tab');
      await page.keyboard.press('Home');
      await becomes('Event log');
      // Only the selected tab is a Tab stop.
      assert.deepEqual(await tablist.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.tabIndex)), [0, -1, -1]);
      assertNoPageErrors(problems);
    });
  });

  test('the shortcuts dialog lists every shortcut the page has', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'a11y-shortcuts', async ({ page, problems }) => {
      await open(page);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      const listed = (await dialog.locator('dt').allInnerTexts()).join('\n');
      // Every key the page declares (aria-keyshortcuts) and every key the components handle.
      const declared = await page.evaluate(() =>
        [...document.querySelectorAll('[aria-keyshortcuts]')].flatMap((el) => el.getAttribute('aria-keyshortcuts').split(' ')),
      );
      const handled = ['Tab', 'Enter', 'Space', 'S', 'N', 'R', 'U', 'Y', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Escape', '?', 'Arrow keys', 'Home', 'End', 'PageDown', 'PageUp'];
      const keys = [...new Set([...declared.map((k) => k.replace('Control', 'Ctrl')), ...handled])];
      const missing = keys.filter((k) => !new RegExp(`(^|[^\\w])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(listed));
      assert.deepEqual(missing, [], `keys missing from the shortcuts dialog:\n${listed}`);
      await saveScreenshot(page, 'a11y-shortcuts');
      assertNoPageErrors(problems);
    });
  });
});

/** Waits for presentation mode's styles to apply: its large type (137.5 % of the browser's 16 px). */
async function presentStylesLoaded(page) {
  await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize === '22px');
}
