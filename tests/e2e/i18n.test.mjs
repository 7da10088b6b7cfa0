// Languages (issue 9): the page speaks English, Korean and Chinese. The browser's language picks
// one, the Language menu switches (keeping the run), a link keeps the choice (`&lang=ko`), and
// in Korean and Chinese no English is left on the lab, the lesson, the exercises or the
// shortcuts dialog: every word of the page goes through a catalog (src/i18n.rs). Names are
// looked up in the catalogs themselves (www/i18n/<lang>.json), so the tests follow the
// translators' words.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  ROOT,
  saveScreenshot,
  sharedSession,
  startsWith,
  until,
  withPage,
  fragment,
  accessibleName,
  settle,
  openMore,
} from './helpers.mjs';

const shared = sharedSession();
const TEST_TIMEOUT = 120_000;

/** A language's catalog: English → translation. */
function catalog(lang) {
  return JSON.parse(readFileSync(path.join(ROOT, 'www', 'i18n', `${lang}.json`), 'utf8'));
}

/** The text a catalog gives for an English template, with its placeholders filled. */
function say(words, english, ...args) {
  const template = words[english];
  assert.ok(template, `the catalog has ${JSON.stringify(english)}`);
  return template.replace(/\{(\d+)\}/g, (_, n) => String(args[Number(n)]));
}

const eventRows = (page) => page.locator('table.event-log tbody tr');

// Latin words that stay as they are in every language: names of people, algorithms, tools and
// formats, the pseudocode's variables, keys of the keyboard, the language menu's "English", and
// "seed", as in "seed 000": the lecture notes' own names, which every translation keeps.
const KEPT = new Set(
  ('Chandy Lamport Lai Yang FIFO Mermaid ShiViz JSON CSV SVG PNG COS BMv2 TCP Cki Cij Cji Pi Pj Pk English Snapshot Lab Marker seed ' +
    'Tab Enter Space Escape Home End PageDown PageUp Ctrl Shift').split(' '),
);

/**
 * Every English word a learner could read or hear on the page: visible text and the names,
 * titles and values of elements, outside code, keys and scenario data (`translate="no"`).
 */
