/** The service worker's page side: registration (production builds only) and forgetting cached reads at sign-out. */

/** The cache the worker keeps the offline reads in (the user, dictionaries, the cadre's enterprises). */
export const API_CACHE = 'wrzwq-api-v1'

/** Registers `/sw.js` once the page has loaded (never in the dev server, where it would serve stale modules). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  })
}

/** Drops the cached reads of the signed-out user (the next user of the device must not read them offline). */
export async function clearOfflineReads(): Promise<void> {
  if (typeof caches === 'undefined') return
  await caches.delete(API_CACHE).catch(() => false)
}
