/**
 * 业务字典：the one source of the names of fixed codes (states, sources, urgencies …), loaded after sign-in.
 *
 * Labels, order, colour and the enabled flag come from the gateway (`/api/v1/enumerations`, the defaults in
 * `platform_core/enumerations.py` with the administrator's edits). Pages name a code with `dictLabel(key, code)`,
 * offer choices with `dictOptions(key)` and show a coloured tag with `<DictTag>`; no page keeps its own table.
 */
import { defineStore } from 'pinia'
import { pinia } from '@/store'
import { listEnumerations, type Enumeration, type EnumerationItem } from '@/api/enumerations'

/** The enumerations the SPA names (the keys of `platform_core.enumerations.ENUMERATIONS`). */
export type DictKey =
  | 'case_state'
  | 'case_closed_reason'
  | 'case_source'
  | 'case_urgency'
  | 'case_complexity'
  | 'case_satisfaction'
  | 'case_warning'
  | 'case_attachment_kind'
  | 'case_link_kind'
  | 'case_report_kind'
  | 'notification_kind'
  | 'supervision_level'
  | 'supervision_state'
  | 'quality_event'
  | 'quality_status'
  | 'quality_verdict'
  | 'pairing_kind'
  | 'policy_kind'
  | 'staff_group'
  | 'enterprise_size'
  | 'enterprise_type'
  | 'investment_origin'
  | 'investment_caliber'
  | 'investment_stage'
  | 'investment_category'
  | 'investment_round_kind'
  | 'bulletin_scope'
  | 'trade_mode'
  | 'trade_worker_status'
  | 'trade_channel'
  | 'trade_fund_kind'
  | 'trade_honour_kind'
  | 'trade_level'
  | 'trade_promotion_kind'
  | 'trade_street_kind'
  | 'trade_demo_level'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'
const TAG_TYPES: ReadonlySet<string> = new Set(['primary', 'success', 'info', 'warning', 'danger'])

export const useDictionaryStore = defineStore('dictionary', {
  state: () => ({
    enumerations: [] as Enumeration[],
    loaded: false
  }),
  getters: {
    byKey: (state): Map<string, Map<string, EnumerationItem>> =>
      new Map(state.enumerations.map((e) => [e.key, new Map(e.items.map((i) => [i.code, i]))]))
  },
  actions: {
    /** Load (or reload after an edit) every enumeration. */
    async load(): Promise<void> {
      this.enumerations = await listEnumerations()
      this.loaded = true
    },
    item(key: DictKey, code: string | null | undefined): EnumerationItem | undefined {
      return code == null ? undefined : this.byKey.get(key)?.get(String(code))
    },
    reset() {
      this.$reset()
    }
  }
})

/** The name of a code (the code itself when the dictionary does not know it, '' for no code). */
export function dictLabel(key: DictKey, code: string | null | undefined): string {
  if (code == null || code === '') return ''
  return useDictionaryStore(pinia).item(key, code)?.label ?? String(code)
}

/** The choices a form or filter offers: enabled items in the administrator's order (plus `keep`, a value already set). */
export function dictOptions(key: DictKey, keep?: string | null): Array<{ value: string; label: string }> {
  const items = useDictionaryStore(pinia).enumerations.find((e) => e.key === key)?.items ?? []
  return items.filter((i) => i.enabled || i.code === keep).map((i) => ({ value: i.code, label: i.label }))
}

/** The codes a form or filter offers, in order (for pages that loop over codes). */
export function dictCodes(key: DictKey, keep?: string | null): string[] {
  return dictOptions(key, keep).map((o) => o.value)
}

/** How a code's tag looks: an Element Plus type, or a hex colour. */
export function dictColour(key: DictKey, code: string | null | undefined): { type?: TagType; color?: string } {
  const colour = useDictionaryStore(pinia).item(key, code)?.colour ?? 'info'
  return TAG_TYPES.has(colour) ? { type: colour as TagType } : { color: colour }
}

/** Every code in the administrator's order, disabled ones too (a filter still finds old records by them). */
export function dictAllCodes(key: DictKey): string[] {
  return (useDictionaryStore(pinia).enumerations.find((e) => e.key === key)?.items ?? []).map((i) => i.code)
}
