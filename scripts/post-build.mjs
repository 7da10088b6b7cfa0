// Trunk's post-build hook (Trunk.toml [[hooks]]): turns Trunk's output into the page as shipped.
//
// Trunk builds the page (index.html's rust link) and the file worker. This hook then
//   1. writes each language's catalog (www/i18n/<lang>.json) keyed by a hash of the English
//      (src/i18n.rs `key`), as i18n-<lang>-<hash>.json;
//   2. writes the loader www/boot.js as boot-<hash>.js with the page's file names and the
//      catalogs' filled in;
//   3. replaces Trunk's inline start-up script (which the Content-Security-Policy forbids) and
//      its preload links with <script type=module src=./boot-<hash>.js>;
//   4. in release builds, minifies the loader and the page's wasm-bindgen glue with terser (npm),
//      which Trunk 0.21 cannot do for ES modules;
//   5. fills in the service worker (www/sw.js, copied by Trunk as dist/sw.js): the files the
//      page needs to start (precached), every built file (cached when first used), and a
//      version, a hash of all of them, so that any change to any file is a new service worker.
// Environment from Trunk: TRUNK_STAGING_DIR, TRUNK_SOURCE_DIR, TRUNK_PROFILE.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
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
const fail = (m) => {
  console.error(`post-build: ${m}`);
  process.exit(1);
};
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

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

const files = readdirSync(staging);
const pageJs = files.find((f) => /^snapshot-lab-[0-9a-f]+\.js$/.test(f));
const pageWasm = files.find((f) => /^snapshot-lab-[0-9a-f]+_bg\.wasm$/.test(f));
if (!pageJs || !pageWasm) fail(`Trunk's build of the page is not in ${staging} (found: ${files.join(', ')})`);

// --- 1. the languages' catalogs -----------------------------------------------------------------
const i18nDir = path.join(source, 'www', 'i18n');
const catalogs = {};
for (const file of readdirSync(i18nDir).sort()) {
  const lang = /^([a-z]{2})\.json$/.exec(file)?.[1];
  if (!lang) continue;
  const from = path.join(i18nDir, file);
  let entries;
  try {
    entries = JSON.parse(readFileSync(from, 'utf8'));
  } catch (e) {
    fail(`${path.relative(source, from)}: ${e.message}`);
  }
  // Shipped keyed by the English's 32-bit FNV-1a hash in base 36 (src/i18n.rs `key`), which
  // halves the file; two keys with one hash would mix up two sentences.
  const shipped = {};
  for (const [english, text] of Object.entries(entries)) {
    const k = fnv1a(english).toString(36);
    if (k in shipped) fail(`${path.relative(source, from)}: two keys have the hash ${k}; reword one of them`);
    shipped[k] = text;
  }
  const bytes = Buffer.from(JSON.stringify(shipped));
  const to = `i18n-${lang}-${hash(bytes)}.json`;
  writeFileSync(path.join(staging, to), bytes);
  catalogs[lang] = `./${to}`;
}

// --- 2. the loader ------------------------------------------------------------------------------
const boot = readFileSync(path.join(source, 'www', 'boot.js'), 'utf8')
  .replace('__JS__', `./${pageJs}`)
  .replace('__WASM__', `./${pageWasm}`)
  .replace('__I18N__', JSON.stringify(catalogs));
if (boot.includes('__')) fail('www/boot.js has a placeholder this script does not fill');
const shippedBoot = `// Snapshot Lab's loader: source and comments in www/boot.js\n${await ship(boot)}`;
const bootName = `boot-${hash(shippedBoot)}.js`;
writeFileSync(path.join(staging, bootName), shippedBoot);
// Trunk's glue for the page, minified in place (its name keeps Trunk's hash).
const glue = path.join(staging, pageJs);
writeFileSync(glue, await ship(readFileSync(glue, 'utf8')));

// --- 3. index.html ------------------------------------------------------------------------------
const indexPath = path.join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const inline = /<script type=("?)module\1>[\s\S]*?<\/script>/;
if (!inline.test(html)) fail("Trunk's start-up script is not in index.html (has Trunk changed?)");
html = html
  .replace(inline, '')
  .replace(/<link[^>]*rel=("?)(modulepreload|preload)\1[^>]*>/g, '')
  .replace('</head>', `<script type=module src=./${bootName}></script></head>`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('index.html still has an inline script, which the Content-Security-Policy would block');
writeFileSync(indexPath, html);
log(`page ${pageWasm}, loader ${bootName}`);

// --- 5. the service worker ----------------------------------------------------------------------
const swPath = path.join(staging, 'sw.js');
let sw;
try {
  sw = readFileSync(swPath, 'utf8');
} catch {
  fail('sw.js is not in the build (index.html copies www/sw.js with data-trunk rel="copy-file")');
}
const built = (dir, prefix = '') =>
  readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? built(path.join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`]));
const all = built(staging)
  .filter((f) => f !== 'sw.js')
  .sort();
// What every visit loads before the page draws: index.html, its stylesheet and icon, the loader,
// the glue and the wasm. The file worker and the catalogs are cached when first used.
const startup = new Set(['index.html', bootName, pageJs, pageWasm]);
for (const m of html.matchAll(/<link[^>]*href=("?)\.?\/?([^"\s>]+)\1[^>]*>/g)) {
  if (all.includes(m[2])) startup.add(m[2]);
}
const precache = all.filter((f) => startup.has(f));
const version = createHash('sha256');
for (const f of all) version.update(`${f}\0`).update(readFileSync(path.join(staging, f))).update('\0');
sw = sw
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__PRECACHE__', JSON.stringify(precache))
  .replace('__FILES__', JSON.stringify(all));
if (sw.includes('__')) fail('www/sw.js has a placeholder this script does not fill');
writeFileSync(swPath, `// Snapshot Lab's service worker: source and comments in www/sw.js\n${await ship(sw)}`);
log(`service worker: ${precache.length} files precached (${precache.join(', ')}), ${all.length} kept when used`);
