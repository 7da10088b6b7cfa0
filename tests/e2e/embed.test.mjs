// Embedding the lab in a course page (issue 8): `#v1.…&embed` shows the diagrams without the
// page's chrome, `&embed=<part>` one part; it works inside an iframe, keeps the option in the
// URL while the learner acts, and links out to the full lab.
//
// Needs a built dist/ and /usr/bin/chromium.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_TIMEOUT_MS, assertNoPageErrors, sharedSession, saveScreenshot, startsWith, until, withPage } from './helpers.mjs';

const DESKTOP = { width: 1280, height: 900 };
const TEST_TIMEOUT = 60_000;
// The notes' C21 preset (src/sim/presets.rs).
const C21 = 'v1.AALoB-gHAwlAAQoQQBAUQBAeUAFgAQFQAlADYAEQ';

const shared = sharedSession();

const hash = (page) => decodeURIComponent(new URL(page.url()).hash);

describe('embedding', () => {
  test('&embed=spacetime shows the space-time diagram alone, keeps the option while acting, and links out', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'embed-spacetime', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${C21}&embed=spacetime`, { waitUntil: 'load' });
      const diagram = page.getByRole('figure', { name: startsWith('Space-time diagram') }).or(page.getByRole('img', { name: startsWith('Space-time diagram') }));
      await diagram.first().waitFor({ timeout: APP_TIMEOUT_MS });
      // The rest of the page is not shown.
      assert.equal(await page.getByRole('navigation', { name: 'Modes' }).isVisible(), false);
      assert.equal(await page.getByRole('button', { name: startsWith('Process P1') }).isVisible(), false);
      assert.equal(await page.getByRole('table', { name: startsWith('Event log') }).isVisible(), false);
      assert.equal(await page.getByRole('region', { name: startsWith('Snapshot S1') }).isVisible(), false);
      const out = page.getByRole('link', { name: 'Open in Snapshot Lab' });
      assert.equal(await out.getAttribute('href'), `#${C21}`);
      assert.equal(await out.getAttribute('target'), '_blank');
      // The run controls work and the option stays in the URL (written a task after the update).
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await until(() => hash(page) !== `#${C21}&embed=spacetime`, 'Undo to change the link', { describe: () => hash(page) });
      assert.match(hash(page), /&embed=spacetime$/);
      // What the page saves for a later visit is the scenario's own link, without the option.
      const saved = await page.evaluate(() => localStorage.getItem('snapshot-lab.scenario.v1'));
      assert.equal(`#${saved}&embed=spacetime`, hash(page));
      await saveScreenshot(page, 'embed-spacetime');
      assertNoPageErrors(problems);
    });
  });

  test('inside an iframe of a course page, the embedded lab runs and the learner acts in it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'embed-iframe', async ({ page, problems }) => {
      // A course page on the same test server's origin, made on the fly.
      await page.route(`${shared.server.url}course.html`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>Week 5</title><h1>Week 5: snapshots</h1>
            <iframe title="Snapshot Lab: C21" src="index.html#${C21}&embed" width="900" height="650"></iframe>`,
        }),
      );
      await page.goto(`${shared.server.url}course.html`, { waitUntil: 'load' });
      const lab = page.frameLocator('iframe[title="Snapshot Lab: C21"]');
      await lab.getByRole('button', { name: startsWith('Process P1') }).waitFor({ timeout: APP_TIMEOUT_MS });
      assert.equal(await lab.getByRole('navigation', { name: 'Modes' }).isVisible(), false);
      await lab.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor();
      // Take back the last delivery: the frame's link follows the run and keeps the option.
      const frame = page.frames().find((f) => f.url().includes('index.html'));
      const frameHash = () => decodeURIComponent(new URL(frame.url()).hash);
      await lab.getByRole('button', { name: 'Undo', exact: true }).click();
      const undone = await frame.evaluate(() => window.snapshotLab.link());
      assert.notEqual(undone, C21, 'Undo changed the run');
      await until(() => frameHash() === `#${undone}&embed`, "the frame's link to be the run's, with &embed", { describe: () => frame.url() });
      // Deliver the marker again by clicking it: C21 again.
      const marker = lab.getByRole('button', { name: startsWith('Marker S1 from P2 to P1') });
      await marker.click();
      await lab.getByRole('region', { name: startsWith('Snapshot S1') }).getByText(/Verdict: consistent/).waitFor();
      await until(() => frameHash() === `#${C21}&embed`, 'the link back at C21, with &embed', { describe: () => frame.url() });
      await saveScreenshot(page, 'embed-iframe');
      assertNoPageErrors(problems);
    });
  });
});

