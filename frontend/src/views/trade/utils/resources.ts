/** Each simple trade collection described once: fields of its form, columns of its table, filters, permission. */
import { recordApi, type BaseRecord, type RecordOf, type RecordPath } from '@/api/trade'
import type { DictKey } from '@/store/modules/dictionary'
import type { ColumnSpec, FieldOption, FieldSpec, FilterSpec, ResourceSpec } from '@/components/RecordTable/types'

/** Choices named by the 业务字典: every code in the administrator's order (label from the dictionary). */
const dictOpts = (dict: DictKey, values: readonly string[]): FieldOption[] => values.map((value) => ({ value, label: '', dict }))

export const MODES = dictOpts('trade_mode', ['online', 'offline', 'hybrid'])
export const FUND_KINDS = dictOpts('trade_fund_kind', ['sme_market_development', 'export_credit_insurance', 'other'])
export const HONOUR_KINDS = dictOpts('trade_honour_kind', [
  'time_honoured_brand',
  'brand_consumption_cluster',
  'safe_mall',
  'green_mall',
  'express_logistics_park',
  'pedestrian_street',
  'food_town'
])
export const LEVELS = dictOpts('trade_level', ['national', 'provincial', 'city'])
export const PROMOTION_KINDS = dictOpts('trade_promotion_kind', [
  'food_festival',
  'shopping_festival',
  'consumption_season',
  'cuisine_contest',
  'food_season',
  'other'
])
export const STREET_KINDS = dictOpts('trade_street_kind', ['pedestrian_street', 'cultural_tourism_street', 'commercial_street'])
export const DEMO_LEVELS = dictOpts('trade_demo_level', ['national', 'provincial'])
export const CHANNELS = dictOpts('trade_channel', ['china_europe_railway', 'sea', 'air', 'road', 'other'])

/** A field; the label key is `trade.f.<key>` unless given. */
function f(key: string, kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec {
  return { key, kind, label: `trade.f.${key}`, ...extra }
}

/** A column; the label key is `trade.f.<key>` unless given. */
function c(key: string, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { key, label: `trade.f.${key}`, ...extra }
}

const region = (label = 'trade.f.region_code'): FieldSpec => f('region_code', 'region', { required: true, label })
const regionColumn = c('region_code', { kind: 'region', width: 110, mobile: true, label: 'trade.f.region_code' })
const regionFilter: FilterSpec = { key: 'region_code', label: 'trade.f.region_code', kind: 'region' }
const notes = f('notes', 'textarea', { maxlength: 2000 })
const wanYuan = { decimals: 2, hint: 'trade.unit.wanYuan' }

/** A spec typed against its collection's row. */
function spec<P extends RecordPath>(
  path: P,
  def: Omit<ResourceSpec<RecordOf<P> & BaseRecord>, 'api'>,
  parentId?: number
): ResourceSpec<BaseRecord> {
  return { ...def, api: recordApi(path, parentId) } as unknown as ResourceSpec<BaseRecord>
}

/** Options of a parent collection (programs, fairs) for a select, newest first. */
function parentOptions(path: RecordPath, label: (row: Record<string, unknown>) => string): () => Promise<FieldOption[]> {
  return async () => {
    const page = await recordApi(path).list({ page_size: 100 })
    return page.items.map((row) => ({ value: row.id, label: label(row as unknown as Record<string, unknown>), plain: true }))
  }
}

const labourPrograms = parentOptions('/api/v1/trade/labour/programs', (r) => `${r.name}（${r.code}）`)
const fundPrograms = parentOptions('/api/v1/trade/funds/programs', (r) => `${r.name}（${r.code}）`)

// 对外劳务合作 ---------------------------------------------------------------------------------------------

export const labourProgramSpec = spec('/api/v1/trade/labour/programs', {
  name: 'labour-programs',
  title: 'trade.res.labourPrograms',
  managePerm: 'trade:labour:manage',
  headline: (r) => `${r.name}（${r.code}）`,
  fields: [
    f('code', 'text', { required: true, maxlength: 32, createOnly: false }),
    f('name', 'text', { required: true, maxlength: 100 }),
    f('destination_country', 'text', { required: true, maxlength: 64 }),
    region(),
    f('is_active', 'switch', { initial: true }),
    f('description', 'textarea')
  ],
  columns: [c('code', { width: 100 }), c('name', { mobile: true }), c('destination_country', { mobile: true }), regionColumn, c('is_active', { kind: 'bool', width: 90 })],
  filters: [regionFilter]
})

export const batchSpec = spec('/api/v1/trade/labour/batches', {
  name: 'labour-batches',
  title: 'trade.res.batches',
  managePerm: 'trade:labour:manage',
  headline: (r) => r.batch_no,
  fields: [
    f('program_id', 'select', { required: true, createOnly: true, loadOptions: labourPrograms }),
    f('batch_no', 'text', { required: true, maxlength: 64 }),
    f('departs_on', 'date', { required: true }),
    region(),
    notes
  ],
  columns: [c('batch_no', { mobile: true }), c('departs_on', { width: 120, mobile: true }), c('worker_count', { kind: 'number', width: 100, mobile: true }), regionColumn, c('notes')],
  filters: [regionFilter]
})

export const exchangeEventSpec = spec('/api/v1/trade/labour/exchange-events', {
  name: 'labour-events',
  title: 'trade.res.events',
  managePerm: 'trade:labour:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 200, wide: true }),
    f('held_on', 'date', { required: true }),
    f('mode', 'select', { required: true, options: MODES }),
    f('program_id', 'select', { loadOptions: labourPrograms }),
    f('participants', 'integer'),
    f('partners', 'text', { maxlength: 255 }),
    region(),
    notes
  ],
  columns: [c('name', { minWidth: 200 }), c('held_on', { width: 120, mobile: true }), c('mode', { kind: 'option', options: MODES, width: 90, mobile: true }), c('participants', { kind: 'number', width: 100 }), c('partners'), regionColumn],
  filters: [regionFilter]
})

