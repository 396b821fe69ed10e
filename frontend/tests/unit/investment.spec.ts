import { beforeAll, describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { levelText } from '@/utils/levels'
import { type Fund, type Indicators, type Project, type StageCounts } from '@/api/investment'
import { ApiError } from '@/utils/http'
import { reachedCounts } from '@/views/investment/utils/charts'
import { investmentKpiCards } from '@/views/investment/utils/dashboard'
import {
  currentMonth,
  figuresOfCaliber,
  formatAmount,
  isFutureDay,
  monthLabel,
  rankText,
  rateValue,
  totalsByCaliber,
  wanToYi,
  yoyText,
  yoyTrend
} from '@/views/investment/utils/format'
import { groupFundsByMonth } from '@/views/investment/utils/funds'
import { badRowCount, rowErrorsOf } from '@/views/investment/utils/imports'
import { emptyProjectForm, projectCreateBody, projectQuery, projectUpdateBody, emptyProjectSearch } from '@/views/investment/utils/project'
import { currentMilestone, groupByStage, isForward, offeredSteps, stepNeedsRound } from '@/views/investment/utils/stages'
import { refusalOf } from '@/views/investment/utils/steps'
import { loadDefaultDictionary } from './dictionary'

beforeAll(loadDefaultDictionary)

const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key))

describe('stage steps offered on a project', () => {
  it('offers exactly what the server allows, forward steps first, then stall, then cancel', () => {
    expect(offeredSteps({ stage: 'negotiating', next_stages: ['cancelled', 'stalled', 'signed'], stage_before_stall: null })).toEqual([
      'signed',
      'stalled',
      'cancelled'
    ])
    expect(offeredSteps({ stage: 'in_production', next_stages: ['stalled', 'at_capacity'], stage_before_stall: null })).toEqual([
      'at_capacity',
      'stalled'
    ])
  })

  it('offers a stalled project its resume points and never "stalled" again', () => {
    const steps = offeredSteps({ stage: 'stalled', next_stages: ['landed', 'started', 'cancelled'], stage_before_stall: 'landed' })
    expect(steps).toEqual(['landed', 'started', 'cancelled'])
    expect(steps).not.toContain('stalled')
  })

  it('offers nothing at a final stage and nothing the server did not list', () => {
    expect(offeredSteps({ stage: 'at_capacity', next_stages: [], stage_before_stall: null })).toEqual([])
    expect(offeredSteps({ stage: 'signed', next_stages: ['landed'], stage_before_stall: null })).toEqual(['landed'])
  })

  it('asks for a round only on the steps 三个一批 lists (signed, started, in production)', () => {
    expect(['signed', 'started', 'in_production'].every((s) => stepNeedsRound(s as Project['stage']))).toBe(true)
    expect(['landed', 'at_capacity', 'stalled', 'cancelled', 'negotiating'].some((s) => stepNeedsRound(s as Project['stage']))).toBe(false)
  })

  it('tells forward steps from resuming where a project stalled', () => {
    expect(isForward('signed', 'landed')).toBe(true)
    expect(isForward('stalled', 'landed', 'landed')).toBe(false)
    expect(isForward('stalled', 'started', 'landed')).toBe(true)
    expect(isForward('signed', 'stalled')).toBe(false)
  })

  it('explains a refused step (409) with the stages allowed now', () => {
    const error = new ApiError({
      kind: 'problem',
      status: 409,
      message: 'conflict',
      problem: { status: 409, code: 'conflict', detail: '项目当前阶段为“已开工”，不能变更为“已开工”', allowed: ['in_production', 'stalled', 'cancelled'] }
    })
    const refusal = refusalOf(error, t)
    expect(refusal?.detail).toContain('不能变更为')
    expect(refusal?.allowed).toEqual(['in_production', 'stalled', 'cancelled'])
    expect(refusal?.allowedText).toBe('当前允许变更为：已投产、停滞、已终止')
    expect(refusalOf(new ApiError({ kind: 'problem', status: 412, message: 'x' }), t)).toBeNull()
  })
})

describe('kanban', () => {
  it('puts every row in its stage column, empty columns included, order kept', () => {
    const rows = [
      { id: 1, stage: 'signed' },
      { id: 2, stage: 'stalled' },
      { id: 3, stage: 'signed' }
    ] as Array<{ id: number; stage: Project['stage'] }>
    const columns = groupByStage(rows)
    expect(columns.signed.map((r) => r.id)).toEqual([1, 3])
    expect(columns.stalled.map((r) => r.id)).toEqual([2])
    expect(columns.at_capacity).toEqual([])
    expect(Object.keys(columns)).toHaveLength(8)
  })

  it('shows the date of the current milestone, the stage before a stall for a stalled project', () => {
    const base = { signed_on: '2026-01-05', landed_on: '2026-03-01', started_on: null } as unknown as Project
    expect(currentMilestone({ ...base, stage: 'landed', stage_before_stall: null })).toBe('2026-03-01')
    expect(currentMilestone({ ...base, stage: 'stalled', stage_before_stall: 'signed' })).toBe('2026-01-05')
    expect(currentMilestone({ ...base, stage: 'negotiating', stage_before_stall: null })).toBeNull()
  })
})

