import { beforeAll, describe, expect, it } from 'vitest'
import { loadDefaultDictionary } from './dictionary'
import { i18n } from '@/locales'
import type { StatsBlock, UnitStats } from '@/api/reports'
import { cardTooltip, defaultReportPeriod, formatCell, kpiCards, rankedUnits, rateText, rateTooltip, trendEmpty, warningSlices } from '@/views/case-reports/utils/hook'
import { caseKpiCards, dashboardPeriod } from '@/views/dashboard/utils/hook'
import { filenameFromDisposition } from '@/utils/download'

const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key))

const rate = (numerator: number, denominator: number, basis: 'flow' | 'cohort' = 'flow') => ({
  value: denominator ? Math.round((numerator / denominator) * 1000) / 10 : null,
  numerator,
  denominator,
  numerator_label: '办结件数',
  denominator_label: '受理件数',
  basis,
  basis_label: ''
})

// 14 registered in the period: 1 rejected, 1 merged, so 12 accepted of which 6 resolved; 8 resolved in the period.
const block: StatsBlock = {
  flow: { received: 14, assigned: 10, resolved: 8, closed: 5, rated: 4 },
  cohort: { registered: 14, rejected: 1, merged: 1, accepted: 12, resolved: 6 },
  snapshot: { open: 7, open_without_plan: 2, yellow: 1, red: 2, escalated: 1, overdue: 3 },
  rates: {
    resolution: rate(6, 12, 'cohort'),
    on_time: rate(5, 6),
    sign_timely: rate(9, 10, 'cohort'),
    feedback_timely: rate(0, 0, 'cohort'),
    satisfaction: rate(3, 4)
  }
}

beforeAll(loadDefaultDictionary)

