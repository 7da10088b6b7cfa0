// Snapshot Lab's service worker: after the first visit the lab, the lesson and the exercises
// work without a network (students open links on flaky connections).
//
// scripts/post-build.mjs writes it to dist/sw.js with VERSION (a hash of every built file),
// PRECACHE (what the page needs to start: index.html, the stylesheet, the icon, the loader, the
// glue and the wasm) and FILES (every built file) filled in; www/boot.js registers it once the
// page has started, unless the browser asks to save data.
//
// - install: fetches PRECACHE into the cache `snapshot-lab-<VERSION>` (the files the visit has
//   just loaded, so no new bytes but for what the HTTP cache lacks);
// - activate: deletes every other `snapshot-lab-…` cache (the previous version) and takes
//   control of the open pages;
// - fetch: the app's own files cache-first (the page at the scope's root is index.html; a link's
//   fragment is never sent, so every scenario, lesson and exercise link is that one page); a
//   built file not yet cached (the file worker, a language's catalog) is kept when first
//   fetched; anything else goes to the network as if there were no worker.
//
// A new deployment changes VERSION, so the browser sees a new sw.js on the next visit and
// installs it in the background; it takes over (and deletes the old cache) once no tab runs the
// old version, so a page never mixes files of two versions.

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const FILES = __FILES__;
const CACHE = `snapshot-lab-${VERSION}`;
const PREFIX = 'snapshot-lab-';
const scope = new URL('./', self.location.href);
const INDEX = new URL('index.html', scope).href;
const BUILT = new Set(FILES.map((f) => new URL(f, scope).href));

self.addEventListener('install', (event) => {
  // index.html's name carries no hash: past the HTTP cache, so that it is this version's.
  const request = (f) => new Request(new URL(f, scope), { cache: f === 'index.html' ? 'reload' : 'default' });
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map(request))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const key = url.pathname === scope.pathname ? INDEX : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok && BUILT.has(key)) cache.put(key, response.clone());
            return response;
          }),
      ),
    ),
  );
});
