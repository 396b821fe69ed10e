/**
 * The offline visit queue: a visit recorded without a connection waits in IndexedDB with its photos, each
 * holding the `Idempotency-Key` generated when it was saved. Sending reuses those keys, so a retry after an
 * answer was lost creates nothing twice; a refusal that is not about the network (422) stays, marked, for
 * the cadre to correct.
 */
import { ref, shallowRef } from 'vue'
import { createVisit, uploadVisitPhoto, type VisitCreate } from '@/api/campaign'
import { newIdempotencyKey } from '@/api/etag'
import { ApiError } from '@/utils/http'
import { toApiError } from '@/utils/http/problem'
import { del, getAll, put, STORES } from './db'

export interface QueuedPhoto {
  /** The photo's own `Idempotency-Key`. */
  key: string
  name: string
  blob: Blob
  uploaded: boolean
}

export interface QueuedVisit {
  /** The visit's `Idempotency-Key`, also the queue entry's id. */
  id: string
  /** Who recorded it: only their own session sends it. */
  owner: string
  savedAt: string
  body: VisitCreate
  enterpriseName: string | null
  photos: QueuedPhoto[]
  /** Set once the server created the visit (the photos then go to it). */
  visitId: number | null
  /** The server's refusal (not a network failure): the entry waits for a correction. */
  error: string | null
  errorFields: Record<string, string>
}

/** Entries of the signed-in cadre, oldest first (the order they are sent in). */
export const queued = shallowRef<QueuedVisit[]>([])
export const sending = ref(false)

let owner = ''

/** Whose entries the queue shows and sends (the signed-in user), or '' when nobody is. */
export function setQueueOwner(name: string): void {
  owner = name
}

/** Re-reads the signed-in cadre's entries. */
export async function refreshQueue(): Promise<QueuedVisit[]> {
  if (typeof indexedDB === 'undefined' || !owner) {
    queued.value = []
    return []
  }
  const all = await getAll<QueuedVisit>(STORES.visits)
  queued.value = all.filter((v) => v.owner === owner).sort((a, b) => a.savedAt.localeCompare(b.savedAt))
  return queued.value
}

/** A new queue entry with fresh keys for the visit and each photo. */
export function newEntry(body: VisitCreate, photos: Array<{ name: string; blob: Blob }>, enterpriseName: string | null): QueuedVisit {
  return {
    id: newIdempotencyKey(),
    owner,
    savedAt: new Date().toISOString(),
    body,
    enterpriseName,
    photos: photos.map((p) => ({ key: newIdempotencyKey(), name: p.name, blob: p.blob, uploaded: false })),
    visitId: null,
    error: null,
    errorFields: {}
  }
}

/** Keeps an entry (new or corrected) in the queue. */
export async function saveEntry(entry: QueuedVisit): Promise<void> {
  // The body may come from a reactive form (a proxy IndexedDB cannot clone); photos keep their blobs.
  const plain: QueuedVisit = {
    ...entry,
    body: JSON.parse(JSON.stringify(entry.body)) as VisitCreate,
    errorFields: { ...entry.errorFields },
    photos: entry.photos.map((p) => ({ key: p.key, name: p.name, blob: p.blob, uploaded: p.uploaded }))
  }
  await put(STORES.visits, plain)
  await refreshQueue()
}

/** Drops an entry (sent, or discarded by the cadre). */
export async function removeEntry(id: string): Promise<void> {
  await del(STORES.visits, id)
  await refreshQueue()
}

/** Whether a failure means "no connection / server unreachable for now" (keep and retry) rather than a refusal. */
export function isTransient(error: unknown): boolean {
  const e = error instanceof ApiError ? error : toApiError(error)
  if (e.kind === 'network' || e.kind === 'timeout') return true
  // The first attempt under this key still runs; 429, 5xx: try again later. Any other 409 is a refusal.
  if (e.status === 409) return e.code === 'idempotency_in_progress'
  return e.status === 429 || e.status >= 500
}

/**
 * Sends one entry: the visit first (its key makes a resend return the same visit), then each photo not yet
 * acknowledged (each with its own key). Progress is saved as it goes so a cut connection resumes, not restarts.
 */
export async function sendEntry(entry: QueuedVisit, persist = true): Promise<number> {
  if (entry.visitId === null) {
    const visit = await createVisit(entry.body, entry.id)
    entry.visitId = visit.id
    if (persist) await put(STORES.visits, entry)
  }
  for (const photo of entry.photos) {
    if (photo.uploaded) continue
    await uploadVisitPhoto(entry.visitId, photo.blob, photo.name, photo.key)
    photo.uploaded = true
    if (persist) await put(STORES.visits, entry)
  }
  return entry.visitId
}

/** Sends the queue in order; stops at the first network failure; a refused entry is marked and skipped. */
export async function flushQueue(): Promise<{ sent: number; failed: number }> {
  if (sending.value || !owner) return { sent: 0, failed: 0 }
  sending.value = true
  let sent = 0
  let failed = 0
  try {
    for (const entry of await refreshQueue()) {
      if (entry.error) continue
      try {
        await sendEntry(entry)
        await del(STORES.visits, entry.id)
        sent += 1
      } catch (error) {
        if (isTransient(error)) break
        const e = error instanceof ApiError ? error : toApiError(error)
        entry.error = e.message
        entry.errorFields = e.fieldErrors
        await put(STORES.visits, entry)
        failed += 1
      }
    }
  } finally {
    sending.value = false
    await refreshQueue()
  }
  return { sent, failed }
}
