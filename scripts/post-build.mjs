// Trunk's post-build hook (Trunk.toml [[hooks]]): turns Trunk's output into the page as shipped.
//
// Trunk builds the lab alone (index.html: the rust link has data-cargo-no-default-features),
// the first load of a scenario link. This hook then
//   1. builds the full page (default features: the guided lesson and the exercises) for
//      wasm32 in its own target directory (target/full, so the two builds never overwrite each
//      other's output), runs wasm-bindgen and, in release builds, wasm-opt -Oz on it, and names
//      the files by a hash of their content (snapshot-lab-full-<hash>.js/_bg.wasm);
//   2. writes the loader www/boot.js as boot-<hash>.js with the four file names filled in;
//   3. replaces Trunk's inline start-up script (which the Content-Security-Policy forbids) and
//      its preload links with <script type=module src=./boot-<hash>.js>;
//   4. in release builds, minifies the JavaScript of the first load (the loader and both
//      builds' wasm-bindgen glue) with terser (npm), which Trunk 0.21 cannot do for ES modules;
//   5. writes each language's catalogs (www/i18n/<lang>/<part>.json) keyed by a hash of the
//      English (src/i18n.rs `key`), as i18n-<lang>-<part>-<hash>.json, and gives the loader
//      their names;
//   6. fills in the service worker (www/sw.js, copied by Trunk as dist/sw.js): the list of every
//      built file to cache (both builds, the loader, the file worker, index.html, ...) and a
//      version, a hash of all of them, so that any change to any file is a new service worker.
// It runs with Trunk's environment (scripts/trunk.sh: build-std and panic flags for wasm32).
// Environment from Trunk: TRUNK_STAGING_DIR, TRUNK_SOURCE_DIR, TRUNK_PROFILE.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { minify } from 'terser';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (this script is a Trunk hook: run trunk build)');
  process.exit(2);
}
const log = (m) => console.log(`post-build: ${m}`);
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });

/** 32-bit FNV-1a of a text's UTF-8 bytes (src/i18n.rs `key`, www/boot.js `key`). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** The JavaScript as shipped: minified in release builds (ES module, top-level await). */
async function ship(code) {
  if (!release) return code;
  const out = await minify(code, { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true });
  if (typeof out.code !== 'string') throw new Error('terser returned no code');
  return out.code;
}

// --- 1. the full build ---------------------------------------------------------------------------
const targetDir = path.join(source, 'target', 'full');
log(`building the full page (lesson and exercises) in ${path.relative(source, targetDir)}`);
const cargoArgs = ['build', '--target', 'wasm32-unknown-unknown', '--bin', 'snapshot-lab', '--message-format=json-render-diagnostics'];
if (release) cargoArgs.push('--release');
if (process.argv.includes('--offline') || process.env.SNAPSHOT_LAB_OFFLINE === '1') cargoArgs.push('--offline');
const messages = run('cargo', cargoArgs, { cwd: source, env: { ...process.env, CARGO_TARGET_DIR: targetDir }, maxBuffer: 1 << 28 })
  .toString()
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l));
const artifact = messages
  .filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'snapshot-lab' && m.target.kind.includes('bin'))
  .flatMap((m) => m.filenames)
  .find((f) => f.endsWith('.wasm'));