describe('scripting: window.snapshotLab', () => {
  test('with &api the page loads a link, takes actions, refuses impossible ones with a reason, and reads the event log', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'api', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${C21}&api`, { waitUntil: 'load' });
      await page.getByRole('button', { name: startsWith('Process P1') }).waitFor({ timeout: APP_TIMEOUT_MS });
      await page.waitForFunction(() => typeof window.snapshotLab?.act === 'function');
      // The whole API (and no `build`: there is one page).
      assert.deepEqual(await page.evaluate(() => Object.keys(window.snapshotLab).sort()), ['act', 'faultDrill', 'json', 'link', 'load', 'log', 'text']);
      const rows = page.getByRole('table', { name: startsWith('Event log') }).locator('tbody tr');

      // The log the API reads is the page's: C21's 16 events.
      const log = await page.evaluate(() => window.snapshotLab.log());
      assert.equal(log.length, 16);
      assert.deepEqual(Object.keys(log[0]).sort(), ['action', 'index', 'kind', 'lamport', 'process', 'rule', 'seq', 'vclock']);
      assert.equal(log[1].rule, 'initiate');

      // Load the blank three-process preset and act on it.
      await page.evaluate(() => window.snapshotLab.load('v1.AAPQD9AP0A8BAA'));
      await page.getByRole('button', { name: startsWith('Process P3') }).waitFor();
      await page.evaluate(() => {
        window.snapshotLab.act({ type: 'send', from: 0, to: 1, amount: 25 });
        window.snapshotLab.act({ type: 'snapshot', process: 1 });
        window.snapshotLab.act({ type: 'deliver', message: { type: 'app', number: 1 } });
      });
      const after = await page.evaluate(() => window.snapshotLab.log());
      assert.deepEqual(after.map((e) => e.seq), after.map((_, i) => i + 1), 'a fresh log, in order');
      assert.equal(after[0].rule, 'send');
      assert.equal(after.at(-1).rule, 'receive-recorded', 'm1 arrives on a channel P2 records');
      await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor();
      assert.equal(await rows.count(), after.length, 'the page shows the same log');
      const scripted = await page.evaluate(() => window.snapshotLab.link());
      assert.notEqual(scripted, C21);
      await until(() => decodeURIComponent(new URL(page.url()).hash.slice(1)).split('&')[0] === scripted, "the page's link to be the API's", {
        describe: () => page.url(),
      });
      // The run as Export… saves it: its JSON (whose link is the API's) and its text form.
      const doc = JSON.parse(await page.evaluate(() => window.snapshotLab.json()));
      assert.equal(doc.scenario.link, scripted);
      assert.equal(doc.events.length, after.length);
      assert.match(await page.evaluate(() => window.snapshotLab.text()), /^process P1 /m);

      // Impossible actions and bad links throw, saying why, and change nothing.
      const refused = await page.evaluate(() => {
        const said = [];
        for (const bad of [
          () => window.snapshotLab.act({ type: 'deliver', message: { type: 'app', number: 9 } }),
          () => window.snapshotLab.act({ type: 'send', from: 0, to: 7, amount: 1 }),
          () => window.snapshotLab.act({ type: 'fly' }),
          () => window.snapshotLab.load('v1.@@@'),
        ]) {
          try {
            bad();
            said.push('accepted');
          } catch (e) {
            said.push(e instanceof Error ? e.message : String(e));
          }
        }
        return said;
      });
      assert.equal(refused.length, 4);
      for (const r of refused) assert.ok(r !== 'accepted' && r.length > 8, refused.join(' | '));
      assert.match(refused[0], /m9/);
      assert.match(refused[2], /not an action/);
      assert.equal((await page.evaluate(() => window.snapshotLab.log())).length, after.length);
      assertNoPageErrors(problems);
    });
  });

  test('the API is there whichever link opened the page, &api or not', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'api-everywhere', async ({ page, problems }) => {
      for (const [i, hash] of [C21, 'v1.lesson.why', 'v1.exercises', ''].entries()) {
        // A query of its own, so that each link loads the page afresh (a new fragment alone would not).
        await page.goto(`${shared.server.url}index.html?visit=${i}${hash ? `#${hash}` : ''}`, { waitUntil: 'load' });
        await page.getByRole('navigation', { name: 'Modes' }).waitFor({ timeout: APP_TIMEOUT_MS });
        await page.waitForFunction(() => window.snapshotLab !== undefined, null, { timeout: APP_TIMEOUT_MS });
        assert.deepEqual(await page.evaluate(() => Object.keys(window.snapshotLab).sort()), ['act', 'faultDrill', 'json', 'link', 'load', 'log', 'text'], hash);
        assert.equal(await page.evaluate(() => typeof window.snapshotLab.log()), 'object', `${hash}: the API reads the log`);
      }
      assertNoPageErrors(problems);
    });
  });
});

describe('printing', () => {
  test('a print puts both diagrams and the snapshot on one landscape page, without the controls', { timeout: TEST_TIMEOUT }, async () => {
    await withPage(shared.browser, DESKTOP, 'print', async ({ page, problems }) => {
      await page.goto(`${shared.server.url}index.html#${C21}`, { waitUntil: 'load' });
      await page.getByRole('region', { name: startsWith('Snapshot S1') }).waitFor({ timeout: APP_TIMEOUT_MS });
      await page.emulateMedia({ media: 'print' });
      for (const hidden of [page.getByRole('toolbar', { name: 'Run controls' }), page.getByRole('navigation', { name: 'Modes' })]) {
        assert.equal(await hidden.isVisible(), false);
      }
      for (const shown of [
        page.locator('svg.topology'),
        page.getByRole('figure', { name: startsWith('Space-time diagram') }).or(page.getByRole('img', { name: startsWith('Space-time diagram') })).first(),
        page.getByRole('region', { name: startsWith('Snapshot S1') }),
      ]) {
        assert.equal(await shown.isVisible(), true);
      }
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, 'one printed page');
      assertNoPageErrors(problems);
    });
  });
});
