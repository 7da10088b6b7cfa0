// Files in and out of the page (issue 8), each checked by a real consumer:
// - Export…: every download is caught with Playwright's download event and read back: the
//   Mermaid files parse with Mermaid's own parser (npm `mermaid`, as mermaid.test.mjs does),
//   the SVGs parse as XML (DOMParser, image/svg+xml) and are self-contained, the PNGs are PNGs
//   at twice the on-screen size, the ShiViz log's own regex matches every event, and the JSON,
//   text and Mermaid files are byte-identical to what `snapshot-lab` prints for the page's link.
// - Open file…: exported files open again (same link, same events), COS 418 pairs show the same
//   .snap text as `snapshot-lab cos418`, files dropped on the page open, and malformed files of
//   every kind get an alert naming the file and the line while the run stays as it was.
//
// Needs a built dist/ (trunk build --release --offline), /usr/bin/chromium and
// node_modules; builds target/release/snapshot-lab first (quick when it is up to date).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  control,
  launchBrowser,
  processButton,
  ROOT,
  saveScreenshot,
  startServer,
  startsWith,
  until,
  withPage,
  settle,
  openMore,
} from './helpers.mjs';

const BIN = process.env.SNAPSHOT_LAB_BIN ?? path.join(ROOT, 'target', 'release', 'snapshot-lab');
const MERMAID_JS = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const SCRATCH = path.join(ROOT, 'target', 'e2e-files');
const COS418 = path.join(ROOT, 'tests', 'fixtures', 'cos418');
const DESKTOP = { width: 1280, height: 900 };
const TEST_TIMEOUT = 120_000;

// Labels that break naive exports: brackets, quotes, markup, Korean and Chinese text.
const LABELS = ['Switch S1 (BMv2)', 'say "hi" [1]', '<script>alert(1)</script>', '스냅샷 프로세스', '快照进程'];

const SCENARIO_TEXT = `# Hostile labels, two snapshots, a message in transit.
process P1 100 "${LABELS[0]}"
process P2 100 "${LABELS[1].replace(/"/g, '\\"')}"
process P3 100 "${LABELS[2]}"
process P4 100 "${LABELS[3]}"
process P5 100 "${LABELS[4]}"
channels complete
unit tokens

send P1 P2 10
snapshot P1
send P2 P3 5
deliver m1
deliver marker S1 P1 P2
deliver m2
snapshot P4
send P5 P1 7
`;

function cli(...args) {
  try {
    return execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    throw new Error(`snapshot-lab ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

let server;
let browser;
let link; // the hostile scenario's v1. link
let mermaidPage;

before(async () => {
  if (!process.env.SNAPSHOT_LAB_BIN) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'snapshot-lab'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 20 * 60_000,
    });
  }
  mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, 'hostile.txt');
  writeFileSync(file, SCENARIO_TEXT);
  link = cli('link', file).trim();
  assert.match(link, /^v1\./);
  server = await startServer();
  browser = await launchBrowser();
  // Mermaid's parser in a page of its own, with no network at all.
  const context = await browser.newContext();
  await context.route(/^(?!about:|data:)/, (route) => route.abort());
  mermaidPage = await context.newPage();
  await mermaidPage.setContent('<!doctype html><html><body></body></html>');
  await mermaidPage.addScriptTag({ path: MERMAID_JS });
  await mermaidPage.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------

const exportDialog = (page) => page.getByRole('dialog', { name: 'Export' });
const eventRows = (page) =>
  page.getByRole('table', { name: startsWith('Event log') }).getByRole('row').filter({ has: page.getByRole('cell') });
const topologyImage = (page) => page.getByRole('img', { name: 'Processes and channels' });
const spaceTimeImage = (page) => page.getByRole('img', { name: /^Space-time diagram:/ });

async function openLab(page, fragment = link) {
  await page.goto(`${server.url}index.html#${fragment}`, { waitUntil: 'load' });
  await processButton(page, 1).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

const pageLink = (page) => decodeURIComponent(new URL(page.url()).hash.slice(1));

/** Presses an export button and returns {name, bytes} of the download it starts. */
async function download(page, label) {
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }),
    exportDialog(page).getByRole('button', { name: label, exact: true }).click(),
  ]);
  const failure = await dl.failure();
  assert.equal(failure, null, `${label}: the download failed: ${failure}`);
  const bytes = readFileSync(await dl.path());
  writeFileSync(path.join(SCRATCH, dl.suggestedFilename()), bytes);
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** Chooses files with the "Open file…" button's file picker. */
async function openFiles(page, files) {
  await openMore(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), control(page, 'Open file…').click()]);
  assert.ok(chooser.isMultiple(), 'the picker takes several files (a COS 418 pair)');
  await chooser.setFiles(files);
}

