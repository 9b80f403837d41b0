// Qingfeng service worker: lets the ranger page open without network after
// one visit online. Hand-written and small on purpose:
//  - page loads (navigations): network first, else the cached app shell;
//  - /assets/* (content-hashed, never change): cache first;
//  - a few GET API answers the app needs to start (who am I, the zones
//    for the patrol form): network first, else the last answer — stored
//    under a hash of the session token, so another user's session never
//    sees them;
//  - everything else, and every write, goes straight to the network (the
//    ranger page queues its writes itself, see src/lib/fieldQueue.js).
const VERSION = 'qf-1'
const SHELL = `${VERSION}-shell`
const ASSETS = `${VERSION}-assets`
const API = `${VERSION}-api`
const MAX_ASSETS = 400
const CACHED_API = [/^\/api\/v1\/me$/, /^\/api\/v1\/zones$/, /^\/api\/v1\/case-vocabulary$/]

// The shell and the files it names (the entry script, styles, preloads).
async function cacheShell() {
  const res = await fetch('/', { cache: 'no-cache' })
  if (!res.ok) return
  const html = await res.clone().text()
  const shell = await caches.open(SHELL)
  await shell.put('/', res)
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
  const cache = await caches.open(ASSETS)
  await Promise.all([...new Set(assets), '/favicon.svg'].map((u) => cache.add(u).catch(() => {})))
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => {}).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => !k.startsWith(`${VERSION}-`)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

// Files the page loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache-urls') return
  const urls = (event.data.urls || []).filter((u) => new URL(u, self.location.origin).pathname.startsWith('/assets/'))
  event.waitUntil(
    caches.open(ASSETS).then((cache) => Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => {}))))),
  )
})

async function trim(cache) {
  const keys = await cache.keys()
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(k)
}

async function assetFirst(request) {
  const cache = await caches.open(ASSETS)
  const hit = await cache.match(request)
  if (hit) return hit
  const res = await fetch(request)
  if (res.ok) {
    await cache.put(request, res.clone())
    trim(cache)
  }
  return res
}

async function pageNetworkFirst(request) {
  try {
    const res = await fetch(request)
    if (res.ok && (res.headers.get('Content-Type') || '').includes('text/html')) {
      const shell = await caches.open(SHELL)
      await shell.put('/', res.clone())
    }
    return res
  } catch (e) {
    const hit = await caches.match('/', { cacheName: SHELL })
    if (hit) return hit
    throw e
  }
}

async function tokenKey(request) {
  const auth = request.headers.get('Authorization') || ''
  if (!auth) return null
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(auth))
  const hex = [...new Uint8Array(digest)].slice(0, 12).map((b) => b.toString(16).padStart(2, '0')).join('')
  const url = new URL(request.url)
  url.searchParams.set('__session', hex)
  return url.href
}

async function apiNetworkFirst(request) {
  const key = await tokenKey(request)
  try {
    const res = await fetch(request)
    if (key && res.ok) {
      const cache = await caches.open(API)
      await cache.put(key, res.clone())
    }
    return res
  } catch (e) {
    const hit = key && (await caches.match(key, { cacheName: API }))
    if (hit) return hit
    throw e
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    event.respondWith(pageNetworkFirst(request))
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(assetFirst(request))
  } else if (CACHED_API.some((re) => re.test(url.pathname))) {
    event.respondWith(apiNetworkFirst(request))
  }
})
