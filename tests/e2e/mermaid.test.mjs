// The exports, checked by their real consumers: every Mermaid diagram that
// `snapshot-lab export` prints is parsed by Mermaid's own parser (the npm package, pinned in
// package.json, run in headless Chromium because its parser needs a DOM), and every ShiViz log is
// matched by its own first-line parser regex as a JavaScript RegExp, the way ShiViz reads it.
//
// Scenarios: every preset (their links, read from src/formats/presets.rs) and seeded generated runs
// (`snapshot-lab generate`) relabelled with hostile labels, written in the text form.
// Controls: the lecture notes' own broken flowcharts must fail to parse.
//
// Needs /usr/bin/chromium and node_modules (npm ci); builds target/release/snapshot-lab with
// `cargo build --release` first (incremental: quick when it is up to date). No network.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launchBrowser } from './helpers.mjs';

const BIN = process.env.SNAPSHOT_LAB_BIN ?? path.join(ROOT, 'target', 'release', 'snapshot-lab');
const MERMAID_JS = path.join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const SCRATCH = path.join(ROOT, 'target', 'e2e-exports');
const BUILD_TIMEOUT_MS = 20 * 60_000;

// Labels that break naive Mermaid text: the notes' own first (48 characters at most, the limit).
const HOSTILE_LABELS = [
  'Switch S1 (BMv2)',
  'Leaf Switch 1 (Programmable)',
  'Spine [1]',
  'say "hi"',
  '"',
  "'single'",
  '#1; x',
  '#35;',
  '#quot;',
  'a;b',
  'a --> b',
  'P1->>P2: hi',
  'line 1\nline 2',
  'cr\r\nlf',
  'tab\there',
  '스냅샷 프로세스',
  '快照进程',
  '  padded  ',
  ' ',
  '',
  '%%{init: {"theme": "dark"}}%%',
  '%% comment',
  '<b>bold</b><br>',
  '&amp; & &',
  '`code`',
  '$$x^2$$',
  '{curly} }{',
  'a|b',
  'end',
  'participant',
  'Note over P1: x',
  'P1 as P2',
  '\\',
  '🙂',
  '\u200bzero width',
  'שלום',
  'e\u0301',
  'click P1 call alert()',
  'style P1 fill:#f00;',
  'classDef x fill:#f00;',
  '$$$',
  'https://example.org/#frag',
  '\u0007\u0000',
];

// The lecture notes' flowcharts that Mermaid refused ("Parse error on line 7: ...
// S1[Switch S1 (BMv2)] ... got 'PS'" and "line 5: ...Leaf1[Leaf Switch 1 (Programmable)]").
const NOTES_BROKEN = [
  {
    text: `flowchart LR
    H1[Host 1]
    H2[Host 2]
    C[Controller]
    subgraph Fabric
      direction LR
      S1[Switch S1 (BMv2)]
      S2[Switch S2 (BMv2)]
    end
    H1 --> S1 --> S2 --> H2
    C -.-> S1`,
    line: 7,
  },
  {
    text: `flowchart TD
    Spine1[Spine Switch 1]
    Spine2[Spine Switch 2]
    subgraph Leaves
    Leaf1[Leaf Switch 1 (Programmable)]
    Leaf2[Leaf Switch 2 (Programmable)]
    end
    Spine1 --> Leaf1
    Spine2 --> Leaf2`,
    line: 5,
  },
];