if (!artifact) {
  console.error('post-build: cargo reported no wasm file for the full build');
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'snapshot-lab-full-'));
try {
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', work, '--out-name', 'snapshot-lab-full', artifact]);
  const bgIn = path.join(work, 'snapshot-lab-full_bg.wasm');
  if (release) {
    const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
    const opt = path.join(work, 'opt.wasm');
    run('wasm-opt', ['-Oz', '--converge', '--low-memory-unused', '--zero-filled-memory', ...features.map((f) => `--enable-${f}`), bgIn, '-o', opt]);
    renameSync(opt, bgIn);
  }
  const wasmBytes = readFileSync(bgIn);
  const jsBytes = Buffer.from(await ship(readFileSync(path.join(work, 'snapshot-lab-full.js'), 'utf8')));
  const fullWasm = `snapshot-lab-full-${hash(wasmBytes)}_bg.wasm`;
  const fullJs = `snapshot-lab-full-${hash(jsBytes)}.js`;
  writeFileSync(path.join(staging, fullWasm), wasmBytes);
  writeFileSync(path.join(staging, fullJs), jsBytes);

  // --- 2. the loader ---------------------------------------------------------------------------
  const files = readdirSync(staging);
  const labJs = files.find((f) => /^snapshot-lab-[0-9a-f]+\.js$/.test(f));
  const labWasm = files.find((f) => /^snapshot-lab-[0-9a-f]+_bg\.wasm$/.test(f));
  if (!labJs || !labWasm) {
    console.error(`post-build: Trunk's lab build is not in ${staging} (found: ${files.join(', ')})`);
    process.exit(1);
  }
  // Stylesheets loaded after the first load (copied by Trunk): the full page's own
  // (www/full.css) and presentation mode's (www/present.css), content-hashed like the code.
  const sheet = (name) => {
    const from = path.join(staging, `${name}.css`);
    if (!existsSync(from)) {
      console.error(`post-build: ${name}.css is not in the build (index.html copies www/${name}.css with data-trunk rel="copy-file")`);
      process.exit(1);
    }
    const to = `${name}-${hash(readFileSync(from))}.css`;
    renameSync(from, path.join(staging, to));
    return to;
  };
  // The languages' catalogs (www/i18n/<lang>/<part>.json, src/i18n.rs): checked, minified and
  // content-hashed; the loader fetches the page's language's.
  const i18nDir = path.join(source, 'www', 'i18n');
  const catalogs = {};
  for (const lang of readdirSync(i18nDir).sort()) {
    if (!statSync(path.join(i18nDir, lang)).isDirectory()) continue;
    catalogs[lang] = {};
    for (const part of ['lab', 'full']) {
      const from = path.join(i18nDir, lang, `${part}.json`);
      let entries;
      try {
        entries = JSON.parse(readFileSync(from, 'utf8'));
      } catch (e) {
        console.error(`post-build: ${path.relative(source, from)}: ${e.message}`);
        process.exit(1);
      }
      // Shipped keyed by the English's 32-bit FNV-1a hash in base 36 (src/i18n.rs `key`),
      // which halves the file; two keys with one hash would mix up two sentences.
      const shipped = {};
      for (const [english, text] of Object.entries(entries)) {
        const k = fnv1a(english).toString(36);
        if (k in shipped) {
          console.error(`post-build: ${path.relative(source, from)}: two keys have the hash ${k}; reword one of them`);
          process.exit(1);
        }
        shipped[k] = text;
      }
      const bytes = Buffer.from(JSON.stringify(shipped));
      const to = `i18n-${lang}-${part}-${hash(bytes)}.json`;
      writeFileSync(path.join(staging, to), bytes);
      catalogs[lang][part] = `./${to}`;
    }
  }
  const fullCss = sheet('full');
  const presentCss = sheet('present');
  const boot = readFileSync(path.join(source, 'www', 'boot.js'), 'utf8')
    .replace('__LAB_JS__', `./${labJs}`)
    .replace('__LAB_WASM__', `./${labWasm}`)
    .replace('__FULL_JS__', `./${fullJs}`)
    .replace('__FULL_WASM__', `./${fullWasm}`)
    .replace('__FULL_CSS__', `./${fullCss}`)
    .replace('__PRESENT_CSS__', `./${presentCss}`)
    .replace('__I18N__', JSON.stringify(catalogs));
  if (boot.includes('__')) {
    console.error('post-build: www/boot.js has a placeholder this script does not fill');
    process.exit(1);
  }
  const shipped = `// Snapshot Lab's loader: source and comments in www/boot.js\n${await ship(boot)}`;
  const bootName = `boot-${hash(shipped)}.js`;
  writeFileSync(path.join(staging, bootName), shipped);
  // Trunk's glue for the lab build, minified in place (its name keeps Trunk's hash).
  const labGlue = path.join(staging, labJs);
  writeFileSync(labGlue, await ship(readFileSync(labGlue, 'utf8')));

  // --- 3. index.html -----------------------------------------------------------------------------
  const indexPath = path.join(staging, 'index.html');
  let html = readFileSync(indexPath, 'utf8');
  const inline = /<script type=("?)module\1>[\s\S]*?<\/script>/;
  if (!inline.test(html)) {
    console.error("post-build: Trunk's start-up script is not in index.html (has Trunk changed?)");
    process.exit(1);
  }
  html = html
    .replace(inline, '')
    .replace(/<link[^>]*rel=("?)(modulepreload|preload)\1[^>]*>/g, '')
    .replace('</head>', `<script type=module src=./${bootName}></script></head>`);
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
    console.error('post-build: index.html still has an inline script, which the Content-Security-Policy would block');
    process.exit(1);
  }
  writeFileSync(indexPath, html);
  log(`lab ${labWasm}, full ${fullWasm}, loader ${bootName}`);

  // --- 6. the service worker ---------------------------------------------------------------------
  const swPath = path.join(staging, 'sw.js');
  let sw;
  try {
    sw = readFileSync(swPath, 'utf8');
  } catch {
    console.error('post-build: sw.js is not in the build (index.html copies www/sw.js with data-trunk rel="copy-file")');
    process.exit(1);
  }
  const built = (dir, prefix = '') =>
    readdirSync(dir).flatMap((f) =>
      statSync(path.join(dir, f)).isDirectory() ? built(path.join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
    );
  const precache = built(staging)
    .filter((f) => f !== 'sw.js')
    .sort();
  const version = createHash('sha256');
  for (const f of precache) version.update(`${f}\0`).update(readFileSync(path.join(staging, f))).update('\0');
  sw = sw.replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16))).replace('__FILES__', JSON.stringify(precache));
  if (sw.includes('__')) {
    console.error('post-build: www/sw.js has a placeholder this script does not fill');
    process.exit(1);
  }
  writeFileSync(swPath, `// Snapshot Lab's service worker: source and comments in www/sw.js\n${await ship(sw)}`);
  log(`service worker: ${precache.length} files to cache`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
