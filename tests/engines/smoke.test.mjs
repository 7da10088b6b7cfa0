// The smoke test in every engine students use: Chromium, Firefox and WebKit, through WebDriver
// (npm selenium-webdriver; Playwright cannot drive Debian's Firefox or WebKitGTK).
//
// One journey, the way a learner takes it, by the accessible names of ../shared/contract.md:
// open a link, send by drag, deliver, run a snapshot to its verdict, open a lesson step and do
// its task, answer an exercise and check it.
//
//   xvfb-run -a node --test tests/engines/      (WebKitGTK has no headless mode)
//
// Environment: SNAPSHOT_LAB_ENGINES (default "chromium firefox webkit"), SNAPSHOT_LAB_DIST
// (default dist/), SNAPSHOT_LAB_CHROMIUM, GECKODRIVER (default: geckodriver on PATH),
// SNAPSHOT_LAB_FIREFOX (default /usr/bin/firefox-esr), SNAPSHOT_LAB_WEBKIT_DRIVER (default
// /usr/bin/WebKitWebDriver), SNAPSHOT_LAB_MINIBROWSER.
//
// Pointer input goes to points from getBoundingClientRect()/getScreenCTM(), not to element
// references: WebKitWebDriver cannot click SVG <g role=button> elements by reference.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Builder } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer, CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR } from '../e2e/helpers.mjs';

const ENGINES = (process.env.SNAPSHOT_LAB_ENGINES ?? 'chromium firefox webkit').split(/\s+/).filter(Boolean);
const FIREFOX = process.env.SNAPSHOT_LAB_FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.SNAPSHOT_LAB_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.SNAPSHOT_LAB_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WIDTH = 1280;
const HEIGHT = 900;
/** The first load compiles the wasm; WebKitGTK under Xvfb is the slowest of the three. */
const APP_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 240_000;

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** Polls the driver until the WebDriver server at `url` answers /status, or fails. */
async function waitForDriver(url, child, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${log.join('')}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url}: ${log.join('')}`);
}

/** A WebDriver session in `engine`, and what to stop afterwards. */
async function startEngine(engine) {
  if (engine === 'chromium') {
    const options = new chrome.Options()
      .setChromeBinaryPath(CHROMIUM)
      .addArguments(...CHROMIUM_ARGS, `--window-size=${WIDTH},${HEIGHT}`);
    const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver');
    const driver = await new Builder().forBrowser('chrome').setChromeOptions(options).setChromeService(service).build();
    return { driver, stop: async () => driver.quit() };
  }
  if (engine === 'firefox') {
    const gecko = process.env.GECKODRIVER ?? which('geckodriver');
    assert.ok(gecko && existsSync(gecko), 'geckodriver is installed (bash scripts/setup.sh --test)');
    assert.ok(existsSync(FIREFOX), `${FIREFOX} is installed (bash scripts/setup.sh --test)`);
    const options = new firefox.Options().setBinary(FIREFOX).addArguments('-headless').windowSize({ width: WIDTH, height: HEIGHT });
    const driver = await new Builder()
      .forBrowser('firefox')
      .setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(gecko))
      .build();
    return { driver, stop: async () => driver.quit() };
  }
  if (engine === 'webkit') {
    assert.ok(existsSync(WEBKIT_DRIVER), `${WEBKIT_DRIVER} is installed (bash scripts/setup.sh --test)`);
    assert.ok(process.env.DISPLAY, 'WebKitGTK needs a display: run under xvfb-run -a');
    const port = await freePort();
    const log = [];
    const child = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => log.push(String(d)));
    child.stderr.on('data', (d) => log.push(String(d)));
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, child, log);
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', `--geometry=${WIDTH}x${HEIGHT}`] },
    };
    const driver = await new Builder().usingServer(url).withCapabilities(capabilities).build();
    return {
      driver,
      stop: async () => {
        await driver.quit().catch(() => {});
        child.kill();
      },
    };
  }
  throw new Error(`unknown engine '${engine}' (chromium, firefox, webkit)`);
}

// --- finding things the way a person does ---------------------------------------------------

/**
 * In the page: the first visible element whose role is `role` and whose accessible name (its
 * aria-label, else its text) matches `name` (a string is a prefix; `exact` for equality), within
 * the element named by `within` if given. Returns a description for the test to act on.
 */
const FIND = `
  const [role, name, exact, within, scroll] = arguments;
  const implicit = { button: 'button, input[type=button], input[type=submit]', link: 'a[href]',
    spinbutton: 'input[type=number]', combobox: 'select', region: 'section[aria-label]', textbox: 'input[type=text], textarea' };
  const nameOf = (el) => (el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent) ?? '').replace(/\\s+/g, ' ').trim();
  const matches = (el, want, whole) => { const n = nameOf(el); return whole ? n === want : n.startsWith(want); };
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !el.closest('[hidden]'); };
  let scope = document;
  if (within) {
    const [wRole, wName] = within;
    scope = [...document.querySelectorAll('[role="' + wRole + '"], ' + (wRole === 'region' ? 'section[aria-label]' : 'x-none'))]
      .find((el) => matches(el, wName, false) && visible(el));
    if (!scope) return null;
  }
  const sel = '[role="' + role + '"]' + (implicit[role] ? ', ' + implicit[role] : '');
  const el = [...scope.querySelectorAll(sel)].find((e) => matches(e, name, exact) && visible(e));
  if (!el) return null;
  if (scroll) el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  // Where a drag starts and ends: processes are drawn centred on their own origin (a label
  // may hang below), so the origin rather than the box's centre.
  let origin = { x: Math.round(x), y: Math.round(y) };
  if (el instanceof SVGGraphicsElement && el.getAttribute('transform')) {
    const m = el.getScreenCTM();
    if (m) origin = { x: Math.round(m.e), y: Math.round(m.f) };
  }
  return { x: Math.round(x), y: Math.round(y), origin, name: nameOf(el), disabled: !!el.disabled || el.getAttribute('aria-disabled') === 'true', text: el.innerText ?? el.textContent };
