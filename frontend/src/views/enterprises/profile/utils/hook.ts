/** Columns of each profile part: the fields its service's list returns that say most about the record. */
import type { ProfilePart } from '@/api/workReport'

type Translate = (key: string) => string

const COLUMNS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  pairings: [['person_name', '包联人'], ['kind', '类型'], ['start_date', '开始日期'], ['end_date', '结束日期']],
  visits: [['visit_date', '走访日期'], ['visitors', '走访人'], ['notes', '情况']],
  cases: [['case_no', '编号'], ['title', '诉求'], ['state', '状态'], ['warning_level', '预警'], ['created_at', '登记时间']],
  projects: [['code', '项目编号'], ['name', '项目名称'], ['stage', '阶段'], ['contracted_investment_wan_yuan', '总投资（万元）']],
  foreign_enterprise: [['name', '企业名称'], ['investor_country_region', '投资方'], ['established_on', '设立日期']],
  foreign_capital: [['month', '月份'], ['caliber', '口径'], ['amount_wan_usd', '金额（万美元）']],
  fund_grants: [['enterprise_name', '企业'], ['amount_wan_yuan', '金额（万元）'], ['approved_on', '批准日期'], ['disbursed_on', '拨付日期']],
  fairs: [['name', '展会'], ['mode', '形式'], ['starts_on', '开始'], ['ends_on', '结束']],
  export_registrations: [['product', '产品'], ['destination_country', '目的国家或地区'], ['registered_on', '注册日期'], ['first_exported_on', '首次出口']],
  shipments: [['shipped_on', '发运日期'], ['product', '产品'], ['train_no', '班列'], ['goods_value_wan_yuan', '货值（万元）']]
}

/** Fields whose codes the UI names: the locale prefix of each (`case.states.IN_PROGRESS` → 办理中). */
const LABELS: Record<string, string> = {
  'cases.state': 'case.states',
  'cases.warning_level': 'case.warning',
  'pairings.kind': 'pairing.kinds',
  'projects.stage': 'investment.stages'
}

/** A field's value as shown: a named code in the UI language, else the value itself. */
export function labelOf(part: string, field: string, value: string, t: Translate): string {
  const prefix = LABELS[`${part}.${field}`]
  if (!prefix) return value
  const key = `${prefix}.${value}`
  const text = t(key)
  return text === key ? value : text
}

/** The columns shown for a part. */
export function partColumns(key: string): Array<{ key: string; label: string }> {
  return (COLUMNS[key] ?? []).map(([field, label]) => ({ key: field, label }))
}

/** The part's title in the UI language. */
export function partTitle(part: Pick<ProfilePart, 'key' | 'title'>, t: Translate): string {
  const key = `reports.profile.parts.${part.key}`
  const text = t(key)
  return text === key ? part.title : text
}
