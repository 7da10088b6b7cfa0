// Hostile input (issue 10): process labels written as markup or script are shown as text and
// never run, and the page asks nothing of any host but its own.
//
// 1. A scenario whose process labels are `<script>…`, `<img onerror=…>`, `javascript:…`, an
//    SVG `onload`, and quotes and ampersands, made with the command line (`snapshot-lab link`
//    of its text form) and opened as a link in the lab and in a lesson step. The test sends
//    (keyboard and drag), delivers, starts a snapshot and steps, then checks: no dialog opened,
//    `window.__pwned` stayed undefined, the page holds no more <script>, <img>, <svg> or <b>
//    elements than the same scenario with plain labels, no attribute is an event handler or a
//    `javascript:` URL, and every label appears literally in its process's accessible name, its
//    drawn label and its actions heading.
// 2. Every request the page makes while the lab, a lesson link and an exercise link are used
//    goes to the test server's own origin.
//
// Needs a built dist/ and /usr/bin/chromium; builds target/release/snapshot-lab with
// `cargo build --release` unless SNAPSHOT_LAB_BIN names the binary.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  accessibleName,
  APP_TIMEOUT_MS,
  assertNoPageErrors,
  escapeRegExp,
  launchBrowser,
  processButton,
  ROOT,
  startServer,
  startsWith,
  trackProblems,
  until,
  withPage,
} from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const TEST_TIMEOUT = 90_000;
const BUILD_TIMEOUT_MS = 15 * 60_000;
const BIN = process.env.SNAPSHOT_LAB_BIN ?? path.join(ROOT, 'target', 'release', 'snapshot-lab');
const SCRATCH = path.join(ROOT, 'target', 'e2e-hostile');

/** The labels, one per process P1…P5 (each at most 48 characters, the text form's limit). */
const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  'javascript:window.__pwned=1',
  '"><svg onload=window.__pwned=1>',
  `Tom & "Jerry's" &amp; <b>bold</b> &lt;`,
];
const PLAIN = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const BALANCES = [1000, 2000, 500, 700, 900];

let server;
let browser;
let hostileLink;
let plainLink;