describe('foreign capital calibers', () => {
  const rows = [
    { caliber: 'local' as const, amount_wan_usd: '0.10' },
    { caliber: 'local' as const, amount_wan_usd: '0.20' },
    { caliber: 'mofcom' as const, amount_wan_usd: '100.05' }
  ]

  it('sums each caliber on its own, exactly to the cent, never the two together', () => {
    const totals = totalsByCaliber(rows)
    expect(totals.local).toBe(0.3)
    expect(totals.mofcom).toBe(100.05)
    expect(Object.keys(totals)).toEqual(['local', 'mofcom'])
  })

  it('keeps the figures of one caliber (and those without a caliber)', () => {
    const figures = [
      { code: 'projects_signed', caliber: null },
      { code: 'foreign_capital_local', caliber: 'local' as const },
      { code: 'foreign_capital_mofcom', caliber: 'mofcom' as const }
    ]
    expect(figuresOfCaliber(figures, 'mofcom').map((f) => f.code)).toEqual(['projects_signed', 'foreign_capital_mofcom'])
  })
})

describe('formatting', () => {
  it('writes amounts with grouping and the decimals they carry', () => {
    expect(formatAmount('66006.00')).toBe('66,006')
    expect(formatAmount('1234.5')).toBe('1,234.5')
    expect(formatAmount(null)).toBe('—')
    expect(wanToYi('123456.70')).toBe('12.35')
    expect(wanToYi('30000')).toBe('3')
  })

  it('writes YoY with its sign, flat near zero, nothing without last year', () => {
    expect(yoyText(6.5, t)).toBe('+6.5%')
    expect(yoyText(-12, t)).toBe('-12.0%')
    expect(yoyText(0.01, t)).toBe('持平')
    expect(yoyText(null, t)).toBe('—')
    expect([yoyTrend(200), yoyTrend(-1), yoyTrend(0), yoyTrend(null)]).toEqual(['up', 'down', 'flat', 'none'])
  })

  it('writes a province or national rank with the number ranked', () => {
    const rank = { rank: 3, of: 18, scope: 'province', bulletin_id: 1, source_document: 'x', period: '2026-11-YTD', period_label: '2026年1-11月' }
    expect(rankText(rank, t)).toBe('全省第3位（共18个）')
    expect(rankText(rank, t, '2026-11-YTD')).toBe('全省第3位（共18个）')
    expect(rankText(rank, t, '2026')).toBe('全省第3位（共18个）（据2026年1-11月通报）')
    expect(rankText({ ...rank, rank: 1, of: 20, scope: 'national' }, t)).toBe('全国第1位（共20个）')
    expect(rankText(null, t)).toBe('')
  })

  it('writes rates and months', () => {
    expect(rateValue({ value: '85.7' })).toBe('85.7%')
    expect(rateValue({ value: null })).toBe('—')
    expect(monthLabel('2021-07')).toBe('2021年7月')
  })

  it('takes months and days in Asia/Shanghai whatever the browser zone', () => {
    // 2021-12-31 17:00 UTC is already 2022-01-01 in Shanghai.
    expect(currentMonth(new Date('2021-12-31T17:00:00Z'))).toBe('2022-01')
    const now = new Date('2021-07-10T02:00:00Z')
    expect(isFutureDay(new Date(2021, 6, 10), now)).toBe(false)
    expect(isFutureDay(new Date(2021, 6, 11), now)).toBe(true)
  })
})

describe('funds in place', () => {
  const fund = (month: string, revision: number, current: boolean, amount: string): Fund =>
    ({ id: revision * 100 + Number(month.slice(5)), project_id: 1, month, revision, is_current: current, amount_wan_yuan: amount }) as Fund

  it('shows each month once with its current figure and the corrections under it', () => {
    const months = groupFundsByMonth([fund('2021-07', 1, false, '100'), fund('2021-08', 1, true, '50'), fund('2021-07', 2, true, '120')])
    expect(months.map((m) => m.month)).toEqual(['2021-08', '2021-07'])
    expect(months[1].current?.amount_wan_yuan).toBe('120')
    expect(months[1].history.map((h) => h.revision)).toEqual([1])
    expect(months[0].history).toEqual([])
  })
})

