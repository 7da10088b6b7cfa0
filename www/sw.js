// Snapshot Lab's service worker: after the first visit the lab, the lesson and the exercises
// work without a network (students open links on flaky connections).
//
// scripts/post-build.mjs writes it to dist/sw.js with VERSION (a hash of every built file) and
// FILES (every built file: index.html, the stylesheet, the loader, both builds of the page, the
// file worker) filled in; www/boot.js registers it once the page has started.
//
// - install: fetches every file of this version into the cache `snapshot-lab-<VERSION>`;
// - activate: deletes every other `snapshot-lab-…` cache (the previous version) and takes
//   control of the open pages;
// - fetch: the app's own files cache-first (the page at the scope's root is index.html; a link's
//   fragment is never sent, so every scenario, lesson and exercise link is that one page);
//   anything else goes to the network as if there were no worker.
//
// A new deployment changes VERSION, so the browser sees a new sw.js on the next visit and
// installs it in the background; it takes over (and deletes the old cache) once no tab runs the
// old version, so a page never mixes files of two versions.

const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `snapshot-lab-${VERSION}`;
const PREFIX = 'snapshot-lab-';
const scope = new URL('./', self.location.href);
const INDEX = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `reload`: past the HTTP cache, so that files whose names carry no hash (index.html, the
      // file worker) are this version's.
      cache.addAll(FILES.map((f) => new Request(new URL(f, scope), { cache: 'reload' }))),
    ),
  );
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
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit ?? fetch(request)),
  );
});