async function englishLeft(page) {
  const texts = await page.evaluate(() => {
    const out = [];
    const skipped = (el) => el.closest('code, kbd, pre, script, style, noscript, [translate="no"]');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || skipped(el) || !node.textContent.trim()) continue;
      // SVG <title>s are read out; otherwise only what shows.
      if (el.closest('title') || el.checkVisibility?.({ visibilityProperty: true }) !== false) out.push(node.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-valuetext]')) {
      if (skipped(el)) continue;
      for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    // Scenario data, not the page's words: process labels a teacher chose (`acct1`).
    const labels = [...document.querySelectorAll('svg.topology .process-label')].map((t) => t.textContent.trim());
    return { out, labels };
  });
  const data = new Set(texts.labels.flatMap((l) => l.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []));
  const left = new Set();
  for (const text of texts.out) {
    // Not words: file extensions (.mmd, .json), placeholders, `quoted` keywords of a file format.
    const cleaned = text.replace(/`[^`]*`|\.[a-z]{2,6}\b/g, ' ');
    for (const word of cleaned.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
      if (word.replace(/[0-9]/g, '').length >= 3 && !KEPT.has(word) && !data.has(word)) left.add(`${word} (in ${JSON.stringify(text.slice(0, 80))})`);
    }
  }
  return [...left];
}

async function openIn(page, url, lang) {
  await page.goto(url, { waitUntil: 'load' });
  await until(() => page.evaluate(() => document.documentElement.lang), 'the loader to set <html lang>');
  await page.locator('svg.topology, .exercises-page').first().waitFor({ timeout: APP_TIMEOUT_MS });
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang, '<html lang> names the language');
}

describe('languages', () => {
  test('the browser language picks the page language; English has no catalog to load', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { width: 1280, locale: 'ko-KR' }, 'i18n-browser-ko', async ({ page, problems }) => {
      const ko = catalog('ko');
      const catalogs = [];
      page.on('request', (r) => /i18n-/.test(r.url()) && catalogs.push(path.basename(new URL(r.url()).pathname)));
      await openIn(page, `${shared.server.url}index.html`, 'ko');
      await page.getByRole('button', { name: ko.Undo, exact: true }).waitFor();
      assert.equal(catalogs.length, 1, `one catalog for the language: ${catalogs}`);
      assert.match(catalogs[0], /^i18n-ko-[0-9a-f]+\.json$/);
      const p1 = await accessibleName(page.locator('svg.topology g.process').first());
      assert.ok(p1.startsWith(say(ko, 'Process {0}, {1}{2}', 'P1', '', '').trim()), `P1's name is Korean: ${p1}`);
      assert.equal(await page.getByRole('combobox', { name: ko.Language }).inputValue(), 'ko');
      assertNoPageErrors(problems);
    });
    await withPage(shared.browser, { width: 1280, locale: 'de-DE' }, 'i18n-browser-de', async ({ page, problems }) => {
      const catalogs = [];
      page.on('request', (r) => /i18n-/.test(r.url()) && catalogs.push(r.url()));
      await openIn(page, `${shared.server.url}index.html`, 'en');
      await page.getByRole('button', { name: 'Undo', exact: true }).waitFor();
      assert.deepEqual(catalogs, [], 'a language the page lacks gets English, which loads no catalog');
      assertNoPageErrors(problems);
    });
  });

  test('the Language menu switches language, keeps the run, and puts the choice in the link', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { width: 1280 }, 'i18n-switch', async ({ page, problems }) => {
      const zh = catalog('zh');
      await openIn(page, `${shared.server.url}index.html`, 'en');
      await page.getByRole('button', { name: startsWith('Process P1') }).press('s');
      await page.getByRole('button', { name: 'Step', exact: true }).click();
      const rows = await eventRows(page).count();
      assert.ok(rows >= 3, `the run has events (${rows})`);
      await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
      await until(() => page.evaluate(() => document.documentElement.lang === 'zh'), 'the page to reload in Chinese');
      await page.getByRole('button', { name: zh.Undo, exact: true }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await eventRows(page).count(), rows, 'the same run, event for event');
      await settle(page);
      assert.match(fragment(page), /&lang=zh(&|$)/, 'the link keeps the language');
      // The shared link opens in Chinese in an English browser.
      const link = page.url();
      const other = await shared.browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
      try {
        const second = await other.newPage();
        await openIn(second, link, 'zh');
        assert.equal(await eventRows(second).count(), rows);
        await second.getByRole('region', { name: say(zh, 'Snapshot S{0}', 1) }).waitFor();
      } finally {
        await other.close();
      }
      assertNoPageErrors(problems);
    });
  });

  for (const lang of ['ko', 'zh']) {
    test(`${lang}: no English left on the lab, the shortcuts, the lesson and the exercises`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, { width: 1280, locale: lang }, `i18n-${lang}`, async ({ page, problems }) => {
        const words = catalog(lang);
        await openIn(page, `${shared.server.url}index.html`, lang);
        // A run with a snapshot part-way, a message in flight and a selected process.
        const p1 = page.locator('svg.topology g.process').first();
        await p1.press('s');
        await page.getByRole('button', { name: words.Step, exact: true }).click();
        await p1.click();
        await page.getByRole('button', { name: words.Step, exact: true }).click();
        await saveScreenshot(page, `i18n-${lang}-lab`);
        assert.deepEqual(await englishLeft(page), [], 'the lab');
        await page.keyboard.press('Escape');
        await page.keyboard.press('?');
        await page.getByRole('dialog', { name: words['Keyboard shortcuts'] }).waitFor();
        assert.deepEqual(await englishLeft(page), [], 'the shortcuts dialog');
        await page.keyboard.press('Escape');

        await openIn(page, `${shared.server.url}index.html?l=1#v1.lesson.why&lang=${lang}`, lang);
        await saveScreenshot(page, `i18n-${lang}-lesson`);
        assert.deepEqual(await englishLeft(page), [], 'the lesson');
        await openIn(page, `${shared.server.url}index.html?l=2#v1.exercises&lang=${lang}`, lang);
        assert.deepEqual(await englishLeft(page), [], 'the exercises');
        assertNoPageErrors(problems);
      });
    });
  }

  test('ko: a file that cannot be opened is explained in Korean by the file worker', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, { width: 1280, locale: 'ko' }, 'i18n-file-ko', async ({ page, problems }) => {
      const ko = catalog('ko');
      await openIn(page, `${shared.server.url}index.html`, 'ko');
      await openMore(page);
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: ko['Open file…'], exact: true }).click(),
      ]);
      await chooser.setFiles([{ name: '엉망.txt', mimeType: 'text/plain', buffer: Buffer.from('nonsense here\n', 'utf8') }]);
      const alert = page.getByRole('alert');
      await until(async () => (await alert.count()) > 0 && /1번째 줄/.test(await alert.first().innerText()), 'the Korean error');
      const text = await alert.first().innerText();
      assert.ok(text.includes('엉망.txt'), text);
      const english = (text.replace(/`[^`]*`|\.[a-z]{2,6}\b/g, ' ').match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !KEPT.has(w));
      assert.deepEqual(english, [], `the error is Korean: ${text}`);
      assertNoPageErrors(problems);
    });
  });

  test('CJK labels fit their boxes on the diagrams, at desktop and phone widths', { timeout: TEST_TIMEOUT }, async () => {
    for (const [lang, width] of [['ko', 1280], ['zh', 360]]) {
      await withPage(shared.browser, { width, mobile: width < 500, locale: lang }, `i18n-layout-${lang}`, async ({ page, problems }) => {
        await openIn(page, `${shared.server.url}index.html`, lang);
        await page.locator('svg.topology .process').first().press('s');
        const overflow = await page.evaluate(() =>
          [...document.querySelectorAll('svg.topology g.record')].flatMap((g) => {
            const rect = g.querySelector('rect').getBBox();
            const text = g.querySelector('text').getBBox();
            return text.x >= rect.x - 1 && text.x + text.width <= rect.x + rect.width + 1 ? [] : [g.textContent];
          }),
        );
        assert.deepEqual(overflow, [], 'every recorded-state badge holds its text');
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 1, `the page does not scroll sideways (${wide}px too wide)`);
        await saveScreenshot(page, `i18n-layout-${lang}-${width}`);
        assertNoPageErrors(problems);
      });
    }
  });
});
