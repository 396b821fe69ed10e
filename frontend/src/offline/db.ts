/** A small typed IndexedDB wrapper: one database, one object store per kind of record, promises instead of events. */

export const DB_NAME = 'wrzwq-offline'
const DB_VERSION = 1
export const STORES = { visits: 'visits' } as const
type StoreName = (typeof STORES)[keyof typeof STORES]

let opening: Promise<IDBDatabase> | null = null

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** Opens (and on first use creates) the offline database; the connection is shared. */
export function openDb(): Promise<IDBDatabase> {
  if (opening) return opening
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION)
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(STORES.visits)) db.createObjectStore(STORES.visits, { keyPath: 'id' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => {
      opening = null
      reject(req.error)
    }
  })
  return opening
}

async function withStore<T>(name: StoreName, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  const tx = db.transaction(name, mode)
  const result = request(work(tx.objectStore(name)))
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error)
  })
  return result
}

/** Every record of a store. */
export const getAll = <T>(name: StoreName) => withStore<T[]>(name, 'readonly', (s) => s.getAll() as IDBRequest<T[]>)
/** One record by key, or undefined. */
export const getOne = <T>(name: StoreName, key: string) =>
  withStore<T | undefined>(name, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>)
/** Inserts or replaces a record. */
export const put = <T>(name: StoreName, value: T) => withStore(name, 'readwrite', (s) => s.put(value))
/** Removes a record. */
export const del = (name: StoreName, key: string) => withStore(name, 'readwrite', (s) => s.delete(key))
