/** The 业务字典 with its default labels (the dump of `platform_core.enumerations`), loaded into the store for tests. */
import enumerations from './enumerations.json'
import { pinia } from '@/store'
import { useDictionaryStore } from '@/store/modules/dictionary'
import type { Enumeration } from '@/api/enumerations'

export interface DefaultEnumeration {
  key: string
  name: string
  app: string
  items: Array<{ code: string; label: string; colour: string }>
}

export const DEFAULT_ENUMERATIONS = enumerations as DefaultEnumeration[]

/** Fill the dictionary store as the gateway serves it before any administrator's edit. */
export function loadDefaultDictionary(): void {
  const store = useDictionaryStore(pinia)
  store.enumerations = DEFAULT_ENUMERATIONS.map(
    (e): Enumeration => ({
      ...e,
      items: e.items.map((i, n) => ({ ...i, default_label: i.label, sort_order: (n + 1) * 10, enabled: true, version: 0 }))
    })
  )
  store.loaded = true
}