describe('imports', () => {
  it('lists every bad row of a refused import in row order', () => {
    const error = new ApiError({
      kind: 'problem',
      status: 422,
      message: 'x',
      problem: {
        code: 'import.rows_invalid',
        errors: [
          { row: 4, field: 'value', column: '数值', message: '不是数字' },
          { row: 2, field: 'entity_code', column: '地区代码', message: '必填' },
          { row: 2, field: 'value', message: '必填' }
        ] as never
      }
    })
    const rows = rowErrorsOf(error)
    expect(rows.map((r) => r.row)).toEqual([2, 2, 4])
    expect(rows[1].column).toBe('value')
    expect(badRowCount(rows)).toBe(2)
  })

  it('leaves a form field error of the upload to the form', () => {
    const error = new ApiError({
      kind: 'problem',
      status: 422,
      message: 'x',
      problem: { code: 'validation_failed', errors: [{ field: 'period', message: '期间格式不正确' }] }
    })
    expect(rowErrorsOf(error)).toEqual([])
  })
})

describe('project form', () => {
  it('sends only the investor field its origin needs, and the signing when already signed', () => {
    const form = {
      ...emptyProjectForm(),
      code: ' GS-2026-01 ',
      name: '茶产业园',
      investor_name: '深圳某公司',
      investor_origin: 'out_of_province' as const,
      investor_province_code: '440000',
      investor_country_region: '香港',
      region_code: '411522',
      contracted_investment_wan_yuan: '35,000.50',
      signed: true,
      signed_date: '2026-03-01'
    }
    const body = projectCreateBody(form)
    expect(body.code).toBe('GS-2026-01')
    expect(body.investor).toEqual({ name: '深圳某公司', origin: 'out_of_province', province_code: '440000', country_region: null, uscc: null })
    expect(body.contracted_investment_wan_yuan).toBe('35000.50')
    expect(body.signed).toEqual({ date: '2026-03-01', evidence: null, round_id: null })
    expect(projectCreateBody({ ...form, signed: false }).signed).toBeUndefined()
  })

  it('patches only what changed', () => {
    const before = { ...emptyProjectForm(), name: 'A', region_code: '411522', contracted_investment_wan_yuan: '100' }
    expect(projectUpdateBody(before, { ...before })).toEqual({})
    expect(projectUpdateBody(before, { ...before, name: 'B' })).toEqual({ name: 'B' })
  })

  it('queries only the filters that are set', () => {
    expect(projectQuery(emptyProjectSearch(), 1, 20)).toEqual({ page: 1, page_size: 20 })
    expect(projectQuery({ ...emptyProjectSearch(), q: ' 茶 ', stage: ['started'], region_code: '411522' }, 2, 50, '-signed_on')).toEqual({
      page: 2,
      page_size: 50,
      q: '茶',
      stage: ['started'],
      region_code: '411522',
      sort: '-signed_on'
    })
  })
})

describe('indicators', () => {
  it('counts the projects that reached at least each stage, so the funnel narrows', () => {
    const counts = {
      total: 10,
      items: [
        { stage: 'negotiating', count: 4 },
        { stage: 'signed', count: 1 },
        { stage: 'started', count: 2 },
        { stage: 'at_capacity', count: 1 },
        { stage: 'stalled', count: 2 }
      ]
    } as StageCounts
    expect(reachedCounts(counts).map((r) => r.reached)).toEqual([8, 4, 3, 3, 1, 1])
  })

  it('builds the dashboard cards from the figures, with YoY and rank', () => {
    const figure = (code: string, value: string, unit: string, yoy: number | null, rank: unknown = null) =>
      ({ code, name: code, unit, caliber: null, value, last_year: '0', yoy_percent: yoy, rank }) as Indicators['figures'][number]
    const data = {
      period_label: '2026年1-11月',
      figures: [
        figure('projects_signed', '12', '个', 20),
        figure('contracted_investment', '35.5', '亿元', 5),
        figure('projects_started', '3', '个', null),
        figure('projects_in_production', '1', '个', null),
        figure('out_of_province_funds', '2.25', '亿元', -10),
        figure('foreign_capital_local', '66006', '万美元', 6.5, { rank: 3, of: 18, scope: 'province', bulletin_id: 1, source_document: '' })
      ],
      rates: []
    } as unknown as Indicators
    const cards = investmentKpiCards(data, t)
    expect(cards.map((c) => c.key)).toEqual(['signed', 'started', 'funds', 'capital'])
    expect(cards[0]).toMatchObject({ display: '12', hint: '签约总投资 35.5 亿元', trend: 'up' })
    expect(cards[1].hint).toBe('投产 1 个')
    expect(cards[2]).toMatchObject({ display: '2.25', trend: 'down' })
    expect(cards[3].hint).toBe('同比 +6.5% · 全省第3位（共18个）')
    expect(investmentKpiCards(null, t)).toEqual([])
  })
})

describe('levels of rounds and chains', () => {
  it('shows the province as 省级 and a city with its name', () => {
    expect(levelText({ level: 'province', region_name: '河南省' }, '省级', '市级')).toBe('省级')
    expect(levelText({ level: 'city', region_name: '南阳市' }, '省级', '市级')).toBe('市级（南阳市）')
  })
})