export const labourBrandSpec = spec('/api/v1/trade/labour/brands', {
  name: 'labour-brands',
  title: 'trade.res.labourBrands',
  managePerm: 'trade:labour:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 100, hint: 'trade.hint.labourBrand' }),
    f('level', 'select', { options: LEVELS }),
    f('recognized_on', 'date'),
    f('program_id', 'select', { loadOptions: labourPrograms }),
    region(),
    notes
  ],
  columns: [
    c('name', { minWidth: 160 }),
    c('level', { kind: 'option', options: LEVELS, width: 90, mobile: true }),
    c('recognized_on', { width: 120, mobile: true }),
    regionColumn
  ],
  filters: [regionFilter]
})

// 外贸政策资金 ---------------------------------------------------------------------------------------------

export const fundProgramSpec = spec('/api/v1/trade/funds/programs', {
  name: 'fund-programs',
  title: 'trade.res.fundPrograms',
  managePerm: 'trade:fund:manage',
  headline: (r) => `${r.name}（${r.code}）`,
  fields: [
    f('code', 'text', { required: true, maxlength: 32 }),
    f('name', 'text', { required: true, maxlength: 100 }),
    f('kind', 'select', { required: true, options: FUND_KINDS }),
    region(),
    f('is_active', 'switch', { initial: true }),
    f('description', 'textarea')
  ],
  columns: [c('code', { width: 100 }), c('name', { mobile: true }), c('kind', { kind: 'option', options: FUND_KINDS, mobile: true }), regionColumn, c('is_active', { kind: 'bool', width: 90 })],
  filters: [regionFilter]
})

export const grantSpec = spec('/api/v1/trade/funds/grants', {
  name: 'fund-grants',
  title: 'trade.res.grants',
  managePerm: 'trade:fund:manage',
  headline: (r) => r.enterprise_name,
  fields: [
    f('program_id', 'select', { required: true, loadOptions: fundPrograms }),
    f('enterprise_uscc', 'uscc', { required: true }),
    f('enterprise_name', 'text', { required: true, maxlength: 200 }),
    f('amount_wan_yuan', 'decimal', { required: true, ...wanYuan }),
    f('approved_on', 'date', { required: true }),
    f('disbursed_on', 'date'),
    region(),
    notes
  ],
  columns: [
    c('enterprise_name', { minWidth: 180 }),
    c('enterprise_uscc', { width: 180 }),
    c('amount_wan_yuan', { kind: 'decimal', width: 120, mobile: true }),
    c('approved_on', { width: 110 }),
    c('disbursed_on', { width: 110, mobile: true }),
    regionColumn
  ],
  filters: [
    regionFilter,
    { key: 'enterprise_uscc', label: 'trade.f.enterprise_uscc', kind: 'text' },
    { key: 'disbursed', label: 'trade.f.disbursed', kind: 'bool' },
    { key: 'disbursed_from', label: 'trade.f.disbursed_from', kind: 'date' },
    { key: 'disbursed_to', label: 'trade.f.disbursed_to', kind: 'date' }
  ]
})

