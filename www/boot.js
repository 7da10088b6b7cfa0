// Snapshot Lab's loader. scripts/post-build.mjs fills in the built file names and writes it to
// dist/ as boot-<hash>.js, the page's only script (the Content-Security-Policy in index.html
// allows no inline script). It
//
// 1. chooses the page's language (the link's `&lang=`, else the learner's last choice, else the
//    browser's preferred languages; English when none is Korean or Chinese), sets <html lang>,
//    and fetches that language's catalog (www/i18n/<lang>.json, src/i18n.rs) beside the wasm,
//    so that the page draws in its language from the first frame;
// 2. starts the page (the wasm-bindgen glue and the wasm) and attaches `window.snapshotLab`,
//    the scripting API;
// 3. shows a fault panel, with the current link and a report to copy, when the page cannot
//    start or a bug stops it (a Rust panic in the page is a WebAssembly trap), instead of a dead
//    page. The run is never lost: it is in the link, and Reload opens it again;
// 4. registers the service worker (www/sw.js), which keeps the page's files for offline use,
//    unless the browser asks to save data (Save-Data).

const JS = '__JS__';
const WASM = '__WASM__';
// Each language's catalog but English's: { ko: './i18n-ko-….json', zh: … }.
const CATALOGS = __I18N__;
const LANG_KEY = 'snapshot-lab.lang';

function chooseLanguage() {
  const known = (tag) => {
    const primary = String(tag ?? '').toLowerCase().split(/[-_]/)[0];
    return primary === 'en' || primary in CATALOGS ? primary : null;
  };
  const linked = known(/&lang=([^&]*)/.exec(location.hash)?.[1]);
  if (linked) return linked;
  try {
    const chosen = known(localStorage.getItem(LANG_KEY));
    if (chosen) return chosen;
  } catch {
    // Storage blocked: the browser's languages decide.
  }
  return (navigator.languages ?? [navigator.language]).map(known).find(Boolean) ?? 'en';
}

// The loader's own sentences (the fault panel), in the page's language once its catalog is here.
// Catalogs are keyed by the English's 32-bit FNV-1a hash in base 36 (src/i18n.rs `key`).
let words = {};
const key = (english) => {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(english)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(36);
};
const t = (english) => words[key(english)] ?? english;

const lang = chooseLanguage();
document.documentElement.lang = lang;
// English is the source text: no catalog. A catalog that fails to load leaves the page in English.
const catalog =
  lang === 'en'
    ? Promise.resolve({})
    : fetch(new URL(CATALOGS[lang], import.meta.url)).then((r) => (r.ok ? r.json() : {}), () => ({}));

const url = (file) => new URL(file, import.meta.url).href;

function element(tag, attributes = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function describe(error) {
  if (error instanceof Error) {
    const stack = (error.stack ?? '').split('\n').slice(0, 8).join('\n');
    return stack.includes(error.message) ? stack : `${error.name}: ${error.message}\n${stack}`;
  }
  return String(error);
}

let faulted = false;

/** Shows the fault panel (once): what happened, the link, a report to copy, Reload. */
function showFault(heading, error) {
  if (faulted) return;
  faulted = true;
  const link = location.href;
  const report = [
    'Snapshot Lab fault report',
    `files: ${JS}, ${WASM}`,
    `time: ${new Date().toISOString()}`,
    `link: ${link}`,
    `browser: ${navigator.userAgent}`,
    `error: ${describe(error)}`,
  ].join('\n');

  const panel = element('div', {
    class: 'fault',
    role: 'alertdialog',
    'aria-modal': 'true',
    'aria-labelledby': 'fault-title',
    'aria-describedby': 'fault-text',
  });
  const box = element('div', { class: 'fault-box' });
  box.append(
    element('h2', { id: 'fault-title' }, heading),
    element(
      'p',
      { id: 'fault-text' },
      t('Your run is safe: it is in the link below. Reload opens it again. If this keeps happening, copy the report and send it to whoever looks after the lab.'),
    ),
  );
  const linkLabel = element('label', { for: 'fault-link' }, t('Link'));
  const linkField = element('input', { id: 'fault-link', type: 'text', readonly: '' });
  linkField.value = link;
  const reportLabel = element('label', { for: 'fault-report' }, t('Report'));
  const reportField = element('textarea', { id: 'fault-report', readonly: '', rows: '7' });
  reportField.value = report;
  const status = element('p', { role: 'status', class: 'fault-status' });
  const reload = element('button', { type: 'button' }, t('Reload'));
  reload.addEventListener('click', () => location.reload());
  const copy = element('button', { type: 'button' }, t('Copy report'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(report);
      status.textContent = t('Report copied.');
    } catch {
      reportField.select();
      status.textContent = t('The browser did not let the page copy: the report is selected, copy it with the keyboard.');
    }
  });
  const buttons = element('div', { class: 'fault-buttons' });
  buttons.append(reload, copy);
  box.append(linkLabel, linkField, reportLabel, reportField, buttons, status);
  panel.append(box);
  document.body.append(panel);
  // The page behind is dead: keep focus and assistive technology in the panel.
  for (const child of document.body.children) if (child !== panel) child.setAttribute('inert', '');
  reload.focus();
}

addEventListener('error', (e) => showFault(t('Something went wrong in Snapshot Lab'), e.error ?? e.message));
addEventListener('unhandledrejection', (e) => showFault(t('Something went wrong in Snapshot Lab'), e.reason));

try {
  const [bindings, words_] = await Promise.all([import(url(JS)), catalog]);
  words = words_;
  // src/ui/mod.rs start() installs it (src/i18n.rs) before the page draws.
  window.snapshotLabCatalog = Object.entries(words).flat().join('\u0001');
  await bindings.default({ module_or_path: url(WASM) });
  // The scripting API (docs/links.md).
  window.snapshotLab = Object.freeze({
    /** A deliberate panic in the page, to see (and test) the fault panel. */
    faultDrill: () => bindings.fault_drill(),
    load: (link) => bindings.api_load(String(link)),
    act: (action) => bindings.api_act(action),
    log: () => bindings.api_log(),
    link: () => bindings.api_link(),
    text: () => bindings.api_text(),
    json: () => bindings.api_json(),
  });
} catch (error) {
  const loading = document.querySelector('#app .loading');
  if (loading) loading.textContent = t('Snapshot Lab could not start.');
  showFault(
    typeof WebAssembly === 'object' ? t('Snapshot Lab could not start') : t('This browser cannot run Snapshot Lab (no WebAssembly)'),
    error,
  );
}

// 4. Offline after the first visit: the service worker (www/sw.js) keeps the page's files.
// Only on http(s) pages that may have one (not file:, not an insecure origin), and not when the
// browser asks to save data (its install fetches the page's files once more); any failure
// leaves the page as it is, served by the network.
try {
  if (/^https?:$/.test(location.protocol) && 'serviceWorker' in navigator && !navigator.connection?.saveData) {
    navigator.serviceWorker.register(url('./sw.js')).catch(() => {});
  }
} catch {
  // No service workers here (a sandboxed frame, a private mode): the page works online.
}
