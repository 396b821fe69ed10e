import { beforeAll, describe, expect, it } from 'vitest'
import { loadDefaultDictionary } from './dictionary'
import { i18n } from '@/locales'
import zhCN from '@/locales/zh-CN'
import {
  cellText,
  checkField,
  createBody,
  emptyModel,
  filterQuery,
  isDecimalText,
  modelFromRecord,
  updateBody
} from '@/components/RecordTable/logic'
import type { FieldSpec } from '@/components/RecordTable/types'
import { ApiError } from '@/utils/http'
import { collectionUrl, type Indicator } from '@/api/trade'
import * as resources from '@/views/trade/utils/resources'
import { groupIndicators, groupOf, growthText, growthTrend, regionBreakdown, rowsText, tradeKpis, valueText } from '@/views/trade/utils/indicators'
import { importRowErrors } from '@/views/trade/utils/imports'
import { earliestNextDay, idCheckCharacter, idNumberCheck, idNumberProblem, nextStatus, workerSteps } from '@/views/trade/utils/workers'

const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key))

const FIELDS: FieldSpec[] = [
  { key: 'name', label: 'trade.f.name', kind: 'text', required: true, maxlength: 10 },
  { key: 'amount_wan_yuan', label: 'trade.f.amount_wan_yuan', kind: 'decimal', required: true },
  { key: 'sessions', label: 'trade.f.sessions', kind: 'integer', min: 1, initial: 1 },
  { key: 'notes', label: 'trade.f.notes', kind: 'textarea' },
  { key: 'code', label: 'trade.f.code', kind: 'text', createOnly: true },
  { key: 'is_active', label: 'trade.f.is_active', kind: 'switch' },
  { key: 'enterprise_uscc', label: 'trade.f.enterprise_uscc', kind: 'uscc' }
]

beforeAll(loadDefaultDictionary)

describe('record form logic', () => {
  it('starts a new record from initial values with the caller defaults on top', () => {
    expect(emptyModel(FIELDS, { name: '预设' })).toEqual({
      name: '预设',
      amount_wan_yuan: null,
      sessions: 1,
      notes: null,
      code: null,
      is_active: false,
      enterprise_uscc: null
    })
  })

  it('creates with trimmed values, money as a decimal string, blanks left out', () => {
    const body = createBody(FIELDS, {
      name: '  广交会 ',
      amount_wan_yuan: ' 12.50 ',
      sessions: '3',
      notes: '   ',
      code: 'EPS',
      is_active: true,
      enterprise_uscc: '91411522ma46h3q2xx'
    })
    expect(body).toEqual({ name: '广交会', amount_wan_yuan: '12.50', sessions: 3, code: 'EPS', is_active: true, enterprise_uscc: '91411522MA46H3Q2XX' })
    expect(typeof body.amount_wan_yuan).toBe('string')
  })

  it('patches only what changed, clears with null and never sends create-only fields', () => {
    const record = { name: '甲', amount_wan_yuan: '10.00', sessions: 2, notes: '旧', code: 'A', is_active: true, enterprise_uscc: null }
    const original = modelFromRecord(FIELDS, record)
    expect(updateBody(FIELDS, original, { ...original })).toEqual({})
    expect(updateBody(FIELDS, original, { ...original, notes: '', amount_wan_yuan: '10.5', code: 'B' })).toEqual({
      notes: null,
      amount_wan_yuan: '10.5'
    })
  })

  it('checks required, integers, ranges, decimals, lengths, credit codes and a field’s own rule', () => {
    const [name, amount, sessions] = FIELDS
    expect(checkField(name, '', t)?.message).toBe('请填写名称')
    expect(checkField(name, '12345678901', t)?.message).toBe('名称不能超过 10 个字符')
    expect(checkField(amount, '1.234', t)?.message).toContain('2 位小数')
    expect(checkField(amount, '-1', t)).not.toBeNull()
    expect(checkField(amount, '1e3', t)).not.toBeNull()
    expect(checkField(amount, '35.75', t)).toBeNull()
    expect(checkField(sessions, 0, t)?.message).toBe('期数不能小于 1')
    expect(checkField(sessions, 1.5, t)?.message).toBe('期数须为整数')
    expect(checkField(FIELDS[6], 'ABC', t)?.message).toContain('18位')
    const own: FieldSpec = { key: 'id_number', label: 'trade.f.id_number', kind: 'text', check: idNumberCheck }
    expect(checkField(own, '110105194912310021', t)?.message).toBe('校验位错误')
    expect(checkField(own, '11010519491231002X', t)).toBeNull()
  })

  it('accepts decimals by places', () => {
    expect(isDecimalText('6.0000', 4)).toBe(true)
    expect(isDecimalText('6.00001', 4)).toBe(false)
    expect(isDecimalText('7', 0)).toBe(true)
    expect(isDecimalText('7.1', 0)).toBe(false)
  })

  it('shows options, booleans and regions in words; leaves blank filters out of the query', () => {
    const mode = { key: 'mode', label: 'trade.f.mode', kind: 'option' as const, options: resources.MODES }
    expect(cellText(mode, { mode: 'online' }, t)).toBe('线上')
    expect(cellText({ key: 'is_first_export', label: 'x', kind: 'bool' }, { is_first_export: false }, t)).toBe('否')
    expect(cellText({ key: 'region_code', label: 'x', kind: 'region' }, { region_code: '411522', region_name: '光山县' }, t)).toBe('光山县')
    expect(filterQuery({ a: null, b: '', c: 0, d: false, e: 'x' })).toEqual({ c: 0, d: false, e: 'x' })
  })
})

