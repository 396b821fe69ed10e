/** ETag / If-Match helpers for versioned records (`ETag: "<version>"`). */

/** Formats a record version as the strong entity tag the gateway expects in `If-Match`. */
export function ifMatch(version: number | string): string {
  const raw = String(version)
  return raw.startsWith('"') || raw.startsWith('W/') ? raw : `"${raw}"`
}

/** Reads the version out of an `ETag` header (`"7"` or `W/"7"`). */
export function versionFromEtag(etag: string | null | undefined): string | null {
  if (!etag) return null
  const match = /^(?:W\/)?"?([^"]*)"?$/.exec(etag.trim())
  return match ? match[1] : null
}

/** A fresh key for `Idempotency-Key`, stable for one submission of one form. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID()
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
}
