// The multicast lab's page items of issue 22, what the snapshot lab already does:
// - Export…: every download of a multicast run caught with Playwright's download event and read
//   back: the run's text, its JSON and its Mermaid and ShiViz exports equal what `snapshot-lab`
//   prints for the link; the group and space-time diagrams as self-contained SVGs and as PNGs at
//   2×; the file names carry the preset's name.
// - `window.snapshotLab` on the multicast page: link(), log(), text() and json() read the run (as
//   the CLI prints it); load() takes a `v1.mc.` link or a multicast text, and a snapshot link
//   switches labs (and back); a bad text rejects with the line and column, and changes nothing.
// - Saved runs: a run made in the free lab comes back when the bare `#v1.multicast` page is
//   opened again; a link wins; saved text that is not a run: a notice, the default group.
// - A lesson link carries the learner's run in that step; the old link opens the step as before.
// - Phone: the lesson's text before the group; the sticky Previous/Next row covers no answer.
//
// Needs a built dist/, target/release/snapshot-lab (or SNAPSHOT_LAB_BIN) and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS, ROOT, assertNoPageErrors, control, fragment, processButton, saveScreenshot, sharedSession, until, withPage,
} from './helpers.mjs';

const BIN = process.env.SNAPSHOT_LAB_BIN ?? path.join(ROOT, 'target', 'release', 'snapshot-lab');
const SCRATCH = path.join(ROOT, 'target', 'e2e-multicast-files');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740, mobile: true };
const TEST_TIMEOUT = 90_000;

const shared = sharedSession();

const ordering = (page) => page.getByRole('region', { name: 'Ordering' });
const lesson = (page) => page.getByRole('region', { name: 'Lesson', exact: true });
const button = (scope, name) => scope.getByRole('button', { name, exact: true });
const eventRows = (page) => page.getByRole('table', { name: 'Event log' }).getByRole('row').filter({ has: page.getByRole('cell') });
const innerText = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ');
const SAVED_KEY = 'snapshot-lab.multicast.v1';
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A and AA violations on the page, light or dark. */
async function axeViolations(page) {
  await page.evaluate(`${AXE}\n;undefined`);
  return page.evaluate(async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')})`);
  });
}
const exportDialog = (page) => page.getByRole('dialog', { name: 'Export' });