const asFile = (name, text) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });

async function mermaidParse(text) {
  return mermaidPage.evaluate(async (text) => {
    try {
      const r = await window.mermaid.parse(text);
      return { ok: true, type: r.diagramType };
    } catch (err) {
      return { ok: false, error: String(err?.message ?? err) };
    }
  }, text);
}

/** The PNG's width and height from its IHDR chunk, after checking the signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
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
        const external = /url\((?!#)|url\(["']?(?!#)/.test(attr.value);
        if (/href$/i.test(attr.name) && !attr.value.startsWith('#')) refs.push(`${el.tagName} ${attr.name}=${attr.value}`);
        else if (external) refs.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
    return {
      error: doc.getElementsByTagName('parsererror').length > 0 ? doc.getElementsByTagName('parsererror')[0].textContent : null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      styled: all.filter((el) => (el.getAttribute('style') ?? '').includes('fill:')).length,
      elements: all.length,
      scripts: doc.querySelectorAll('script, foreignObject').length,
      stylesheets: doc.querySelectorAll('style, link').length,
      refs,
    };
  }, text);
}

// ---------------------------------------------------------------------------------------------

describe('Export', () => {
  test('every export downloads a file its consumer accepts', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'files-export', async ({ page, problems }) => {
      await openLab(page);
      await settle(page); // the page writes its link a task after it draws
      const shown = pageLink(page);
      assert.equal(shown, link, 'the page keeps the link it opened');
      const workerRequests = () => server.requests.filter((r) => /snapshot-lab-files/.test(r));
      assert.deepEqual(workerRequests(), [], 'the file worker is not part of the first load');
      await openMore(page);
      await control(page, 'Export…').click();
      await exportDialog(page).waitFor();
      await saveScreenshot(page, 'export-dialog-desktop');

      // Mermaid: Mermaid's own parser accepts both, and they are what the CLI prints.
      const flow = await download(page, 'Mermaid topology (.mmd)');
      assert.match(flow.name, /\.mmd$/);
      assert.deepEqual(await mermaidParse(flow.text), { ok: true, type: 'flowchart-v2' });
      assert.equal(flow.text, cli('export', shown, '--format', 'mermaid-flowchart'));
      assert.ok(workerRequests().some((r) => /_bg\.wasm$/.test(r)), 'the first export loads the file worker');
      const seq = await download(page, 'Mermaid run (.mmd)');
      assert.deepEqual(await mermaidParse(seq.text), { ok: true, type: 'sequence' });
      assert.equal(seq.text, cli('export', shown, '--format', 'mermaid-sequence'));
      // The marker rules as the state diagram the notes' Mermaid never rendered.
      const rules = await download(page, 'Mermaid marker rules (.mmd)');
      assert.equal(rules.name, 'snapshot-lab-marker-rules.mmd');
      assert.match((await mermaidParse(rules.text)).type, /^stateDiagram/);
      assert.equal(rules.text, cli('export', shown, '--format', 'mermaid-rules'));

      // JSON: byte-identical to `snapshot-lab replay --json <link>`.
      const json = await download(page, 'Run JSON (.json)');
      assert.equal(json.name, 'snapshot-lab-run.json');
      assert.equal(json.text, cli('replay', '--json', shown));
      const doc = JSON.parse(json.text);
      assert.deepEqual(doc.scenario.processes.map((p) => p.label), LABELS);

      // Scenario text: what `snapshot-lab text` prints, and it links to the same scenario.
      const text = await download(page, 'Scenario text (.txt)');
      assert.equal(text.text, cli('text', shown));
      writeFileSync(path.join(SCRATCH, 'exported.txt'), text.text);
      assert.equal(cli('link', path.join(SCRATCH, 'exported.txt')).trim(), shown);

      // ShiViz: the regex on the file's first line (also shown in the dialog) matches every event.
      const log = await download(page, 'ShiViz log (.log)');
      assert.equal(log.text, cli('export', shown, '--format', 'shiviz'));
      const [regexLine, ...rest] = log.text.split('\n');
      assert.equal(await exportDialog(page).locator('code').textContent(), regexLine, 'the dialog shows the regex');
      const body = rest.join('\n');
      const matches = [...body.matchAll(new RegExp(regexLine, 'g'))];
      assert.equal(matches.length, doc.events.length, 'one match per event');
      assert.equal(body.replace(new RegExp(regexLine, 'g'), '').trim(), '', 'every line belongs to an event');
      for (const [i, m] of matches.entries()) {
        assert.equal(m.groups.host, doc.events[i].process);
        assert.equal(m.groups.event, doc.events[i].description);
        JSON.parse(m.groups.clock);
      }

      // SVG: well-formed XML, self-contained, styles inlined, labels as text.
      const sizes = {};
      for (const [label, image, expected] of [
        ['Process diagram (SVG)', topologyImage, LABELS],
        ['Space-time diagram (SVG)', spaceTimeImage, ['P1', 'P2', 'P3', 'P4', 'P5']],
      ]) {
        const svg = await download(page, label);
        assert.match(svg.name, /\.svg$/);
        const info = await inspectSvg(page, svg.text);
        assert.equal(info.error, null, `${label} is well-formed XML`);
        assert.equal(info.root, 'svg');
        assert.equal(info.namespace, 'http://www.w3.org/2000/svg');
        // A lane names its process with its label, as the page draws it: "P1 (Switch S1 (BMv2))".
        const shows = (text) => info.texts.some((t) => t === text || t.startsWith(`${text} (`));
        for (const text of expected) assert.ok(shows(text), `${label} shows ${text}: ${info.texts}`);
        assert.ok(info.styled > 5, `${label} has inlined styles (${info.styled} of ${info.elements} elements)`);
        assert.equal(info.scripts, 0, `${label} has no script (the <script> label stays text)`);
        assert.equal(info.stylesheets, 0, `${label} needs no stylesheet`);
        assert.deepEqual(info.refs, [], `${label} refers to nothing outside itself`);
        // The on-screen size, grown only to hold a label drawn past the diagram's edge.
        const box = await image(page).boundingBox();
        assert.ok(info.width >= Math.round(box.width) && info.width <= Math.round(box.width) * 1.5, `${label}: ${info.width} wide`);
        assert.ok(info.height >= Math.round(box.height) && info.height <= Math.round(box.height) * 1.5, `${label}: ${info.height} high`);
        sizes[label.replace(' (SVG)', '')] = { width: info.width, height: info.height };
      }

      // PNG: a PNG, twice the size of the SVG.
      for (const label of ['Process diagram (PNG 2×)', 'Space-time diagram (PNG 2×)']) {
        const png = await download(page, label);
        assert.match(png.name, /\.png$/);
        const size = pngSize(png.bytes);
        const svgSize = sizes[label.replace(' (PNG 2×)', '')];
        assert.deepEqual(size, { width: svgSize.width * 2, height: svgSize.height * 2 }, label);
        assert.ok(png.bytes.length > 2000, `${label} is not blank (${png.bytes.length} bytes)`);
      }
      assert.equal(await exportDialog(page).getByRole('status').textContent(), 'Saved snapshot-lab-space-time.png.');

      // The dialog is modal: shortcuts do not reach the lab, Escape closes it and focus returns.
      const rows = await eventRows(page).count();
      await page.keyboard.press('n');
      assert.equal(await eventRows(page).count(), rows, 'N (step) does nothing while the dialog is open');
      await page.keyboard.press('Escape');
      await exportDialog(page).waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Export…');
      assert.equal(pageLink(page), shown, 'exporting changes nothing');
      assertNoPageErrors(problems);
    });
  });
});

describe('Open file', () => {
  /** Switches to another preset, so that opening a file visibly changes the scenario. */
  async function elsewhere(page) {
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption({ index: 1 });
    await until(() => pageLink(page) !== link, 'another scenario');
  }

  test('exported text, JSON and ShiViz files open again', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'files-open', async ({ page, problems }) => {
      await openLab(page);
      const events = await eventRows(page).count();
      await openMore(page);
      await control(page, 'Export…').click();
      const text = await download(page, 'Scenario text (.txt)');
      const json = await download(page, 'Run JSON (.json)');
      const log = await download(page, 'ShiViz log (.log)');
      await control(page, 'Close').click();

      await elsewhere(page);
      await openFiles(page, [asFile(text.name, text.text)]);
      await until(() => pageLink(page) === link, 'the text file’s scenario in the URL');
      await page.getByRole('status').filter({ hasText: `Opened the scenario text ${text.name}.` }).waitFor();
      assert.equal(await eventRows(page).count(), events);

      await elsewhere(page);
      await openFiles(page, [asFile(json.name, json.text)]);
      await until(() => pageLink(page) === link, 'the JSON file’s scenario in the URL');

      await elsewhere(page);
      await openFiles(page, [asFile(log.name, log.text)]);
      await page.getByRole('status').filter({ hasText: `Opened the ShiViz log ${log.name}.` }).waitFor();
      assert.equal(await eventRows(page).count(), events, 'the same number of events in the log table');
      const summary = await spaceTimeImage(page).getAttribute('aria-label');
      assert.match(summary, new RegExp(`^Space-time diagram: ${events} events on 5 processes`));
      assert.equal(await page.locator('figure.spacetime svg [data-seq]').count(), events, 'one dot per event drawn');
      for (const n of [1, 2, 3, 4, 5]) await processButton(page, n).waitFor();

      // A file dropped on the page opens too.
      await elsewhere(page);
      await page.evaluate((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
        const target = document.querySelector('main') ?? document.body;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, text.text);
      await until(() => pageLink(page) === link, 'the dropped file’s scenario in the URL');

      // A file dropped with the More menu closed that cannot be opened says so where the learner
      // looks: an alert on screen, not inside the closed menu.
      const drop = (name, body) =>
        page.evaluate(([name, body]) => {
          const data = new DataTransfer();
          data.items.add(new File([body], name, { type: 'text/plain' }));
          const target = document.querySelector('main') ?? document.body;
          target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
          target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }, [name, body]);
      if ((await page.locator('details.more').getAttribute('open')) !== null) await page.locator('details.more > summary').click();
      await until(async () => (await page.locator('details.more').getAttribute('open')) === null, 'the More menu closed');
      await drop('broken.txt', 'process P1 100\nprocess P2 lots\n');
      const alert = page.getByRole('alert').filter({ hasText: 'Could not open broken.txt, line 2' });
      await alert.waitFor();
      assert.ok(await alert.isVisible(), 'the problem is on screen');
      const box = await alert.boundingBox();
      assert.ok(box && box.height > 0 && box.y < (page.viewportSize()?.height ?? 900), `in view: ${JSON.stringify(box)}`);
      assert.equal(pageLink(page), link, 'the run is unchanged');
      assertNoPageErrors(problems);
    });
  });

  test('a COS 418 pair runs under the course rules and shows the .snap text', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'files-cos418', async ({ page, problems }) => {
      await openLab(page);
      const snapDialog = page.getByRole('dialog', { name: 'COS 418 snapshots' });
      for (const name of ['3ring', '3ids', '2nodes']) {
        const top = path.join(COS418, `${name}.top`);
        const events = path.join(COS418, `${name}.events`);
        const delays = path.join(COS418, `${name}.delays`);
        for (const withDelays of [false, true]) {
          const files = withDelays ? [events, delays, top] : [top, events];
          const expected = withDelays
            ? cli('cos418', '--top', top, '--events', events, '--delays', delays)
            : cli('cos418', '--top', top, '--events', events);
          await openFiles(page, files);
          await snapDialog.waitFor();
          assert.equal(
            await snapDialog.getByLabel('.snap text').textContent(),
            expected,
            `${name}${withDelays ? ' with delays' : ''}: the .snap text equals snapshot-lab cos418`,
          );
          // The run is in the lab: one snapshot panel per .snap snapshot, every event drawn.
          const snaps = expected.split('\n\n').length;
          await control(page, 'Close').click();
          await snapDialog.waitFor({ state: 'detached' });
          assert.equal(await page.getByRole('region', { name: /^\s*Snapshot S\d+(?!\d)/ }).count(), snaps);
          assert.ok((await eventRows(page).count()) > 0);
        }
      }
      assertNoPageErrors(problems);
    });
  });

  test('malformed files get an alert naming the file and the line; the run stays', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'files-malformed', async ({ page, problems }) => {
      await openLab(page);
      const events = await eventRows(page).count();
      const cases = [
        { files: [asFile('bad.txt', 'process P1 100\nprocess P2 lots\n')], says: /bad\.txt, line 2, column \d+: .*number/ },
        { files: [asFile('bad.txt', 'process P1 100\nprocess P2 100\nchannels complete\nfly P1\n')], says: /bad\.txt, line 4, column 1: unknown keyword `fly`/ },
        { files: [asFile('run.json', '{\n  "format": "snapshot-lab-run",\n  "version": 1,\n  oops\n}')], says: /run\.json, line 4, column \d+: not valid JSON/ },
        { files: [asFile('other.json', '{"format": "something else"}')], says: /other\.json: not a Snapshot Lab run/ },
        { files: [asFile('bad.log', '(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\nP1 sends\nP1 {"P1": 2}\n')], says: /bad\.log, line 3: .*count 2/ },
        { files: [asFile('bad.log', 'x\nP1 {"P1": 1}\nnot an event line\n')], says: /bad\.log, line 3: `not an event line` does not match/ },
        { files: [asFile('ring.top', '2\nN1 5\nN2 x\nN1 N2\nN2 N1\n'), asFile('ring.events', 'tick\n')], says: /ring\.top, line 3: .*tokens/ },
        { files: [asFile('ring.top', '2\nN1 5\nN2 5\nN1 N2\nN2 N1\n'), asFile('ring.events', 'send N1 N2 1\nexplode N1\n')], says: /ring\.events, line 2: / },
        { files: [asFile('alone.top', '2\nN1 5\nN2 5\nN1 N2\nN2 N1\n')], says: /alone\.top: .*\.top and \.events/ },
      ];
      for (const { files, says } of cases) {
        await openFiles(page, files);
        const alert = page.getByRole('alert').filter({ hasText: 'Could not open' });
        await alert.waitFor();
        const message = await alert.textContent();
        assert.match(message, says, `${files.map((f) => f.name)}: ${message}`);
        assert.match(message, /The current run is unchanged\./);
        assert.equal(pageLink(page), link, 'the scenario is unchanged');
        assert.equal(await eventRows(page).count(), events, 'the run is unchanged');
        await alert.getByRole('button', { name: 'Dismiss' }).click();
        await alert.waitFor({ state: 'detached' });
      }
      // Labels from files are text: a <script> label is shown, never run.
      assert.ok(await page.getByText(LABELS[2], { exact: true }).first().isVisible());
      assertNoPageErrors(problems);
    });
  });
});

