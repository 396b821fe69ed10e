import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import type { StatsBlock, UnitStats } from '@/api/reports'
import { defaultReportPeriod, formatCell, kpiCards, rankedUnits, rateText, rateTooltip, warningSlices } from '@/views/case-reports/utils/hook'
import { caseKpiCards, dashboardPeriod } from '@/views/dashboard/utils/hook'
import { filenameFromDisposition } from '@/utils/download'

const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key))

const rate = (numerator: number, denominator: number) => ({
  value: denominator ? Math.round((numerator / denominator) * 1000) / 10 : null,
  numerator,
  denominator,
  numerator_label: '办结件数',
  denominator_label: '受理件数'
})

const block: StatsBlock = {
  flow: { received: 12, assigned: 10, resolved: 6, closed: 5, rated: 4 },
  snapshot: { open: 7, open_without_plan: 2, yellow: 1, red: 2, escalated: 1, overdue: 3 },
  rates: { resolution: rate(6, 12), on_time: rate(5, 6), sign_timely: rate(9, 10), feedback_timely: rate(0, 0), satisfaction: rate(3, 4) }
}

describe('report figures', () => {
  it('shows each rate with its numerator and denominator', () => {
    const cards = kpiCards(block, t)
    const resolution = cards.find((c) => c.key === 'resolution')!
    expect(resolution.value).toBe('50.0%')
    expect(resolution.rate).toMatchObject({ numerator: 6, denominator: 12 })
    expect(rateTooltip(resolution.rate!, t)).toBe('办结件数 6 ÷ 受理件数 12')
    expect(cards.find((c) => c.key === 'feedback_timely')!.value).toBe('—')
    expect(cards.find((c) => c.key === 'red')).toMatchObject({ value: '2', rate: null, tone: 'danger' })
    expect(cards.map((c) => c.key)).toEqual([
      'received',
      'resolved',
      'resolution',
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

  it('gives the dashboard its case cards for the year to date', () => {
    expect(dashboardPeriod(new Date(2021, 6, 3))).toBe('2021-07-YTD')
    const stats = { all: block, period: { kind: 'ytd', label: '2021年1-7月', first_day: '2021-01-01', last_day: '2021-07-31' } }
    const cards = caseKpiCards(stats as never, t)
    expect(cards.map((c) => [c.key, c.display])).toEqual([
      ['received', '12'],
      ['resolution', '50.0%'],
      ['red', '2'],
      ['noPlan', '2']
    ])
    expect(cards.find((c) => c.key === 'red')).toMatchObject({ hint: '已超期 3 件', to: '/cases?warning_level=red' })
    expect(cards.find((c) => c.key === 'resolution')!.hint).toBe('6 / 12')
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