// 展会与外贸培训 -------------------------------------------------------------------------------------------

export const fairSpec = spec('/api/v1/trade/fairs', {
  name: 'fairs',
  title: 'trade.res.fairs',
  managePerm: 'trade:fair:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 200, wide: true }),
    f('mode', 'select', { required: true, options: MODES }),
    f('starts_on', 'date', { required: true }),
    f('ends_on', 'date', { required: true }),
    f('organizer', 'text', { maxlength: 200 }),
    f('location', 'text', { maxlength: 200 }),
    region(),
    notes
  ],
  columns: [
    c('name', { minWidth: 200 }),
    c('mode', { kind: 'option', options: MODES, width: 90, mobile: true }),
    c('starts_on', { width: 110, mobile: true }),
    c('ends_on', { width: 110 }),
    c('participant_count', { kind: 'number', width: 110, mobile: true }),
    c('intended_deal_wan_usd', { kind: 'decimal', width: 150, mobile: true }),
    regionColumn
  ],
  filters: [
    { key: 'q', label: 'common.keyword', kind: 'text' },
    { key: 'mode', label: 'trade.f.mode', kind: 'select', options: MODES },
    regionFilter
  ]
})

/** The participants of one fair. */
export function participantSpec(fairId: number): ResourceSpec<BaseRecord> {
  return spec(
    '/api/v1/trade/fairs/{parent_id}/participants',
    {
      name: 'fair-participants',
      title: 'trade.res.participants',
      managePerm: 'trade:fair:manage',
      headline: (r) => r.enterprise_name,
      fields: [
        f('enterprise_uscc', 'uscc', { required: true, createOnly: true }),
        f('enterprise_name', 'text', { required: true, maxlength: 200 }),
        f('region_code', 'region', { required: true, label: 'trade.f.enterprise_region' }),
        f('mode', 'select', { options: MODES }),
        f('intended_deal_wan_usd', 'decimal', { decimals: 2, hint: 'trade.unit.wanUsd' }),
        notes
      ],
      columns: [
        c('enterprise_name', { minWidth: 180 }),
        c('enterprise_uscc', { width: 180 }),
        c('mode', { kind: 'option', options: MODES, width: 90 }),
        c('intended_deal_wan_usd', { kind: 'decimal', width: 150, mobile: true }),
        { ...regionColumn, label: 'trade.f.enterprise_region' }
      ],
      filters: [{ key: 'q', label: 'common.keyword', kind: 'text' }]
    },
    fairId
  )
}

export const trainingSpec = spec('/api/v1/trade/trainings', {
  name: 'trainings',
  title: 'trade.res.trainings',
  managePerm: 'trade:fair:manage',
  headline: (r) => r.topic,
  fields: [
    f('topic', 'text', { required: true, maxlength: 200, wide: true }),
    f('held_on', 'date', { required: true }),
    f('mode', 'select', { required: true, options: MODES }),
    f('attendee_count', 'integer', { initial: 0 }),
    f('enterprise_count', 'integer', { initial: 0 }),
    f('organizer', 'text', { maxlength: 200 }),
    region(),
    notes
  ],
  columns: [
    c('topic', { minWidth: 200 }),
    c('held_on', { width: 110, mobile: true }),
    c('mode', { kind: 'option', options: MODES, width: 90 }),
    c('attendee_count', { kind: 'number', width: 100, mobile: true }),
    c('enterprise_count', { kind: 'number', width: 110 }),
    regionColumn
  ],
  filters: [{ key: 'q', label: 'common.keyword', kind: 'text' }, regionFilter]
})

// 出口备案与监管出口 ---------------------------------------------------------------------------------------