`;

/** Scrolls the element into the middle of the view, unless `scroll` is false. */
async function find(driver, role, name, { exact = false, within, scroll = true } = {}) {
  return driver.executeScript(FIND, role, name, exact, within ?? null, scroll);
}

/**
 * Waits until nothing on the page moves (a sent or delivered message travels for a moment),
 * so that a point measured now is where the thing stays, as a person sees it.
 */
async function still(driver) {
  await waitFor(driver, 'the page to stop moving', async () =>
    driver.executeScript(`return !document.getAnimations || document.getAnimations().every((a) => a.playState !== 'running');`),
  );
}

/**
 * Waits until the page's fonts are in and the buttons named `names` stay where they are across
 * two animation frames: a point measured then is where a person would press.
 */
async function settled(driver, names) {
  await still(driver);
  await waitFor(driver, `${names.join(', ')} to stay in place`, async () =>
    driver.executeAsyncScript(
      `const [names, done] = arguments;
       const where = () => names.map((n) => {
         const el = [...document.querySelectorAll('[role=button]')].find((e) => (e.getAttribute('aria-label') ?? '').startsWith(n));
         if (!el) return null;
         const r = el.getBoundingClientRect();
         return [r.left, r.top, r.width, r.height].join(' ');
       }).join('|');
       (document.fonts ? document.fonts.ready : Promise.resolve()).then(() => {
         const before = where();
         requestAnimationFrame(() => requestAnimationFrame(() => done(!before.includes('null') && before === where())));
       });`,
      names,
    ),
  );
}

/** What the page says and shows now, for a failure message. */
async function pageState(driver) {
  return driver.executeScript(
    `const status = [...document.querySelectorAll('[role=status]')].map((s) => s.innerText.trim()).filter(Boolean).join(' / ');
     const buttons = [...document.querySelectorAll('[role=button][aria-label]')].map((b) => b.getAttribute('aria-label')).filter((n) => /^(Process|Message|Marker)/.test(n));
     return 'narration: ' + (status || '(none)') + '; ' + buttons.join('; ') + '; scroll ' + scrollX + ',' + scrollY + '; viewport ' + innerWidth + '×' + innerHeight;`,
  );
}

async function waitFor(driver, what, check, timeout = STEP_TIMEOUT_MS) {
  let last;
  try {
    return await driver.wait(async () => {
      last = await check();
      return last;
    }, timeout);
  } catch (e) {
    const url = await driver.getCurrentUrl().catch(() => '?');
    throw new Error(`waited ${timeout} ms for ${what} (at ${url}): ${e.message}`);
  }
}

const waitForThing = (driver, role, name, opts = {}) =>
  waitFor(driver, `${role} "${name}"`, () => find(driver, role, name, opts), opts.timeout);

/** A click at the point where a person would click (measured after the page stopped moving). */
async function clickAt(driver, { x, y }) {
  await driver.actions({ async: true }).move({ x, y, origin: 'viewport' }).press().release().perform();
}

/** Press, move in steps, release: a mouse drag from one point onto another. */
async function dragBetween(driver, a, b, steps = 8) {
  let actions = driver.actions({ async: true }).move({ x: a.x, y: a.y, origin: 'viewport' }).press();
  for (let i = 1; i <= steps; i++) {
    actions = actions.move({
      x: Math.round(a.x + ((b.x - a.x) * i) / steps),
      y: Math.round(a.y + ((b.y - a.y) * i) / steps),
      origin: 'viewport',
      duration: 30,
    });
  }
  await actions.release().perform();
}

async function open(driver, base, fragment, visit) {
  // A query of its own each time: a new fragment alone is a same-document navigation.
  await driver.get(`${base}index.html?visit=${visit}#${fragment}`);
  await waitForThing(driver, 'button', 'Process P1', { timeout: APP_TIMEOUT_MS });
}