describe('trade resource specs', () => {
  const specs = Object.values(resources).filter((v): v is typeof resources.fairSpec => typeof v === 'object' && v !== null && 'fields' in v)

  it('covers every simple collection, each with a manage permission', () => {
    expect(specs.map((s) => s.name).sort()).toEqual(
      [
        'brands',
        'demo-counties',
        'ecommerce-trainings',
        'export-registrations',
        'fairs',
        'foreign-trade-stats',
        'fund-grants',
        'fund-programs',
        'honours',
        'labour-batches',
        'labour-brands',
        'labour-events',
        'labour-programs',
        'promotions',
        'shipments',
        'streets',
        'trainings',
        'village-coverage'
      ].sort()
    )
    for (const spec of specs) expect(spec.managePerm).toMatch(/^trade:[a-z]+:manage$/)
  })

  it('has a Chinese text for every label and option', () => {
    const has = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], zhCN)
    const keys = new Set<string>()
    for (const spec of [...specs, resources.participantSpec(1)]) {
      keys.add(spec.title)
      for (const item of [...spec.fields, ...spec.columns, ...(spec.filters ?? [])]) {
        keys.add(item.label)
        for (const option of item.options ?? []) if (!option.plain && !option.dict) keys.add(option.label)
        if ('hint' in item && item.hint) keys.add(item.hint)
      }
    }
    const missing = [...keys].filter((key) => typeof has(key) !== 'string')
    expect(missing).toEqual([])
  })

  it('puts participants under their fair', () => {
    const spec = resources.participantSpec(42)
    expect(spec.fields.find((f) => f.key === 'enterprise_uscc')?.createOnly).toBe(true)
    expect(collectionUrl('/api/v1/trade/fairs/{parent_id}/participants', 42)).toBe('/api/v1/trade/fairs/42/participants')
    expect(() => collectionUrl('/api/v1/trade/fairs/{parent_id}/participants')).toThrow()
    expect(collectionUrl('/api/v1/trade/fairs', 42)).toBe('/api/v1/trade/fairs')
  })
})

describe('workers', () => {
  it('computes the GB 11643 check character', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X')
    expect(idCheckCharacter('44052419800101001')).toBe('3')
  })

  it('names what is wrong with an ID number', () => {
    const today = new Date('2026-11-26T00:00:00Z')
    expect(idNumberProblem(' 11010519491231002x ', today)).toBeNull()
    expect(idNumberProblem('110105194912310021', today)).toBe('check')
    expect(idNumberProblem('11010519491331002X', today)).toBe('birth')
    expect(idNumberProblem('11010520990101002X', today)).toBe('birth')
    expect(idNumberProblem('1101051949123100', today)).toBe('length')
    expect(idNumberProblem('11010519491231002Y', today)).toBe('length')
    expect(idNumberCheck('1101051949123100')).toBe('trade.worker.idLength')
  })

  it('moves one way only, each step dated no earlier than the last', () => {
    expect(nextStatus('registered')).toBe('trained')
    expect(nextStatus('trained')).toBe('departed')
    expect(nextStatus('departed')).toBe('returned')
    expect(nextStatus('returned')).toBeNull()
    const worker = { status: 'trained' as const, registered_on: '2021-01-05', trained_on: '2021-02-01', departed_on: null, returned_on: null }
    expect(earliestNextDay(worker)).toBe('2021-02-01')
    expect(workerSteps(worker).map((s) => s.on)).toEqual(['2021-01-05', '2021-02-01', null, null])
  })
})