export const registrationSpec = spec('/api/v1/trade/export-registrations', {
  name: 'export-registrations',
  title: 'trade.res.registrations',
  managePerm: 'trade:export:manage',
  headline: (r) => `${r.enterprise_name} · ${r.product} → ${r.destination_country}`,
  fields: [
    f('enterprise_uscc', 'uscc', { required: true, createOnly: true }),
    f('enterprise_name', 'text', { required: true, maxlength: 200 }),
    f('product', 'text', { required: true, maxlength: 100 }),
    f('hs_code', 'text', { maxlength: 16 }),
    f('destination_country', 'text', { required: true, maxlength: 64 }),
    f('recommended_on', 'date'),
    f('registered_on', 'date'),
    f('first_exported_on', 'date', { hint: 'trade.hint.firstExport' }),
    region(),
    notes
  ],
  columns: [
    c('enterprise_name', { minWidth: 180 }),
    c('product', { width: 110, mobile: true }),
    c('destination_country', { width: 120, mobile: true }),
    c('registered_on', { width: 110 }),
    c('first_exported_on', { width: 120, mobile: true }),
    c('is_first_export', { kind: 'bool', width: 100, mobile: true, label: 'trade.f.first_export' }),
    regionColumn
  ],
  filters: [
    regionFilter,
    { key: 'destination_country', label: 'trade.f.destination_country', kind: 'text' },
    { key: 'product', label: 'trade.f.product', kind: 'text' },
    { key: 'first_export', label: 'trade.f.first_export', kind: 'bool' }
  ]
})

export const shipmentSpec = spec('/api/v1/trade/shipments', {
  name: 'shipments',
  title: 'trade.res.shipments',
  managePerm: 'trade:export:manage',
  headline: (r) => `${r.product} · ${r.shipped_on}`,
  fields: [
    f('product', 'text', { required: true, maxlength: 100 }),
    f('channel', 'select', { required: true, options: CHANNELS, initial: 'china_europe_railway' }),
    f('shipped_on', 'date', { required: true }),
    f('goods_value_wan_yuan', 'decimal', { required: true, ...wanYuan }),
    f('train_name', 'text', { maxlength: 100 }),
    f('train_no', 'text', { maxlength: 64, hint: 'trade.hint.trainNo' }),
    f('batch_no', 'text', { maxlength: 64 }),
    f('destination_country', 'text', { maxlength: 64 }),
    // Picked from the directory: its name (and region) come with it instead of being typed twice.
    f('enterprise_uscc', 'enterprise', { label: 'trade.f.enterprise_name', wide: true, fills: { enterprise_name: 'name', region_code: 'region_code' } }),
    f('enterprise_name', 'text', { maxlength: 200, hidden: true }),
    region(),
    notes
  ],
  columns: [
    c('product', { width: 100 }),
    c('channel', { kind: 'option', options: CHANNELS, width: 100, mobile: true }),
    c('train_no', { width: 130, mobile: true }),
    c('batch_no', { width: 140 }),
    c('shipped_on', { width: 110, mobile: true }),
    c('goods_value_wan_yuan', { kind: 'decimal', width: 120, mobile: true }),
    c('destination_country', { width: 110 }),
    regionColumn
  ],
  filters: [
    regionFilter,
    { key: 'channel', label: 'trade.f.channel', kind: 'select', options: CHANNELS },
    { key: 'product', label: 'trade.f.product', kind: 'text' },
    { key: 'train_no', label: 'trade.f.train_no', kind: 'text' },
    { key: 'shipped_from', label: 'trade.f.shipped_from', kind: 'date' },
    { key: 'shipped_to', label: 'trade.f.shipped_to', kind: 'date' }
  ]
})

// 外贸统计 -------------------------------------------------------------------------------------------------