async function screenshot(driver, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(path.join(SCREENSHOT_DIR, `${name}.png`), await driver.takeScreenshot(), 'base64');
}

// --- the journey ----------------------------------------------------------------------------

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

for (const engine of ENGINES) {
  describe(`smoke test in ${engine}`, () => {
    let session;
    before(async () => {
      session = await startEngine(engine);
      await session.driver.manage().setTimeouts({ script: 30_000 });
      // MiniBrowser ignores --geometry (it opens at 1024×730): every engine gets the same window.
      await session.driver.manage().window().setRect({ width: WIDTH, height: HEIGHT });
    });
    after(async () => {
      await session?.stop();
    });

    test('a link opens, a drag sends, a click delivers, a snapshot reaches its verdict', { timeout: TEST_TIMEOUT_MS }, async () => {
      const { driver } = session;
      await open(driver, server.url, '', 1);
      for (const n of [2, 3]) await waitForThing(driver, 'button', `Process P${n}`);

      // Send: drag P1 onto P2 (both measured after one scroll, so both points are current).
      await find(driver, 'button', 'Process P1');
      await settled(driver, ['Process P1', 'Process P2']);
      const p1 = await find(driver, 'button', 'Process P1', { scroll: false });
      const p2 = await find(driver, 'button', 'Process P2', { scroll: false });
      await dragBetween(driver, p1.origin, p2.origin);
      const m1 = await waitForThing(driver, 'button', 'Message m1 from P1 to P2').catch(async (e) => {
        await screenshot(driver, `engines-${engine}-drag-failed`).catch(() => {});
        throw new Error(`${e.message}; dragged from ${JSON.stringify(p1.origin)} to ${JSON.stringify(p2.origin)}; ${await pageState(driver)}`);
      });
      assert.match(m1.name, /^Message m1 from P1 to P2/);
      const p1After = await find(driver, 'button', 'Process P1');
      assert.notEqual(p1After.name, p1.name, `the send changed P1's state: ${p1.name} → ${p1After.name}`);

      // Deliver: click the message at the head of its channel (measured just before the click).
      await still(driver);
      await clickAt(driver, await find(driver, 'button', 'Message m1 from P1 to P2'));
      await waitFor(driver, 'm1 to be delivered', async () => (await find(driver, 'button', 'Message m1 from P1 to P2')) === null);
      const p2After = await waitForThing(driver, 'button', 'Process P2');
      assert.notEqual(p2After.name, p2.name, `the delivery changed P2's state: ${p2.name} → ${p2After.name}`);

      // A snapshot at P1, from its actions, then Run until it has its verdict.
      await still(driver);
      await clickAt(driver, await find(driver, 'button', 'Process P1'));
      const start = await waitForThing(driver, 'button', 'Start snapshot at P1', { exact: true, within: ['group', 'Actions of P1'] });
      await clickAt(driver, start);
      await waitForThing(driver, 'button', 'Marker S1 from P1 to P2');
      const done = await find(driver, 'button', 'Done', { exact: true, within: ['group', 'Actions of P1'] });
      if (done) await clickAt(driver, done);
      const run = await waitForThing(driver, 'button', 'Run', { exact: true });
      await clickAt(driver, run);
      const verdict = await waitFor(driver, 'snapshot S1 to be complete with its verdict', async () => {
        const region = await find(driver, 'region', 'Snapshot S1');
        return region && /\bconsistent\b/.test(region.text) ? region : null;
      }, 30_000);
      assert.doesNotMatch(verdict.text, /\binconsistent\b/, `a FIFO run's snapshot is consistent: ${verdict.text}`);
      await screenshot(driver, `engines-${engine}-lab`);
    });

    test('a lesson step opens and its task is done by hand', { timeout: TEST_TIMEOUT_MS }, async () => {
      const { driver } = session;
      await open(driver, server.url, 'v1.lesson.first-marker', 2);
      const lesson = await waitForThing(driver, 'region', 'Lesson', { exact: true });
      assert.match(lesson.text, /The first marker/);
      assert.match(lesson.text, /Deliver the marker of S1 on channel P1 → P2/);
      const next = await waitForThing(driver, 'button', 'Next', { exact: true, within: ['region', 'Lesson'] });
      assert.ok(next.disabled, 'Next waits for the task');
      await waitForThing(driver, 'button', 'Marker S1 from P1 to P2');
      await still(driver);
      await clickAt(driver, await find(driver, 'button', 'Marker S1 from P1 to P2'));
      await waitFor(driver, 'Next to be enabled once the marker is delivered', async () => {
        const b = await find(driver, 'button', 'Next', { exact: true, within: ['region', 'Lesson'] });
        return b && !b.disabled;
      });
    });

    test('an exercise is answered and graded on the spot', { timeout: TEST_TIMEOUT_MS }, async () => {
      const { driver } = session;
      await open(driver, server.url, 'v1.ex.count.2.5', 3);
      await waitForThing(driver, 'region', 'Exercise', { exact: true });
      // Every process sends one marker on each outgoing channel: the answer is the channel count.
      const channels = await driver.executeScript(
        `return [...document.querySelectorAll('[role=group][aria-label^="Channel "]')].filter((g) => /^Channel \\S+ to /.test(g.getAttribute('aria-label'))).length`,
      );
      assert.ok(channels > 0, 'the exercise shows its channels');
      const box = await waitForThing(driver, 'spinbutton', 'Number of markers', { within: ['region', 'Exercise'] });
      const answer = async (value) => {
        await clickAt(driver, box);
        await driver.executeScript(
          `const i = document.activeElement; i.select && i.select();`,
        );
        await driver.actions({ async: true }).keyDown('\uE009').sendKeys('a').keyUp('\uE009').sendKeys('\uE017').perform();
        await driver.actions({ async: true }).sendKeys(String(value)).perform();
        await clickAt(driver, await find(driver, 'button', 'Check', { exact: true, within: ['region', 'Exercise'] }));
      };
      const feedback = async () => driver.executeScript(
        `const r = [...document.querySelectorAll('[role=region][aria-label="Exercise"], section[aria-label="Exercise"]')][0];
         const s = r && r.querySelector('[role=status]'); return s ? s.innerText : '';`,
      );
      await answer(channels + 1);
      await waitFor(driver, 'a wrong count to be graded', async () => /Not yet\./.test(await feedback()));
      await answer(channels);
      await waitFor(driver, 'the right count to be graded', async () => /Right!/.test(await feedback()));
      await screenshot(driver, `engines-${engine}-exercise`);
    });
  });
}
