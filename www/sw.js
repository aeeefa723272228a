// The page's service worker: it keeps a copy of the page's own files, so that a page opened once
// with a network opens and analyses again without one. Nothing of the user's passes through it:
// their files are read in the page and never fetched. Each request goes to the network first, so
// that a page online is always the latest, and what comes back renews the copy; the copy answers
// when the network does not.

const CACHE = 'custval-page';
// The page's files beside the package's, which pkg/files.json lists (pkg-scripts/build.sh).
const PAGE_FILES = [
  './',
  'index.html',
  'app.js',
  'mapping.js',
  'style.css',
  'icon.svg',
  'manifest.webmanifest',
  'sample-transactions.csv',
];

self.addEventListener('install', (event) => {
  // The page asked for most of its files before this worker could see them: they are fetched
  // again here, the sample too, which a demonstration offline needs and the page fetches only
  // when asked.
  event.waitUntil(
    (async () => {
      const packageFiles = await (await fetch('pkg/files.json', { cache: 'no-cache' })).json();
      const cache = await caches.open(CACHE);
      await cache.addAll([...PAGE_FILES, 'pkg/files.json', ...packageFiles.map((name) => `pkg/${name}`)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fromNetworkOrCopy(request, event));
});

async function fromNetworkOrCopy(request, event) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const copy = await cache.match(request, { ignoreSearch: true });
    if (copy) return copy;
    throw offline;
  }
  // Whole files only: a cache refuses a part of one.
  if (response.status === 200) event.waitUntil(cache.put(request, response.clone()));
  return response;
}