/** Runs the CLI; returns stdout (throws with stderr on a non-zero exit). */
function cli(...args) {
  try {
    return execFileSync(BIN, args, { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`snapshot-lab ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** A label in the scenario text form: in double quotes, `"` and `\` escaped. */
function textFormLabel(label) {
  return `"${label.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The `v1.` link of five processes with these labels and two messages already in flight. */
function linkFor(labels, name) {
  const text = [
    ...labels.map((label, i) => `process P${i + 1} ${BALANCES[i]} ${textFormLabel(label)}`),
    'send P4 P5 30',
    'send P5 P4 40',
    '',
  ].join('\n');
  mkdirSync(SCRATCH, { recursive: true });
  const file = path.join(SCRATCH, `${name}.txt`);
  writeFileSync(file, text);
  const link = cli('link', file).trim();
  assert.match(link, /^v1\.[A-Za-z0-9_-]+$/, `snapshot-lab link gives a v1. link: ${link}`);
  // The labels survive the link exactly (the CLI reads the link back to the text form).
  const back = cli('text', link);
  for (const label of labels) assert.ok(back.includes(textFormLabel(label)), `the link keeps the label ${label}`);
  return link;
}

before(
  async () => {
    if (!process.env.SNAPSHOT_LAB_BIN) {
      execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'snapshot-lab'], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        timeout: BUILD_TIMEOUT_MS,
      });
    }
    hostileLink = linkFor(HOSTILE, 'hostile');
    plainLink = linkFor(PLAIN, 'plain');
    server = await startServer();
    browser = await launchBrowser();
  },
  { timeout: BUILD_TIMEOUT_MS },
);

after(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------

/** Process P`n`, by the start of its accessible name with its label: `Process P1 (<label>), `. */
const labelledProcess = (page, n, label) =>
  page.getByRole('button', { name: new RegExp(`^Process P${n} \\(${escapeRegExp(label)}\\), `) });
const eventLog = (page) => page.getByRole('table', { name: startsWith('Event log') });
const eventRows = (page) => eventLog(page).getByRole('row').filter({ has: page.getByRole('cell') });

async function openAt(page, fragment) {
  await page.goto(`${server.url}index.html#${fragment}`, { waitUntil: 'load' });
  await processButton(page, 5).waitFor({ state: 'visible', timeout: APP_TIMEOUT_MS });
}

async function waitForRows(page, atLeast, what) {
  await until(async () => (await eventRows(page).count()) >= atLeast, what, {
    describe: async () => `${await eventRows(page).count()} rows`,
  });
}

/** Press, move in steps, release: a mouse drag from one element's centre onto another's. */
async function mouseDrag(page, from, to, steps = 8) {
  const centre = async (locator) => {
    await locator.scrollIntoViewIfNeeded();
    return locator.evaluate((el) => {
      const m = el.getScreenCTM();
      return { x: m.e, y: m.f };
    });
  };
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
  }
  await page.mouse.up();
}

/**
 * Send by keyboard (P1 → P2) and by drag (P3 → P1), deliver the head message m1, start a
 * snapshot at P2 with its `s` key, and Step twice: labels are drawn in every state they pass.
 */
async function act(page) {
  await processButton(page, 1).focus();
  await page.keyboard.press('Enter');
  await processButton(page, 2).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: startsWith('Message m3 from P1 to P2') }).waitFor({ timeout: 5_000 });
  await mouseDrag(page, processButton(page, 3), processButton(page, 1));
  await page.getByRole('button', { name: startsWith('Message m4 from P3 to P1') }).waitFor({ timeout: 5_000 });
  await page.getByRole('button', { name: startsWith('Message m1 from P4 to P5') }).click();
  await processButton(page, 2).press('s');
  await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor({ timeout: 5_000 });
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForRows(page, 10, 'the run to have at least 10 events');
  // Select P1 so that its actions (headed by its name and label) are shown.
  await processButton(page, 1).focus();
  await page.keyboard.press('Enter');
}

/** Counts of elements a label could have smuggled in, and every dangerous attribute. */
function inspect(page) {
  return page.evaluate(() => {
    const count = (selector) => document.querySelectorAll(selector).length;
    const dangerous = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (name.startsWith('on')) dangerous.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        if (/(^|:)(href|src|action|formaction|xlink:href)$/.test(name) && value.startsWith('javascript:')) {
          dangerous.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        }
      }
    }
    return {
      pwned: typeof window.__pwned,
      counts: {
        script: count('script'),
        img: count('img'),
        svg: count('svg'),
        b: count('b'),
        iframe: count('iframe'),
        object: count('object, embed'),
      },
      dangerous,
    };
  });
}

