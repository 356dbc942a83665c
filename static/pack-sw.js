// Service worker of the packing tablet only (registered with scope /pack by its layout): the
// app shell and its hashed assets come from the cache when the connection is gone, so a
// reload at the bench still shows the pick list and its queued scans (F16). Data never
// comes from here: /api and /socket.io always go to the network.
const CACHE = 'packbench-pack-v1';
const SHELL = '/pack';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, '/pack.webmanifest', '/pack-icon-192.png']))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('packbench-pack-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request, fallback) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (error) {
    const hit = (await caches.match(request)) || (fallback && (await caches.match(fallback)));
    if (hit) return hit;
    throw error;
  }
}

// The tablet names what it shows (the page's own address and the files it loaded) so a reload
// without a connection finds exactly that page: SvelteKit's pages use relative asset paths.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        event.data.urls
          .filter((u) => typeof u === 'string' && u.startsWith('/') && !u.startsWith('/api/'))
          .map(async (u) => ((await cache.match(u)) ? null : cache.add(u).catch(() => null)))
      )
    )
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  if (url.pathname.startsWith('/_app/immutable/')) return event.respondWith(cacheFirst(request));
  if (request.mode === 'navigate' && url.pathname.startsWith('/pack')) return event.respondWith(networkFirst(request, SHELL));
  if (url.pathname.startsWith('/pack') || url.pathname === '/favicon.svg') return event.respondWith(networkFirst(request));
});