/** Runs the CLI; returns stdout (throws with stderr on a non-zero exit). */
function cli(...args) {
  try {
    return execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (err) {
    throw new Error(`snapshot-lab ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** A label in the scenario text form: in double quotes, `"` and `\` escaped, control characters as \u{hex}. */
function textFormLabel(label) {
  let out = '';
  for (const c of label) {
    const code = c.codePointAt(0);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += c;
  }
  return `"${out}"`;
}

/** The preset links, as src/formats/presets.rs lists them. */
function presetLinks() {
  const source = readFileSync(path.join(ROOT, 'src', 'formats', 'presets.rs'), 'utf8');
  const found = [...source.matchAll(/^\s*id: "([^"]+)",[\s\S]*?^\s*link: "(v1\.[A-Za-z0-9_-]+)"/gm)];
  return found.map((m) => ({ name: `preset ${m[1]}`, scenario: m[2] }));
}

/** Seeded generated runs with every hostile label on some process; returns @FILE scenarios. */
function hostileScenarios() {
  mkdirSync(SCRATCH, { recursive: true });
  const out = [];
  const configs = [
    { processes: 16, events: 300, seed: 1, inFlight: 3 },
    { processes: 16, events: 200, seed: 2, inFlight: 0 },
    { processes: 16, events: 120, seed: 3, inFlight: 5 },
    { processes: 2, events: 40, seed: 4, inFlight: 1 },
  ];
  let next = 0;
  for (const c of configs) {
    const link = cli(
      'generate',
      '--processes', String(c.processes),
      '--events', String(c.events),
      '--seed', String(c.seed),
      '--in-flight', String(c.inFlight),
    ).trim();
    const relabelled = cli('text', link).replace(/^process (P\d+) (-?\d+).*$/gm, (_, name, initial) => {
      const label = HOSTILE_LABELS[next++ % HOSTILE_LABELS.length];
      return `process ${name} ${initial} ${textFormLabel(label)}`;
    });
    const file = path.join(SCRATCH, `hostile-${c.seed}.txt`);
    writeFileSync(file, relabelled);
    out.push({ name: `generated seed ${c.seed} (${c.processes} processes, hostile labels)`, scenario: `@${file}` });
  }
  assert.ok(next >= HOSTILE_LABELS.length, 'every hostile label is used');
  return out;
}

let browser;
let page;
let scenarios;

/** mermaid.parse() of each text, in the page: [{ok, type}] or [{ok: false, error}]. */
async function parseAll(texts) {
  return page.evaluate(async (texts) => {
    const results = [];
    for (const text of texts) {
      try {
        const r = await window.mermaid.parse(text);
        results.push({ ok: true, type: r.diagramType });
      } catch (err) {
        results.push({ ok: false, error: String(err?.message ?? err) });
      }
    }
    return results;
  }, texts);
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
    scenarios = [...presetLinks(), ...hostileScenarios()];
    browser = await launchBrowser();
    const context = await browser.newContext();
    // Nothing may leave the machine: Mermaid is the local npm copy.
    await context.route(/^(?!about:|data:)/, (route) => route.abort());
    page = await context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  },
  { timeout: BUILD_TIMEOUT_MS + 60_000 },
);

after(async () => {
  await browser?.close();
});

describe('Mermaid exports', () => {
  test('the presets are all found', () => {
    assert.ok(presetLinks().length >= 5, `presets found: ${presetLinks().map((p) => p.name)}`);
  });

  test('the control: the notes’ own flowcharts fail to parse, as they did in the notes', async () => {
    const results = await parseAll(NOTES_BROKEN.map((c) => c.text));
    results.forEach((r, i) => {
      assert.equal(r.ok, false, `the notes' flowchart ${i + 1} parsed, so the parser checks nothing`);
      assert.match(r.error, new RegExp(`Parse error on line ${NOTES_BROKEN[i].line}:`), r.error);
      assert.match(r.error, /got 'PS'/, r.error);
    });
    // And so does a naive export of a hostile label (an id with its label in brackets).
    const [naive] = await parseAll(['flowchart LR\n    P1[Switch S1 (BMv2)] --> P2']);
    assert.equal(naive.ok, false);
  });

  for (const format of ['mermaid-flowchart', 'mermaid-sequence', 'mermaid-rules']) {
    test(`every ${format} export parses with mermaid.parse`, async () => {
      const texts = scenarios.map((s) => cli('export', s.scenario, '--format', format));
      const results = await parseAll(texts);
      const expectedType = { 'mermaid-flowchart': /^flowchart/, 'mermaid-sequence': /^sequence$/, 'mermaid-rules': /^stateDiagram/ }[format];
      results.forEach((r, i) => {
        assert.ok(r.ok, `${scenarios[i].name}: ${r.error}\n--- export ---\n${texts[i]}`);
        assert.match(r.type, expectedType, `${scenarios[i].name}`);
      });
    });
  }

  test('the marker rules render laid out for a slide: columns of machines, not one long column', async () => {
    const shapes = [];
    for (const s of scenarios.filter((s) => s.name.startsWith('preset'))) {
      const rules = cli('export', s.scenario, '--format', 'mermaid-rules');
      const machines = (rules.match(/^ {8}state "/gm) ?? []).length;
      const shape = await page.evaluate(async (text) => {
        const { svg } = await window.mermaid.render('rules-check', text);
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        document.body.append(holder);
        const root = holder.querySelector('svg');
        const box = root.viewBox.baseVal;
        const titles = [...root.querySelectorAll('.statediagram-cluster .cluster-label, .cluster-label')].length;
        const error = holder.textContent.includes('Syntax error') || holder.textContent.includes('Maximum text size');
        holder.remove();
        return { width: box.width, height: box.height, titles, error };
      }, rules);
      assert.equal(shape.error, false, `${s.name}: rendered`);
      assert.ok(shape.titles >= machines, `${s.name}: every machine drawn (${shape.titles} boxes, ${machines} machines)`);
      shapes.push(`${s.name}: ${machines} machines, ${Math.round(shape.width)} × ${Math.round(shape.height)}`);
      // Wider than tall once there are more than two machines, and never a column many slides
      // tall: the notes' P1-P4 (16 machines) was a single 4,900 px column.
      if (machines > 2) assert.ok(shape.width > shape.height, `${s.name}: landscape (${shapes.at(-1)})`);
      assert.ok(shape.width / shape.height < 4, `${s.name}: not a long row either (${shapes.at(-1)})`);
      assert.ok(shape.height < 1600, `${s.name}: fits about one slide's height at most twice (${shapes.at(-1)})`);
    }
    assert.ok(shapes.length >= 5, shapes.join('\n'));
  });

  test('rendered diagrams show every hostile label as text, not markup', async () => {
    // As HTML shows text: white space collapsed, NUL as U+FFFD; zero-width spaces left out
    // (the export puts one between two `$` so that KaTeX leaves them alone).
    const squash = (s) => s.replace(/\u200b/g, '').replace(/\u0000/g, '\ufffd').replace(/\s+/g, ' ').trim();
    const wrong = [];
    let label = 0;
    for (const s of scenarios.filter((s) => s.name.startsWith('generated'))) {
      const flowchart = cli('export', s.scenario, '--format', 'mermaid-flowchart');
      const sequence = cli('export', s.scenario, '--format', 'mermaid-sequence');
      const shown = await page.evaluate(
        async ([flowchart, sequence]) => {
          const texts = async (id, text, selector, read) => {
            const { svg } = await window.mermaid.render(id, text);
            const holder = document.createElement('div');
            holder.innerHTML = svg;
            document.body.append(holder);
            const found = [...holder.querySelectorAll(selector)].map(read);
            holder.remove();
            return found;
          };
          return {
            nodes: await texts('flowchart-check', flowchart, '.node .nodeLabel', (n) => n.innerText),
            actors: await texts('sequence-check', sequence, 'text.actor', (n) => n.textContent),
          };
        },
        [flowchart, sequence],
      );
      const processes = (flowchart.match(/^ {4}P\d+\[/gm) ?? []).length;
      assert.equal(shown.nodes.length, processes, `${s.name}: one node per process: ${JSON.stringify(shown.nodes)}`);
      const actors = new Set(shown.actors.map(squash));
      shown.nodes.forEach((got, p) => {
        const hostile = HOSTILE_LABELS[label++ % HOSTILE_LABELS.length];
        const expected = squash(hostile === '' ? `P${p + 1}` : `P${p + 1} (${hostile})`);
        if (!squash(got).startsWith(expected)) wrong.push(`flowchart: ${JSON.stringify(expected)} shown as ${JSON.stringify(got)}`);
        if (!actors.has(expected)) wrong.push(`sequence: ${JSON.stringify(expected)} not among the participants`);
      });
    }
    assert.ok(label >= HOSTILE_LABELS.length, 'every hostile label was rendered');
    assert.deepEqual(wrong, [], `labels not shown as written:\n${wrong.join('\n')}`);
  });
});

/** The multicast runs: the presets (src/formats/multicast_presets.rs) and the lesson's steps (src/teach/multicast_lesson.rs). */
function multicastLinks() {
  const links = new Set();
  for (const file of [['formats', 'multicast_presets.rs'], ['teach', 'multicast_lesson.rs']]) {
    const source = readFileSync(path.join(ROOT, 'src', ...file), 'utf8');
    for (const m of source.matchAll(/link: "(v1\.mc\.[A-Za-z0-9_-]+)"/g)) links.add(m[1]);
  }
  return [...links];
}

describe('Multicast exports', () => {
  test('every multicast run exports a sequence diagram that mermaid.parse accepts, receives as arrows', async () => {
    const links = multicastLinks();
    assert.ok(links.length >= 8, `multicast runs found: ${links}`);
    const texts = links.map((l) => cli('export', l, '--format', 'mermaid-sequence'));
    const results = await parseAll(texts);
    results.forEach((r, i) => {
      assert.ok(r.ok, `${links[i]}: ${r.error}\n--- export ---\n${texts[i]}`);
      assert.match(r.type, /^sequence$/, links[i]);
      const run = JSON.parse(cli('replay', '--json', links[i]));
      const receives = run.events.filter((e) => e.kind === 'receive').length;
      const arrows = (texts[i].match(/^ {4}P\d+-?->>P\d+: /gm) ?? []).length;
      assert.equal(arrows, receives, `${links[i]}: one arrow per receive`);
    });
  });

  test('every multicast ShiViz log is matched by its own first-line regex, one match per event', () => {
    for (const link of multicastLinks()) {
      const log = cli('export', link, '--format', 'shiviz');
      const run = JSON.parse(cli('replay', '--json', link));
      const newline = log.indexOf('\n');
      const regex = new RegExp(log.slice(0, newline), 'gm');
      const matches = [...log.slice(newline + 1).matchAll(regex)];
      assert.equal(matches.length, run.events.length, `${link}: one match per event`);
      matches.forEach((m, i) => {
        assert.equal(m.groups.host, run.events[i].process, `${link}: event ${i + 1}`);
        assert.equal(m.groups.event, run.events[i].text, `${link}: event ${i + 1}`);
        const clock = JSON.parse(m.groups.clock);
        assert.ok(clock[m.groups.host] >= 1, `${link}: event ${i + 1} counts itself`);
      });
    }
  });
});

describe('ShiViz exports', () => {
  test('the first-line regex, as a JavaScript RegExp, matches every event of the log', () => {
    for (const s of scenarios) {
      const log = cli('export', s.scenario, '--format', 'shiviz');
      const run = JSON.parse(cli('replay', '--json', s.scenario));
      const newline = log.indexOf('\n');
      const regex = new RegExp(log.slice(0, newline), 'gm');
      const body = log.slice(newline + 1);
      const matches = [...body.matchAll(regex)];
      assert.equal(matches.length, run.events.length, `${s.name}: one match per event`);
      assert.equal(body.split('\n').length - 1, 2 * run.events.length, `${s.name}: two lines per event`);
      matches.forEach((m, i) => {
        const e = run.events[i];
        assert.equal(m.groups.event, e.description, `${s.name}, event ${i + 1}`);
        assert.equal(m.groups.host, e.process, `${s.name}, event ${i + 1}`);
        const clock = Object.fromEntries(
          e.vclock.map((count, p) => [`P${p + 1}`, count]).filter(([, count]) => count > 0),
        );
        assert.deepEqual(JSON.parse(m.groups.clock), clock, `${s.name}, event ${i + 1}`);
      });
    }
  });
});