describe('hostile process labels', () => {
  test('are shown as text in the lab and never run, through sends, a delivery, a snapshot and steps', { timeout: TEST_TIMEOUT }, async () => {
    // The same run with plain labels: what the page holds when no label adds anything.
    let baseline;
    await withPage(browser, DESKTOP, 'hostile-baseline', async ({ page, problems }) => {
      await openAt(page, plainLink);
      await act(page);
      baseline = await inspect(page);
      assert.deepEqual(baseline.dangerous, [], 'the page itself has no inline handler or javascript: URL');
      assertNoPageErrors(problems);
    });

    await withPage(browser, DESKTOP, 'hostile-lab', async ({ page, problems }) => {
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      await openAt(page, hostileLink);
      // Before anything happens: every label literally in its process's accessible name.
      for (const [i, label] of HOSTILE.entries()) {
        const name = `Process P${i + 1} (${label}), balance ${BALANCES[i] - (i === 3 ? 30 : i === 4 ? 40 : 0)}`;
        await page.getByRole('button', { name, exact: true }).waitFor({ timeout: 5_000 });
      }
      await act(page);

      for (const [i, label] of HOSTILE.entries()) {
        assert.equal(await labelledProcess(page, i + 1, label).count(), 1, `Process P${i + 1} is named with its label ${label}`);
        // Drawn under the process, as text (beside its button, which shows only `P1`: the
        // drawn label is part of the diagram, the accessible name has it).
        const drawn = page.locator('svg.topology').getByText(label, { exact: true });
        assert.equal(await drawn.count(), 1, `the label ${label} is drawn as text under P${i + 1}`);
      }
      // The selected process's actions are headed by its name and label.
      await page.getByRole('heading', { name: `P1 (${HOSTILE[0]})`, exact: true }).waitFor({ timeout: 5_000 });
      // The event log names processes (P1…), and nothing in it came from a label.
      const rows = await eventRows(page).count();
      assert.ok(rows >= 10, `the event log has the run's events (${rows})`);
      const logHtml = await eventLog(page).evaluate((t) => t.innerHTML);
      assert.doesNotMatch(logHtml, /<(script|img|svg|b)\b/i, 'the event log holds no element from a label');
      assert.match(await eventLog(page).innerText(), /\bP1 sends m3 \(100\) to P2\b/, 'the event log shows the keyboard send');

      const seen = await inspect(page);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.equal(seen.pwned, 'undefined', 'window.__pwned was never set');
      assert.deepEqual(seen.dangerous, [], 'no inline handler and no javascript: URL');
      assert.deepEqual(seen.counts, baseline.counts, 'no element was made from a label');
      assertNoPageErrors(problems);
    });
  });

  test('are shown as text in a lesson step that carries the run', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'hostile-lesson', async ({ page, problems }) => {
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      await openAt(page, `v1.lesson.why.${hostileLink.slice(3)}`);
      for (const [i, label] of HOSTILE.entries()) {
        assert.equal(await labelledProcess(page, i + 1, label).count(), 1, `Process P${i + 1} is named with its label ${label}`);
      }
      const seen = await inspect(page);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.equal(seen.pwned, 'undefined', 'window.__pwned was never set');
      assert.deepEqual(seen.dangerous, [], 'no inline handler and no javascript: URL');
      assert.equal(seen.counts.img + seen.counts.b + seen.counts.iframe + seen.counts.object, 0, 'no element made from a label');
      assertNoPageErrors(problems);
    });
  });
});

describe('requests', () => {
  test('the lab, a lesson link and an exercise link ask only the page’s own origin', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(browser, DESKTOP, 'hostile-requests', async ({ page, context, problems }) => {
      const requests = [];
      context.on('request', (r) => requests.push(r.url()));
      const origin = new URL(server.url).origin;

      await openAt(page, hostileLink);
      await processButton(page, 1).focus();
      await page.keyboard.press('Enter');
      await processButton(page, 2).focus();
      await page.keyboard.press('Enter');
      await waitForRows(page, 3, 'the keyboard send (after the two sends of the link)');

      // Each link in a fresh page of the same context (a hash change alone would not reload).
      const lessonPage = await context.newPage();
      trackProblems(lessonPage, problems);
      await lessonPage.goto(`${server.url}index.html#v1.lesson.why`, { waitUntil: 'load' });
      await lessonPage.getByRole('region', { name: 'Lesson' }).getByRole('heading').first().waitFor({ timeout: APP_TIMEOUT_MS });
      const exercisePage = await context.newPage();
      trackProblems(exercisePage, problems);
      await exercisePage.goto(`${server.url}index.html#v1.ex.predict.1.1`, { waitUntil: 'load' });
      const exercise = exercisePage.getByRole('region', { name: 'Exercise' });
      await exercise.getByRole('button', { name: 'Check', exact: true }).click({ timeout: APP_TIMEOUT_MS });
      await exercisePage.getByRole('link', { name: 'Exercises', exact: true }).click();
      await exercisePage.getByRole('table', { name: 'Your progress' }).waitFor({ timeout: 5_000 });
      await exercisePage.getByRole('link', { name: 'Lab', exact: true }).click();
      await processButton(exercisePage, 1).waitFor({ timeout: 5_000 });

      assert.ok(requests.some((u) => u.endsWith('.wasm')), `the page's own wasm was requested: ${requests.join(', ')}`);
      const foreign = requests.filter((u) => new URL(u).origin !== origin);
      assert.deepEqual(foreign, [], `every request goes to ${origin}`);
      assertNoPageErrors(problems);
    });
  });
});
