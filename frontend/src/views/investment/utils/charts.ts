/** Chart options of the indicators page: figures by county, month by month against last year, the pipeline funnel. */
import { dictLabel } from '@/store/modules/dictionary'
import type { IndicatorsByRegion, MonthlyIndicators, StageCounts } from '@/api/investment'
import type { ChartOption } from '@/components/ReChart/echarts'
import { toNumber } from './format'
import { PIPELINE, STAGE_COLORS } from './stages'
import { itemTooltip } from '@/utils/format'

type Translate = (key: string, named?: Record<string, unknown>) => string

const BLUE = '#1d5dc8'
const GREY = '#a8b4c4'

/** One figure of every county, largest first (rates come as percent of their own counties). */
export function regionChart(data: IndicatorsByRegion | null, code: string, compact: boolean): ChartOption {
  const items = [...(data?.items ?? [])]
    .map((item) => ({ name: item.region_name ?? item.region_code, value: toNumber(item.values[code]) }))
    .sort((a, b) => b.value - a.value)
  const unit = data?.units[code] ?? ''
  return {
    color: [BLUE],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)} ${unit}` },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { interval: 0, rotate: compact || items.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', name: unit },
    series: [
      {
        type: 'bar',
        name: data?.names[code] ?? code,
        barMaxWidth: 32,
        data: items.map((i) => i.value),
        label: { show: !compact, position: 'top' }
      }
    ]
  }
}

/** Whether every county is zero for the figure (the chart shows its empty state then). */
export function regionEmpty(data: IndicatorsByRegion | null, code: string): boolean {
  return (data?.items ?? []).every((item) => toNumber(item.values[code]) === 0)
}

/** A figure month by month: this year's bars against last year's line. */
export function monthlyChart(data: MonthlyIndicators | null, code: string, t: Translate): ChartOption {
  const series = data?.series.find((s) => s.code === code)
  const year = data?.year ?? new Date().getFullYear()
  const thisYear = t('investment.indicators.thisYear', { year })
  const lastYear = t('investment.indicators.thisYear', { year: year - 1 })
  return {
    color: [BLUE, GREY],
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)} ${series?.unit ?? ''}` },
    legend: { top: 0, data: [thisYear, lastYear] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: (data?.months ?? []).map((m) => `${m}月`) },
    yAxis: { type: 'value', name: series?.unit ?? '' },
    series: [
      { type: 'bar', name: thisYear, barMaxWidth: 24, data: (series?.values ?? []).map(toNumber) },
      { type: 'line', name: lastYear, smooth: true, symbolSize: 6, data: (series?.last_year ?? []).map(toNumber) }
    ]
  }
}

export function monthlyEmpty(data: MonthlyIndicators | null, code: string): boolean {
  const series = data?.series.find((s) => s.code === code)
  return !series || [...series.values, ...series.last_year].every((v) => toNumber(v) === 0)
}

/**
 * Projects that have reached at least each pipeline stage (a project in production has also signed,
 * landed and started), so the funnel narrows; stalled and cancelled projects are left out.
 */
export function reachedCounts(counts: StageCounts | null): Array<{ stage: (typeof PIPELINE)[number]; reached: number }> {
  const now = new Map((counts?.items ?? []).map((i) => [i.stage, i.count]))
  let running = 0
  const out: Array<{ stage: (typeof PIPELINE)[number]; reached: number }> = []
  for (const stage of [...PIPELINE].reverse()) {
    running += now.get(stage) ?? 0
    out.unshift({ stage, reached: running })
  }
  return out
}

export function funnelChart(counts: StageCounts | null): ChartOption {
  const rows = reachedCounts(counts)
  return {
    tooltip: { trigger: 'item', formatter: itemTooltip() },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        width: '84%',
        top: 8,
        bottom: 8,
        minSize: '8%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: rows.map((r) => ({ name: dictLabel('investment_stage', r.stage), value: r.reached, itemStyle: { color: STAGE_COLORS[r.stage] } }))
      }
    ]
  }
}