function cli(...args) {
  try {
    return execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    throw new Error(`snapshot-lab ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

async function open(page, route) {
  await page.goto(`${shared.server.url}index.html${route === null ? '' : `#${route}`}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
  await ordering(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

/** Waits until the URL fragment is a `v1.mc.` link (other than `not`), and returns it. */
async function runLink(page, not) {
  return until(() => {
    const f = fragment(page);
    return f.startsWith('v1.mc.') && f !== not && f;
  }, 'the URL fragment to follow the run', { describe: () => fragment(page) });
}

/** Presses an export button and returns {name, bytes, text} of the download it starts. */
async function download(page, label) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }),
    exportDialog(page).getByRole('button', { name: label, exact: true }).click(),
  ]);
  assert.equal(await dl.failure(), null, `${label}: the download failed`);
  const bytes = readFileSync(await dl.path());
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(path.join(SCRATCH, dl.suggestedFilename()), bytes);
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** The PNG's width and height from its IHDR chunk, after checking the signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** What an SVG file is, as the page's XML parser reads it. */
async function inspectSvg(page, text) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    const all = [...doc.querySelectorAll('*')];
    const refs = [];
    for (const el of all) {
      for (const attr of el.attributes) {
        if (/href$/i.test(attr.name) && !attr.value.startsWith('#')) refs.push(`${el.tagName} ${attr.name}=${attr.value}`);
        else if (/url\((?!#)|url\(["']?(?!#)/.test(attr.value)) refs.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      fonts: root.getAttribute('font-family') ?? '',
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      styled: all.filter((el) => (el.getAttribute('style') ?? '').includes('fill:')).length,
      scripts: doc.querySelectorAll('script, foreignObject').length,
      stylesheets: doc.querySelectorAll('style, link').length,
      refs,
    };
  }, text);
}

describe('the multicast page, as the snapshot lab', () => {
  test('Export… downloads the run as text, JSON, Mermaid, ShiViz and both diagrams', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-export', async ({ page, problems }) => {
      await open(page, 'v1.multicast.fifo-not-causal');
      const link = await runLink(page);
      await control(page, 'Export…').click();
      await exportDialog(page).waitFor();
      await saveScreenshot(page, 'multicast-export-desktop');
      assert.deepEqual(await axeViolations(page), [], 'axe-core: the Export dialog');
      const prefix = 'snapshot-lab-multicast-fifo-not-causal';

      const text = await download(page, 'Scenario text (.txt)');
      assert.equal(text.name, `${prefix}-scenario.txt`);
      assert.equal(text.text, cli('text', link));
      writeFileSync(path.join(SCRATCH, 'exported-run.txt'), text.text);
      assert.equal(cli('link', path.join(SCRATCH, 'exported-run.txt')).trim(), link, 'the text is the same run');

      const json = await download(page, 'Run JSON (.json)');
      assert.equal(json.name, `${prefix}-run.json`);
      assert.equal(json.text, cli('replay', '--json', link));
      const doc = JSON.parse(json.text);
      assert.equal(doc.format, 'snapshot-lab-multicast-run');

      const mermaid = await download(page, 'Mermaid run (.mmd)');
      assert.equal(mermaid.name, `${prefix}-run.mmd`);
      assert.equal(mermaid.text, cli('export', link, '--format', 'mermaid-sequence'));
      assert.match(mermaid.text, /^sequenceDiagram/);

      const shiviz = await download(page, 'ShiViz log (.log)');
      assert.equal(shiviz.name, `${prefix}-run.log`);
      assert.equal(shiviz.text, cli('export', link, '--format', 'shiviz'));
      const [regexLine] = shiviz.text.split('\n');
      assert.equal(await exportDialog(page).locator('code').textContent(), regexLine, 'the dialog shows the regex');

      const sizes = {};
      for (const [label, file, name] of [
        ['Group diagram (SVG)', 'group', 'Group'],
        ['Space-time diagram (SVG)', 'space-time', 'Space-time diagram'],
      ]) {
        const svg = await download(page, label);
        assert.equal(svg.name, `${prefix}-${file}.svg`);
        const info = await inspectSvg(page, svg.text);
        assert.equal(info.error, false, `${label} is well-formed XML`);
        assert.equal(info.root, 'svg');
        assert.equal(info.namespace, 'http://www.w3.org/2000/svg');
        for (const p of ['P1', 'P2', 'P3']) assert.ok(info.texts.includes(p), `${label} names ${p}: ${info.texts}`);
        assert.match(info.fonts, /sans-serif/, `${label} names its fonts`);
        assert.match(info.viewBox ?? '', /^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/, `${label} has a viewBox`);
        assert.ok(info.styled > 3, `${label} has its styles inlined`);
        assert.equal(info.scripts, 0);
        assert.equal(info.stylesheets, 0, `${label} needs no stylesheet`);
        assert.deepEqual(info.refs, [], `${label} refers to nothing outside itself`);
        const box = await page.getByRole('img', { name, exact: true }).boundingBox();
        assert.ok(info.width >= Math.round(box.width) && info.width <= Math.round(box.width) * 1.5, `${label}: ${info.width} wide, ${box.width} on screen`);
        sizes[file] = { width: info.width, height: info.height };
      }
      for (const [label, file] of [['Group diagram (PNG 2×)', 'group'], ['Space-time diagram (PNG 2×)', 'space-time']]) {
        const png = await download(page, label);
        assert.equal(png.name, `${prefix}-${file}.png`);
        assert.deepEqual(pngSize(png.bytes), { width: sizes[file].width * 2, height: sizes[file].height * 2 }, label);
        assert.ok(png.bytes.length > 2000, `${label} is not blank`);
      }
      assert.equal(await exportDialog(page).getByRole('status').textContent(), `Saved ${prefix}-space-time.png.`);

      // Modal: Escape closes it, focus returns, and nothing changed.
      await page.keyboard.press('Escape');
      await exportDialog(page).waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Export…');
      assert.equal(fragment(page), link, 'exporting changes nothing');
      assertNoPageErrors(problems);
    });
  });

  test('window.snapshotLab reads and loads multicast runs, and switches labs', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-api', async ({ page, problems }) => {
      await open(page, 'v1.multicast.fifo-not-causal');
      const link = await runLink(page);
      assert.equal(await page.evaluate(() => snapshotLab.link()), link);
      const json = await page.evaluate(() => snapshotLab.json());
      assert.equal(json, cli('replay', '--json', link), 'json() is replay --json');
      assert.equal(await page.evaluate(() => snapshotLab.text()), cli('text', link), 'text() is the text form');
      const log = await page.evaluate(() => snapshotLab.log());
      assert.deepEqual(log, JSON.parse(json).events, 'log() is the run document\'s events');
      assert.equal(log.length, await eventRows(page).count(), 'one event a row of the Event log');

      // act() is the snapshot lab's: it says so and changes nothing.
      const acted = await page.evaluate(() => {
        try {
          snapshotLab.act({ type: 'send', from: 0, to: 1, amount: 1 });
          return 'acted';
        } catch (e) {
          return e.message;
        }
      });
      assert.match(acted, /^act\(\) takes the snapshot lab's actions/);

      // A link loads at once; link() says the new run before the page has drawn it.
      const other = await page.evaluate(async () => {
        await snapshotLab.load('v1.multicast.basic-crash');
        return snapshotLab.link();
      });
      assert.match(other, /^v1\.mc\./);
      await runLink(page, link);
      assert.equal(fragment(page), other);
      assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'basic-crash', 'a preset\'s route opens the preset');

      // A multicast text loads through the file worker; the promise settles once it is on the page.
      const text = cli('text', link);
      assert.equal(await page.evaluate(async (t) => { await snapshotLab.load(t); return snapshotLab.link(); }, text), link);
      await until(() => fragment(page) === link, 'the page to show the text\'s run', { describe: () => fragment(page) });

      // A bad text rejects with where the problem is, and changes nothing.
      const refused = await page.evaluate(async () => {
        try {
          await snapshotLab.load('group 3\nmulticast P9\n');
          return 'loaded';
        } catch (e) {
          return e.message;
        }
      });
      assert.match(refused, /^Could not open the text, line 2, column \d+: .* The current run is unchanged\.$/);
      assert.equal(await page.evaluate(() => snapshotLab.link()), link);
      const bad = await page.evaluate(() => {
        try {
          snapshotLab.load('v1.mc.@@@');
          return 'loaded';
        } catch (e) {
          return e.message;
        }
      });
      assert.notEqual(bad, 'loaded');

      // A snapshot lab link switches labs; the promise settles once the lab has started.
      const snapshot = 'v1.AAPQD9AP0A8BAA';
      assert.equal(await page.evaluate(async (l) => { await snapshotLab.load(l); return snapshotLab.link(); }, snapshot), snapshot);
      await page.getByRole('img', { name: 'Processes and channels' }).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      assert.equal(await ordering(page).count(), 0);
      // And back, with a multicast text (read by the file worker), then with a link.
      assert.equal(await page.evaluate(async (t) => { await snapshotLab.load(t); return snapshotLab.link(); }, cli('text', other)), other);
      await ordering(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      await page.evaluate(async (l) => { await snapshotLab.load(l); }, snapshot);
      await page.getByRole('img', { name: 'Processes and channels' }).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      assert.equal(await page.evaluate(async (l) => { await snapshotLab.load(l); return snapshotLab.link(); }, link), link);
      await ordering(page).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
      assert.deepEqual(await page.evaluate(() => snapshotLab.log()), JSON.parse(json).events, 'the run read again');
      assertNoPageErrors(problems);
    });
  });

  test('the free lab\'s run is kept: the bare #v1.multicast page brings it back; a link wins', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-saved', async ({ page, problems }) => {
      await open(page, 'v1.multicast');
      assert.equal(await eventRows(page).count(), 0, 'the default group, nothing sent');
      const fresh = await runLink(page);
      await button(page, 'Multicast from P2').click();
      await button(page, 'Message m1 from P2 to P3').click();
      await until(async () => (await eventRows(page).count()) >= 3, 'the copy received');
      const link = await page.evaluate(() => snapshotLab.link());
      assert.notEqual(link, fresh);
      await until(() => fragment(page) === link, 'the URL to follow the run', { describe: () => fragment(page) });
      await until(async () => (await page.evaluate((k) => localStorage.getItem(k), SAVED_KEY)) === link, 'the run to be kept',
        { describe: () => page.evaluate((k) => localStorage.getItem(k), SAVED_KEY) });
      const rows = await innerText(page.getByRole('table', { name: 'Event log' }));

      // Opened again (a new load of the page) with the bare fragment: the same run.
      await page.goto('about:blank');
      await open(page, 'v1.multicast');
      await until(() => fragment(page) === link, 'the bare page to restore the run', { describe: () => fragment(page) });
      assert.equal(await innerText(page.getByRole('table', { name: 'Event log' })), rows);
      assert.equal(await page.getByRole('status').filter({ hasText: 'could not be read' }).count(), 0);

      // A link wins over the kept run.
      await page.goto('about:blank');
      await open(page, 'v1.multicast.basic-crash');
      assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'basic-crash');
      assert.notEqual(await innerText(page.getByRole('table', { name: 'Event log' })), rows);
      assertNoPageErrors(problems);
    });
  });

  test('a kept run that cannot be read: a notice, the default group, set aside', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-saved-bad', async ({ page, problems }) => {
      await open(page, 'v1.multicast.basic-crash');
      await page.evaluate((k) => localStorage.setItem(k, 'v1.mc.@@not-a-run'), SAVED_KEY);
      await page.goto('about:blank');
      await open(page, 'v1.multicast');
      const notice = page.getByRole('status').filter({ hasText: 'could not be read' });
      await notice.waitFor({ state: 'visible', timeout: 5_000 });
      assert.match(await innerText(notice), /Your last multicast run, kept in this browser, could not be read \(.+\)\. It was set aside; here is the default group\./);
      assert.equal(await eventRows(page).count(), 0, 'the default group');
      assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'default');
      assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}.unreadable`), SAVED_KEY), 'v1.mc.@@not-a-run');
      // The default group is kept from now on.
      await until(async () => (await page.evaluate((k) => localStorage.getItem(k), SAVED_KEY))?.startsWith('v1.mc.'), 'the default group kept');
      await saveScreenshot(page, 'multicast-saved-bad');
      assertNoPageErrors(problems);
    });
  });

  test('a lesson link keeps the learner\'s run in that step; the old link opens as before', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'multicast-lesson-link', async ({ page, problems }) => {
      await open(page, 'v1.mc-lesson.receive-deliver');
      await lesson(page).waitFor();
      const predict = lesson(page).getByRole('group', { name: 'Predict, then see' });
      await button(predict, 'It holds m2 back until it has delivered m1.').click();
      await button(page, 'Message m2 from P1 to P2').click();
      const queue = (p) => p.getByRole('group', { name: 'Hold-back queue of P2' });
      await until(async () => /m2/.test(await innerText(queue(page))), 'm2 held at P2');
      const carried = await until(() => {
        const f = fragment(page);
        return f.startsWith('v1.mc-lesson.receive-deliver.') && f;
      }, 'the lesson link to carry the run', { describe: () => fragment(page) });
      const rows = await innerText(page.getByRole('table', { name: 'Event log' }));

      await page.goto('about:blank');
      await open(page, carried);
      await lesson(page).getByRole('heading', { name: 'Receive is not deliver' }).waitFor();
      assert.match(await innerText(queue(page)), /m2/, 'the learner\'s run: m2 held at P2');
      assert.equal(await innerText(page.getByRole('table', { name: 'Event log' })), rows);
      assert.equal(fragment(page), carried, 'the link stays as it was');

      await page.goto('about:blank');
      await open(page, 'v1.mc-lesson.receive-deliver');
      await lesson(page).getByRole('heading', { name: 'Receive is not deliver' }).waitFor();
      assert.match(await innerText(queue(page)), /empty/, 'the step\'s own run, at its question');
      await button(page, 'Message m2 from P1 to P2').waitFor();
      assert.equal(fragment(page), 'v1.mc-lesson.receive-deliver');
      assertNoPageErrors(problems);
    });
  });

  test('on a phone the lesson comes right after the diagrams, before the Ordering verdict, as in the snapshot lab', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, PHONE, 'multicast-lesson-phone-order', async ({ page, problems }) => {
      await open(page, 'v1.mc-lesson.causal');
      await lesson(page).waitFor();
      const box = async (locator) => locator.boundingBox();
      const group = await box(page.locator('section.mc-group'));
      const spacetime = await box(page.getByRole('img', { name: 'Space-time diagram', exact: true }));
      const guide = await box(lesson(page));
      const verdict = await box(ordering(page));
      const log = await box(page.getByRole('table', { name: 'Event log' }));
      assert.ok(group.y + group.height <= spacetime.y, 'the group, then the space-time diagram');
      assert.ok(spacetime.y + spacetime.height <= guide.y, `the diagrams, then the lesson (${spacetime.y + spacetime.height} ≤ ${guide.y})`);
      assert.ok(guide.y + guide.height <= verdict.y, 'the lesson, then the Ordering verdict');
      assert.ok(verdict.y + verdict.height <= log.y, 'the verdict, then the event log');
      // Nothing is wider than the phone.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
      // The snapshot lab's lesson sits the same way: after its diagrams, before its Snapshots.
      await page.goto(`${shared.server.url}index.html#v1.lesson.fifo`, { waitUntil: 'load' });
      await page.getByRole('region', { name: 'Lesson', exact: true }).first().waitFor({ timeout: APP_TIMEOUT_MS });
      const labLesson = await box(page.getByRole('region', { name: 'Lesson', exact: true }).first());
      const labSpacetime = await box(page.getByRole('img', { name: /^Space-time diagram/ }).first());
      assert.ok(labSpacetime.y < labLesson.y, 'the snapshot lab: the diagrams, then the lesson');
      await page.goto('about:blank');
      await open(page, 'v1.mc-lesson.causal');
      await lesson(page).waitFor();
      await lesson(page).scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'multicast-lesson-phone');
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        assert.deepEqual(await axeViolations(page), [], `axe-core: the lesson on a phone (${scheme})`);
      }
      assertNoPageErrors(problems);
    });
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['1024', { width: 1024, height: 700 }]]) {
    test(`the sticky Previous / Next row covers no answer button scrolled into view (${name})`, { timeout: TEST_TIMEOUT }, async () => {
      await withPage(shared.browser, viewport, `multicast-lesson-sticky-${name}`, async ({ page, problems }) => {
        await open(page, 'v1.mc-lesson.receive-deliver');
        await lesson(page).waitFor();
        const steps = await lesson(page).getByRole('combobox', { name: 'Lesson step' }).locator('option').count();
        assert.ok(steps >= 5, `${steps} steps`);
        let checked = 0;
        for (let i = 0; i < steps; i += 1) {
          if (i > 0) {
            await lesson(page).getByRole('combobox', { name: 'Lesson step' }).selectOption(String(i));
            await until(async () => (await innerText(lesson(page))).includes(`step ${i + 1} of ${steps}`), `step ${i + 1}`);
          }
          const answers = lesson(page).getByRole('group', { name: 'Predict, then see' }).getByRole('button');
          for (let k = 0; k < (await answers.count()); k += 1) {
            // Brought into view as far down as it goes (its bottom at the bottom of the view),
            // then as focus brings it (Tab): the button itself is under its centre.
            for (const how of ['end', 'focus']) {
              const hit = await answers.nth(k).evaluate((button, how) => {
                window.scrollTo(0, 0);
                button.closest('.mc-guide')?.scrollTo(0, 0);
                if (how === 'focus') button.focus();
                else button.scrollIntoView({ block: 'end' });
                const r = button.getBoundingClientRect();
                const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return { covered: !(at && button.contains(at)), by: at?.closest('.guide-nav') ? 'the Previous / Next row' : at?.tagName, top: r.top, bottom: r.bottom, view: window.innerHeight };
              }, how);
              assert.equal(hit.covered, false, `step ${i + 1}, answer ${k + 1} (${how}): covered by ${hit.by} (${JSON.stringify(hit)})`);
              checked += 1;
            }
          }
        }
        assert.ok(checked >= steps * 2, `${checked} answers checked`);
        assert.deepEqual(await axeViolations(page), [], 'axe-core: the lesson column');
        assertNoPageErrors(problems);
      });
    });
  }

  test('the Export dialog in Korean and Chinese, on a phone', { timeout: TEST_TIMEOUT }, async () => {
    for (const [lang, title, group] of [['ko', '내보내기', '그룹 다이어그램 (SVG)'], ['zh', '导出', '组图（SVG）']]) {
      await withPage(shared.browser, PHONE, `multicast-export-${lang}`, async ({ page, problems }) => {
        await page.goto(`${shared.server.url}index.html#v1.multicast.reliable-crash&lang=${lang}`, { waitUntil: 'load' });
        const exportButton = page.locator('.mc-toolbar button[aria-haspopup=dialog]');
        await exportButton.waitFor({ timeout: APP_TIMEOUT_MS });
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        await exportButton.click();
        const dialog = page.getByRole('dialog', { name: title });
        await dialog.waitFor();
        await dialog.getByRole('button', { name: group, exact: true }).waitFor();
        await saveScreenshot(page, `multicast-export-phone-${lang}`);
        assert.deepEqual(await axeViolations(page), [], `axe-core: the Export dialog (${lang})`);
        assertNoPageErrors(problems);
      });
    }
  });
});
