/** Columns of each profile part: the fields its service's list returns that say most about the record. */
import type { ProfilePart } from '@/api/workReport'
import { dictLabel, type DictKey } from '@/store/modules/dictionary'

type Translate = (key: string) => string

/** The fields each part shows; their headers are `reports.profile.columns.<part>.<field>`. */
const COLUMNS: Record<string, ReadonlyArray<string>> = {
  pairings: ['person_name', 'kind', 'start_date', 'end_date'],
  visits: ['visit_date', 'visitors', 'notes'],
  cases: ['case_no', 'title', 'state', 'warning_level', 'created_at'],
  projects: ['code', 'name', 'stage', 'contracted_investment_wan_yuan'],
  foreign_enterprise: ['name', 'investor_country_region', 'established_on'],
  foreign_capital: ['month', 'caliber', 'amount_wan_usd'],
  fund_grants: ['enterprise_name', 'amount_wan_yuan', 'approved_on', 'disbursed_on'],
  fairs: ['name', 'mode', 'starts_on', 'ends_on'],
  export_registrations: ['product', 'destination_country', 'registered_on', 'first_exported_on'],
  shipments: ['shipped_on', 'product', 'train_no', 'goods_value_wan_yuan']
}

/** Fields whose codes the 业务字典 names: the enumeration of each (`case_state`: IN_PROGRESS → 办理中). */
const DICT_FIELDS: Record<string, DictKey> = {
  'cases.state': 'case_state',
  'cases.warning_level': 'case_warning',
  'pairings.kind': 'pairing_kind',
  'foreign_capital.caliber': 'investment_caliber',
  'fairs.mode': 'trade_mode',
  'projects.stage': 'investment_stage'
}

/** Every part's field that holds a code rather than text (the vitest checks each has its names). */
export const CODED_FIELDS: ReadonlyArray<string> = Object.keys(DICT_FIELDS)

/** A field's value as shown: a code by its 业务字典 name, anything else as it is. */
export function labelOf(part: string, field: string, value: string): string {
  const dict = DICT_FIELDS[`${part}.${field}`]
  return dict ? dictLabel(dict, value) : value
}

/** The columns shown for a part, headed in the UI language. */
export function partColumns(key: string, t: Translate): Array<{ key: string; label: string }> {
  return (COLUMNS[key] ?? []).map((field) => ({ key: field, label: t(`reports.profile.columns.${key}.${field}`) }))
}

/** The part's title in the UI language. */
export function partTitle(part: Pick<ProfilePart, 'key' | 'title'>, t: Translate): string {
  const key = `reports.profile.parts.${part.key}`
  const text = t(key)
  return text === key ? part.title : text
}