describe('Content-Security-Policy', () => {
  test('exports and opening work under a strict policy', { timeout: TEST_TIMEOUT }, async () => {
    // A policy served as a header, stricter than the page's own (default-src 'none'); the page
    // has no inline script (scripts/post-build.mjs), so none is allowed.
    const csp =
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
      "img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";
    await withPage(browser, DESKTOP, 'files-csp', async ({ page, context, problems }) => {
      await page.context().route(`${server.url}**`, async (route) => {
        try {
          const response = await route.fetch();
          await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
        } catch {
          // The page was closed while this request was in flight: the test is over.
        }
      });
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__violations.push({
            directive: e.violatedDirective,
            blocked: e.blockedURI,
            where: e.target?.className?.baseVal ?? e.target?.className ?? String(e.target?.nodeName ?? ''),
            sample: e.sample,
            at: window.__step ?? 'load',
          }),
        );
      });
      await openLab(page);
      const step = (name) => page.evaluate((name) => (window.__step = name), name);
      await step('export json');
      await openMore(page);
      await control(page, 'Export…').click();
      const json = await download(page, 'Run JSON (.json)');
      await step('export svg');
      assert.equal(json.text, cli('replay', '--json', link), 'the worker answers under the policy');
      const svg = await download(page, 'Process diagram (SVG)');
      // (Parsed in a page without the policy: a parsed document's style attributes count as the
      // parsing page's inline styles.)
      assert.ok((await inspectSvg(mermaidPage, svg.text)).styled > 5, 'styles are inlined through the CSSOM');
      await step('export png');
      const png = await download(page, 'Space-time diagram (PNG 2×)');
      const box = await spaceTimeImage(page).boundingBox();
      const size = pngSize(png.bytes);
      // Twice the on-screen size, grown only to hold a label drawn past the diagram's edge.
      assert.ok(size.width >= Math.round(box.width) * 2 && size.width <= Math.round(box.width) * 3, `${size.width} wide`);
      assert.ok(size.height >= Math.round(box.height) * 2 && size.height <= Math.round(box.height) * 3, `${size.height} high`);
      await step('open');
      await control(page, 'Close').click();
      await openFiles(page, [asFile('bad.txt', 'nonsense here\n')]);
      await page.getByRole('alert').filter({ hasText: 'Could not open bad.txt, line 1' }).waitFor();
      await openFiles(page, [path.join(COS418, '2nodes.top'), path.join(COS418, '2nodes.events')]);
      await page.getByRole('dialog', { name: 'COS 418 snapshots' }).waitFor();
      const violations = await page.evaluate(() => window.__violations);
      assert.deepEqual(violations, [], 'no Content-Security-Policy violation from exports or opening');
      assertNoPageErrors(problems);
      await page.context().unrouteAll({ behavior: 'ignoreErrors' });
    });
  });
});