export const statSpec = spec('/api/v1/trade/foreign-trade/stats', {
  name: 'foreign-trade-stats',
  title: 'trade.res.stats',
  managePerm: 'trade:statistics:manage',
  headline: (r) => `${r.region_name ?? r.region_code} ${r.year}-${String(r.month).padStart(2, '0')}`,
  fields: [
    f('region_code', 'region', { required: true, createOnly: true }),
    f('year', 'year', { required: true, createOnly: true, min: 2000, max: 2100, initial: new Date().getFullYear() }),
    f('month', 'integer', { required: true, createOnly: true, min: 1, max: 12 }),
    f('import_wan_usd', 'decimal', { required: true, decimals: 2, hint: 'trade.unit.wanUsd' }),
    f('export_wan_usd', 'decimal', { required: true, decimals: 2, hint: 'trade.unit.wanUsd' })
  ],
  columns: [
    regionColumn,
    c('year', { width: 80, mobile: true }),
    c('month', { width: 70, mobile: true }),
    c('import_wan_usd', { kind: 'decimal', width: 140, mobile: true }),
    c('export_wan_usd', { kind: 'decimal', width: 140, mobile: true })
  ],
  filters: [regionFilter, { key: 'year', label: 'trade.f.year', kind: 'integer' }, { key: 'month', label: 'trade.f.month', kind: 'integer' }]
})

// 内贸流通 -------------------------------------------------------------------------------------------------

export const promotionSpec = spec('/api/v1/trade/domestic/promotions', {
  name: 'promotions',
  title: 'trade.res.promotions',
  managePerm: 'trade:domestic:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 200, wide: true }),
    f('kind', 'select', { required: true, options: PROMOTION_KINDS }),
    f('starts_on', 'date', { required: true }),
    f('ends_on', 'date', { required: true }),
    f('consumption_driven_yi_yuan', 'decimal', { decimals: 4, hint: 'trade.unit.yiYuan' }),
    f('organizer', 'text', { maxlength: 200 }),
    f('featured_brand', 'text', { maxlength: 100, hint: 'trade.hint.featuredBrand' }),
    region(),
    notes
  ],
  columns: [
    c('name', { minWidth: 200 }),
    c('kind', { kind: 'option', options: PROMOTION_KINDS, width: 120, mobile: true }),
    c('starts_on', { width: 110, mobile: true }),
    c('ends_on', { width: 110 }),
    c('consumption_driven_yi_yuan', { kind: 'decimal', width: 140, mobile: true }),
    c('featured_brand', { width: 120 }),
    regionColumn
  ],
  filters: [regionFilter, { key: 'kind', label: 'trade.f.kind', kind: 'select', options: PROMOTION_KINDS }]
})

export const honourSpec = spec('/api/v1/trade/domestic/honours', {
  name: 'honours',
  title: 'trade.res.honours',
  managePerm: 'trade:domestic:manage',
  headline: (r) => r.holder_name,
  fields: [
    f('kind', 'select', { required: true, options: HONOUR_KINDS }),
    f('level', 'select', { required: true, options: LEVELS }),
    f('holder_name', 'text', { required: true, maxlength: 200 }),
    f('title', 'text', { maxlength: 100, hint: 'trade.hint.honourTitle', label: 'trade.f.honour_title' }),
    f('holder_uscc', 'uscc'),
    f('awarded_on', 'date', { required: true }),
    f('document_no', 'text', { maxlength: 100 }),
    region(),
    notes
  ],
  columns: [
    c('holder_name', { minWidth: 180 }),
    c('title', { minWidth: 140, label: 'trade.f.honour_title' }),
    c('kind', { kind: 'option', options: HONOUR_KINDS, width: 150, mobile: true }),
    c('level', { kind: 'option', options: LEVELS, width: 90, mobile: true }),
    c('awarded_on', { width: 110, mobile: true }),
    c('document_no', { width: 160 }),
    regionColumn
  ],
  filters: [
    regionFilter,
    { key: 'kind', label: 'trade.f.kind', kind: 'select', options: HONOUR_KINDS },
    { key: 'level', label: 'trade.f.level', kind: 'select', options: LEVELS }
  ]
})

export const streetSpec = spec('/api/v1/trade/domestic/streets', {
  name: 'streets',
  title: 'trade.res.streets',
  managePerm: 'trade:domestic:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 200 }),
    f('kind', 'select', { required: true, options: STREET_KINDS, initial: 'pedestrian_street' }),
    f('started_on', 'date'),
    f('completed_on', 'date'),
    f('investment_wan_yuan', 'decimal', wanYuan),
    region(),
    notes
  ],
  columns: [
    c('name', { minWidth: 180 }),
    c('kind', { kind: 'option', options: STREET_KINDS, width: 120, mobile: true }),
    c('started_on', { width: 110 }),
    c('completed_on', { width: 110, mobile: true }),
    c('investment_wan_yuan', { kind: 'decimal', width: 120, mobile: true }),
    regionColumn
  ],
  filters: [regionFilter]
})

