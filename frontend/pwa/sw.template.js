/* 万人助万企 service worker. Built by pwa/plugin.ts: the precache list and version below are filled in at build.
 * - the app shell (index.html, the entry and the pages a cadre uses in the field) is precached;
 * - hashed assets are served from the cache once fetched (their names change with their content);
 * - a few reads a visit form needs offline (the user, the dictionaries, the cadre's enterprises) are fetched
 *   network-first and answered from the last copy when there is no connection;
 * - writes are never touched: the visit queue in IndexedDB sends them when the connection returns. */
const VERSION = '__VERSION__'
const PRECACHE = __PRECACHE__
const SHELL_CACHE = `wrzwq-shell-${VERSION}`
const ASSET_CACHE = 'wrzwq-assets'
const API_CACHE = 'wrzwq-api-v1'
const OFFLINE_READS = [
  /^\/api\/v1\/auth\/me$/,
  /^\/api\/v1\/enumerations(\/|$)/,
  /^\/api\/v1\/enterprises$/,
  /^\/api\/v1\/pairings\/mine$/
]
const NOT_PAGES = /^\/(api|open|internal|\.well-known|livez|readyz|metrics)(\/|$)/

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting())
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('wrzwq-shell-') && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  )
})

async function pageShell(request) {
  try {
    return await fetch(request)
  } catch (error) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE })
    if (shell) return shell
    throw error
  }
}

async function cachedAsset(request) {
  const hit = await caches.match(request)
  if (hit) return hit
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(ASSET_CACHE)
    await cache.put(request, response.clone())
  }
  return response
}

async function networkFirst(request) {
  const cache = await caches.open(API_CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(request, response.clone())
    return response
  } catch (error) {
    // The copy is keyed by the URL alone: the same user's token may have changed since it was stored.
    const copy = await cache.match(request, { ignoreVary: true })
    if (copy) return copy
    throw error
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    if (!NOT_PAGES.test(url.pathname)) event.respondWith(pageShell(request))
    return
  }
  if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(cachedAsset(request))
    return
  }
  if (OFFLINE_READS.some((re) => re.test(url.pathname))) event.respondWith(networkFirst(request))
})