describe('report figures', () => {
  it('shows each rate with its numerator and denominator', () => {
    const cards = kpiCards(block, t)
    const resolution = cards.find((c) => c.key === 'resolution')!
    expect(resolution.value).toBe('50.0%')
    expect(resolution.rate).toMatchObject({ numerator: 6, denominator: 12 })
    expect(rateTooltip(resolution.rate!, t)).toBe('【期内登记】办结件数 6 ÷ 受理件数 12')
    expect(cards.find((c) => c.key === 'feedback_timely')!.value).toBe('—')
    expect(cards.find((c) => c.key === 'red')).toMatchObject({ value: '2', rate: null, tone: 'danger', basis: 'snapshot' })
    // Every card says what it counts: the flow of the period, its cohort, or the snapshot at the cut-off.
    expect(Object.fromEntries(cards.map((c) => [c.key, c.basis]))).toMatchObject({
      received: 'flow',
      resolved: 'flow',
      resolution: 'cohort',
      rejected: 'cohort',
      merged: 'cohort',
      on_time: 'flow',
      satisfaction: 'flow',
      overdue: 'snapshot'
    })
    expect(cardTooltip(cards.find((c) => c.key === 'resolved')!, t)).toBe('期内发生：统计期间内发生的办理事项，不论诉求何时登记')
    expect(cards.find((c) => c.key === 'rejected')).toMatchObject({ label: '不予受理', value: '1' })
    expect(cards.map((c) => c.key)).toEqual([
      'received',
      'resolved',
      'resolution',
      'rejected',
      'merged',
      'on_time',
      'sign_timely',
      'feedback_timely',
      'satisfaction',
      'overdue',
      'red',
      'escalated',
      'open_without_plan'
    ])
    expect(rateText(rate(1, 3))).toBe('33.3%')
  })

  it('splits the open cases by warning colour (green = the rest)', () => {
    expect(warningSlices(block, t).map((s) => [s.name, s.value])).toEqual([
      ['正常', 3],
      ['黄色预警', 1],
      ['红色预警', 2],
      ['升级督办', 1]
    ])
  })

  it('ranks units by resolution rate and leaves out units without cases', () => {
    const unit = (id: number | null, resolved: number, received: number): UnitStats => ({
      ...block,
      unit_id: id,
      unit_name: id ? `单位${id}` : null,
      flow: { ...block.flow, received, resolved },
      snapshot: { ...block.snapshot, open: 0 },
      rates: { ...block.rates, resolution: rate(resolved, received) }
    })
    const ranked = rankedUnits([unit(1, 1, 4), unit(2, 3, 4), unit(null, 0, 3), unit(3, 0, 0)])
    expect(ranked.map((u) => u.unit_id)).toEqual([2, 1])
    // A unit with open cases but none accepted in the period has no rate: no 0 % bar for it.
    expect(rankedUnits([{ ...unit(4, 0, 0), snapshot: { ...block.snapshot, open: 3 } }])).toEqual([])
  })

  it('shows an empty trend when no month has a case', () => {
    const month = (received: number, resolved: number) => ({ month: '2021-07', label: '2021年7月', flow: { ...block.flow, received, resolved }, rates: block.rates })
    expect(trendEmpty([])).toBe(true)
    expect(trendEmpty([month(0, 0), month(0, 0)])).toBe(true)
    expect(trendEmpty([month(0, 0), month(0, 1)])).toBe(false)
  })

  it('formats report cells by column kind', () => {
    expect(formatCell(33.333, { kind: 'percent' })).toBe('33.3%')
    expect(formatCell(33.333, { kind: 'percent', label: '办结率(%)' })).toBe('33.3')
    expect(formatCell(null, { kind: 'int' })).toBe('—')
    expect(formatCell(1234, { kind: 'int' })).toBe((1234).toLocaleString())
    expect(formatCell('2021-07-10T02:00:00Z', { kind: 'date' })).toBe('2021-07-10')
    expect(formatCell('市商务局', { kind: 'text' })).toBe('市商务局')
  })

  it('opens each rhythm report on the current period in its own syntax', () => {
    const day = new Date(2021, 7, 20)
    expect(defaultReportPeriod('biweekly', day)).toBe('2021-08-20')
    expect(defaultReportPeriod('monthly', day)).toBe('2021-08')
    expect(defaultReportPeriod('quarterly', day)).toBe('2021-Q3')
    expect(defaultReportPeriod('annual', day)).toBe('2021')
  })

  it('gives the dashboard its case cards for the current year, each saying what it counts', () => {
    expect(dashboardPeriod(new Date(2021, 6, 3))).toBe('2021')
    const stats = { all: block, period: { kind: 'year', label: '2021年', first_day: '2021-01-01', last_day: '2021-12-31' } }
    const cards = caseKpiCards(stats as never, t)
    expect(cards.map((c) => [c.key, c.display, c.basisLabel])).toEqual([
      ['received', '14', '期内发生'],
      ['resolution', '50.0%', '期内登记'],
      ['red', '2', '统计时点'],
      ['noPlan', '2', '统计时点']
    ])
    expect(cards.find((c) => c.key === 'red')).toMatchObject({ hint: '已超期 3 件', to: '/cases?warning_level=red' })
    // No "办结 8" beside "6 / 12": the rate names its own numerator and denominator, the rejected and merged apart.
    expect(cards.find((c) => c.key === 'resolution')!.hint).toBe('已办结 6 / 受理 12')
    expect(cards.find((c) => c.key === 'received')!.hint).toBe('不予受理 1 · 合并 1')
  })
})

describe('downloads', () => {
  it('takes the file name from Content-Disposition, UTF-8 first', () => {
    expect(
      filenameFromDisposition(`attachment; filename="case-report-monthly.xlsx"; filename*=UTF-8''${encodeURIComponent('信阳市2021年7月月度总结.xlsx')}`)
    ).toBe('信阳市2021年7月月度总结.xlsx')
    expect(filenameFromDisposition('attachment; filename="report.xlsx"')).toBe('report.xlsx')
    expect(filenameFromDisposition('attachment; filename=report.xlsx')).toBe('report.xlsx')
    expect(filenameFromDisposition(null)).toBeNull()
    expect(filenameFromDisposition('inline')).toBeNull()
  })
})