// 电子商务进农村 -------------------------------------------------------------------------------------------

export const demoCountySpec = spec('/api/v1/trade/ecommerce/demo-counties', {
  name: 'demo-counties',
  title: 'trade.res.demoCounties',
  managePerm: 'trade:ecommerce:manage',
  headline: (r) => r.region_name ?? r.region_code,
  fields: [
    f('region_code', 'region', { required: true, createOnly: true, label: 'trade.f.county' }),
    f('approved_level', 'select', { required: true, options: DEMO_LEVELS }),
    f('approved_year', 'year', { required: true, min: 2010, max: 2100, initial: new Date().getFullYear() }),
    f('promoted_to_national_on', 'date'),
    notes
  ],
  columns: [
    { ...regionColumn, label: 'trade.f.county' },
    c('approved_level', { kind: 'option', options: DEMO_LEVELS, width: 110, mobile: true }),
    c('approved_year', { width: 100, mobile: true }),
    c('promoted_to_national_on', { width: 150, mobile: true }),
    c('level', { kind: 'option', options: DEMO_LEVELS, width: 110, label: 'trade.f.current_level' })
  ],
  filters: [regionFilter]
})

export const coverageSpec = spec('/api/v1/trade/ecommerce/village-coverage', {
  name: 'village-coverage',
  title: 'trade.res.coverage',
  managePerm: 'trade:ecommerce:manage',
  headline: (r) => `${r.region_name ?? r.region_code} · ${r.as_of}`,
  fields: [
    f('region_code', 'region', { required: true, createOnly: true, label: 'trade.f.county' }),
    f('as_of', 'date', { required: true, createOnly: true }),
    f('villages_total', 'integer', { required: true }),
    f('villages_with_station', 'integer', { required: true }),
    f('villages_with_express', 'integer', { required: true }),
    f('poor_villages_total', 'integer', { required: true }),
    f('poor_villages_with_station', 'integer', { required: true })
  ],
  columns: [
    { ...regionColumn, label: 'trade.f.county' },
    c('as_of', { width: 110, mobile: true }),
    c('villages_total', { kind: 'number', width: 100 }),
    c('villages_with_station', { kind: 'number', width: 130, mobile: true }),
    c('villages_with_express', { kind: 'number', width: 130, mobile: true }),
    c('poor_villages_total', { kind: 'number', width: 100 }),
    c('poor_villages_with_station', { kind: 'number', width: 150, mobile: true })
  ],
  filters: [regionFilter]
})

export const brandSpec = spec('/api/v1/trade/ecommerce/brands', {
  name: 'brands',
  title: 'trade.res.brands',
  managePerm: 'trade:ecommerce:manage',
  headline: (r) => r.name,
  fields: [
    f('name', 'text', { required: true, maxlength: 100 }),
    f('owner', 'text', { maxlength: 200 }),
    f('products', 'text', { maxlength: 500, wide: true }),
    f('launched_on', 'date'),
    region()
  ],
  columns: [c('name', { minWidth: 140 }), c('owner', { minWidth: 160, mobile: true }), c('products', { minWidth: 200, mobile: true }), c('launched_on', { width: 110 }), regionColumn],
  filters: [regionFilter]
})

export const ecTrainingSpec = spec('/api/v1/trade/ecommerce/trainings', {
  name: 'ecommerce-trainings',
  title: 'trade.res.ecTrainings',
  managePerm: 'trade:ecommerce:manage',
  headline: (r) => r.title,
  fields: [
    f('title', 'text', { required: true, maxlength: 200, wide: true }),
    f('held_on', 'date', { required: true }),
    f('sessions', 'integer', { required: true, min: 1, initial: 1 }),
    f('person_times', 'integer', { required: true }),
    region(),
    notes
  ],
  columns: [c('title', { minWidth: 200 }), c('held_on', { width: 110, mobile: true }), c('sessions', { kind: 'number', width: 90, mobile: true }), c('person_times', { kind: 'number', width: 100, mobile: true }), regionColumn],
  filters: [regionFilter]
})
