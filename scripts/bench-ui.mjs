// In-browser figures for the built page (dist/), printed, never asserted:
// - first load: time from navigation to the first process button (headless Chromium, loopback);
// - idle CPU: the renderer's main-thread busy time (Chromium's CDP Performance.getMetrics
//   TaskDuration, and ScriptDuration of it) over 5 s in which nothing happens, on the page with
//   the generated run loaded, as a percentage of one core;
// - interaction latency: p50/p95 of the time from a deliver (Enter on the head message) to the
//   updated DOM, on a generated run of 8 processes and about 2,000 events (each deliver is
//   undone afterwards, untimed, so every sample starts from the same state).
// The last line, `ui-figures key=value ...`, repeats the figures for scripts/bench.sh's summary.
// Usage: node scripts/bench-ui.mjs <v1-link> [samples]   (scripts/bench.sh passes a link)
import { startServer, launchBrowser, openPage } from '../tests/e2e/helpers.mjs';

const link = process.argv[2];
const samples = Number(process.argv[3] ?? 60);
if (!link?.startsWith('v1.')) {
  console.error('usage: node scripts/bench-ui.mjs <v1-link> [samples]');
  process.exit(2);
}
const server = await startServer();
const browser = await launchBrowser();
try {
  const { page, close } = await openPage(browser, { width: 1280, height: 900 });
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('[aria-label^="Process P1"]'), null, { polling: 'raf' });
  const firstLoad = await page.evaluate(() => performance.now());
  console.log(`ui: first load to interactive (blank scenario): ${firstLoad.toFixed(0)} ms`);

  await page.goto(`${server.url}#${link}`);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[aria-label^="Process P8"]'), null, { polling: 'raf' });
  const events = await page.evaluate(() => document.querySelectorAll('table[aria-label="Event log"] tbody tr').length);

  // Idle: let the load settle, then measure 5 s in which nothing is done to the page.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.waitForTimeout(1_000);
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  await page.waitForTimeout(5_000);
  const after = await metrics();
  const wall = after.Timestamp - before.Timestamp;
  const idleTask = (100 * (after.TaskDuration - before.TaskDuration)) / wall;
  const idleScript = (100 * (after.ScriptDuration - before.ScriptDuration)) / wall;
  console.log(
    `ui: idle main-thread CPU over ${wall.toFixed(1)} s at 8 processes, ${events} events: ` +
      `${idleTask.toFixed(2)} % of one core (script ${idleScript.toFixed(2)} %) (budget: about 0)`,
  );
  await cdp.detach();
  const result = await page.evaluate(async (samples) => {
    // Time from the keypress to the end of the last DOM mutation it caused: mutations are
    // timestamped as they are observed, and the sample ends once a macrotask has passed.
    const settle = async (act) => {
      let last = 0;
      const observer = new MutationObserver(() => { last = performance.now(); });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      const start = performance.now();
      act();
      const sync = performance.now();
      await new Promise((r) => setTimeout(r, 0));
      observer.disconnect();
      return Math.max(sync, last) - start;
    };
    const key = (target, key) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    const times = [];
    for (let i = 0; i < samples; i++) {
      const heads = [...document.querySelectorAll('[role="button"][aria-label*="at the head"]')];
      if (heads.length === 0) break;
      const head = heads[i % heads.length];
      times.push(await settle(() => key(head, 'Enter')));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await settle(() => key(document.body, 'u'));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { n: times.length, p50: at(0.5), p95: at(0.95), max: times[times.length - 1] };
  }, samples);
  console.log(
    `ui: deliver → updated DOM at 8 processes, ${events} events: p50 ${result.p50.toFixed(1)} ms, ` +
      `p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms over ${result.n} delivers (budget p95 ≤ 16 ms)`,
  );
  console.log(
    `ui-figures tti_ms=${firstLoad.toFixed(0)} events=${events} p50_ms=${result.p50.toFixed(1)} ` +
      `p95_ms=${result.p95.toFixed(1)} samples=${result.n} idle_pct=${idleTask.toFixed(2)} idle_script_pct=${idleScript.toFixed(2)}`,
  );
  await close();
} finally {
  await browser.close();
  await server.close();
}