function indicator(key: string, rows: number[], extra: Partial<Indicator> = {}): Indicator {
  return {
    key,
    rows,
    title: key,
    unit: '人',
    value: 0,
    last_year_value: 0,
    yoy_percent: null,
    previous_period_value: null,
    mom_percent: null,
    rank: null,
    numerator: null,
    denominator: null,
    breakdown: [],
    ...extra
  } as Indicator
}

describe('trade indicators display', () => {
  it('groups figures by the report rows 25-47', () => {
    expect(groupOf(indicator('labour_dispatched', [26, 27]))).toBe('labour')
    expect(groupOf(indicator('fund_disbursed_wan_yuan', [28]))).toBe('funds')
    expect(groupOf(indicator('trainings_held', [30]))).toBe('fairs')
    expect(groupOf(indicator('shipment_goods_value_wan_yuan', [34, 36]))).toBe('exports')
    expect(groupOf(indicator('streets_renovated', [41]))).toBe('domestic')
    expect(groupOf(indicator('ecommerce_public_brands', [46]))).toBe('ecommerce')
    expect(groupOf(indicator('foreign_trade_export_wan_usd', []))).toBe('foreign')
    const grouped = groupIndicators([indicator('b', [33]), indicator('a', [32]), indicator('c', [25])])
    expect(grouped.map((g) => [g.group, g.items.map((i) => i.key)])).toEqual([
      ['labour', ['c']],
      ['exports', ['a', 'b']]
    ])
  })

  it('writes growth, values and rows as the report does', () => {
    expect(growthText(100)).toBe('+100.0%')
    expect(growthText(-47.5)).toBe('-47.5%')
    expect(growthText(0)).toBe('0.0%')
    expect(growthText(null)).toBe('—')
    expect(growthTrend(19.2)).toBe('up')
    expect(growthTrend(null)).toBe('none')
    expect(valueText('87.5', '%')).toBe('87.5%')
    expect(valueText('35.75', '万元')).toBe('35.75 万元')
    expect(rowsText([27, 26])).toBe('26-27')
    expect(rowsText([34, 36])).toBe('34、36')
    expect(rowsText([25])).toBe('25')
  })

  it('charts only county entries of a breakdown and builds the dashboard cards', () => {
    const dispatched = indicator('labour_dispatched', [26, 27], {
      value: 4,
      yoy_percent: 100,
      breakdown: [
        { code: '411522', label: '光山县', value: 3 },
        { code: 'EPS', label: '中韩雇佣制', value: 4 }
      ]
    })
    expect(regionBreakdown(dispatched)).toEqual([{ label: '光山县', value: 3 }])
    const cards = tradeKpis([indicator('promotion_events', [37], { value: 2, unit: '场' }), dispatched])
    expect(cards.map((c) => [c.key, c.value, c.yoy, c.trend])).toEqual([
      ['labour_dispatched', '4', '+100.0%', 'up'],
      ['promotion_events', '2', '—', 'none']
    ])
  })
})

describe('import row errors', () => {
  it('lists every refused row in order, and nothing for other errors', () => {
    const refused = new ApiError({
      kind: 'problem',
      message: '导入数据有误',
      status: 422,
      problem: {
        code: 'import.rows_invalid',
        errors: [
          { field: 'month', message: '月份须为1-12', row: 5, column: '月份' } as never,
          { field: 'region_code', message: '不在数据范围内', row: 3, column: '区划代码' } as never
        ]
      }
    })
    expect(importRowErrors(refused)).toEqual([
      { row: 3, column: '区划代码', message: '不在数据范围内' },
      { row: 5, column: '月份', message: '月份须为1-12' }
    ])
    expect(importRowErrors(new ApiError({ kind: 'problem', message: 'x', status: 422, problem: { code: 'validation_failed' } }))).toEqual([])
    expect(importRowErrors(new Error('x'))).toEqual([])
  })
})
