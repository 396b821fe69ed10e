/** Trade indicators for display: groups of the report's rows, growth texts and colours, ranks, chart series. */
import type { Indicator } from '@/api/trade'
import type { ChartOption } from '@/components/ReChart/echarts'
import { figureParts, figureText } from '@/utils/format'

export type IndicatorGroup = 'labour' | 'funds' | 'fairs' | 'exports' | 'domestic' | 'ecommerce' | 'foreign'

export const GROUPS: readonly IndicatorGroup[] = ['labour', 'funds', 'fairs', 'exports', 'domestic', 'ecommerce', 'foreign']

/** The group of an indicator, by its first row of the report (domain.md §7 rows 25-47). */
export function groupOf(indicator: Pick<Indicator, 'key' | 'rows'>): IndicatorGroup {
  if (indicator.key.startsWith('foreign_trade')) return 'foreign'
  const row = indicator.rows[0] ?? 0
  if (row <= 27) return 'labour'
  if (row === 28) return 'funds'
  if (row <= 30) return 'fairs'
  if (row <= 36) return 'exports'
  if (row <= 41) return 'domestic'
  return 'ecommerce'
}

/** The indicators of each group, in the report's order. */
export function groupIndicators(items: readonly Indicator[]): Array<{ group: IndicatorGroup; items: Indicator[] }> {
  return GROUPS.map((group) => ({
    group,
    items: items.filter((i) => groupOf(i) === group).sort((a, b) => (a.rows[0] ?? 0) - (b.rows[0] ?? 0))
  })).filter((g) => g.items.length > 0)
}

/** `+12.5%`, `-3.0%`, `0.0%`; an em dash when there is nothing to compare with. */
export function growthText(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—'
  const sign = percent > 0 ? '+' : ''
  return `${sign}${percent.toFixed(1)}%`
}

/** Up, down or flat — for the arrow and colour next to a growth figure. */
export function growthTrend(percent: number | null | undefined): 'up' | 'down' | 'flat' | 'none' {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return 'none'
  return percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat'
}

/** A value with its unit, with the precision its unit carries (no `0.0000 亿元`): see `figureText`. */
export function valueText(value: Indicator['value'] | null | undefined, unit: string): string {
  return figureText(value, unit)
}

/** The rows label of the report, `25` or `26-27`. */
export function rowsText(rows: readonly number[]): string {
  if (rows.length === 0) return ''
  const sorted = [...rows].sort((a, b) => a - b)
  const contiguous = sorted.every((r, i) => i === 0 || r === sorted[i - 1] + 1)
  return contiguous && sorted.length > 1 ? `${sorted[0]}-${sorted[sorted.length - 1]}` : sorted.join('、')
}

/** A number for a chart (amounts arrive as decimal strings). */
export function numeric(value: Indicator['value'] | null | undefined): number {
  if (value === null || value === undefined) return 0
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : 0
}

/** The breakdown entries that are regions (6-digit codes), for the by-county chart. */
export function regionBreakdown(indicator: Indicator | undefined): Array<{ label: string; value: number }> {
  return (indicator?.breakdown ?? [])
    .filter((b) => b.code !== null && /^\d{6}$/.test(b.code))
    .map((b) => ({ label: b.label, value: numeric(b.value) }))
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/** Whether the by-county chart has anything to draw (no bars of zeros). */
export function countyEmpty(items: readonly Indicator[]): boolean {
  return !regionBreakdown(items.find((i) => i.key === 'labour_dispatched')).some((c) => c.value !== 0)
}

/** The figures the YoY chart draws: those with a base last year and a value on either side. */
export function yoyRows(items: readonly Indicator[]): Indicator[] {
  return items.filter((i) => i.yoy_percent !== null && i.yoy_percent !== undefined && (numeric(i.value) !== 0 || numeric(i.last_year_value) !== 0))
}

/** Bars of workers dispatched per county in the period. */
export function countyChart(items: readonly Indicator[], t: Translate, mobile: boolean): ChartOption {
  const counties = regionBreakdown(items.find((i) => i.key === 'labour_dispatched'))
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: counties.map((c) => c.label), axisLabel: { interval: 0, rotate: mobile ? 40 : 0 } },
    yAxis: { type: 'value', name: '人', minInterval: 1 },
    series: [{ type: 'bar', name: t('trade.indicators.chartCounty'), data: counties.map((c) => c.value), barMaxWidth: 36, label: { show: true, position: 'top' } }]
  }
}

/** Horizontal bars of each figure's YoY growth (figures without a base left out). */
export function yoyChart(items: readonly Indicator[], t: Translate): ChartOption {
  const rows = yoyRows(items).reverse()
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => growthText(Number(v)) },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((i) => i.title), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: t('trade.indicators.yoy'),
        barMaxWidth: 14,
        data: rows.map((i) => ({
          value: i.yoy_percent,
          itemStyle: { color: (i.yoy_percent ?? 0) >= 0 ? '#d9534f' : '#2e8b57' }
        })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => growthText(p.value) }
      }
    ]
  }
}

/** The figures the dashboard shows for trade, in order. */
export const KPI_KEYS = ['labour_dispatched', 'shipment_batches', 'promotion_events', 'ecommerce_training_person_times'] as const

export interface TradeKpi {
  key: (typeof KPI_KEYS)[number]
  title: string
  value: string
  unit: string
  yoy: string
  trend: ReturnType<typeof growthTrend>
}

/** The dashboard's trade cards from an indicator report (a figure the report lacks is left out). */
export function tradeKpis(items: readonly Indicator[]): TradeKpi[] {
  const out: TradeKpi[] = []
  for (const key of KPI_KEYS) {
    const item = items.find((i) => i.key === key)
    if (!item) continue
    const shown = figureParts(item.value, item.unit)
    out.push({ key, title: item.title, value: shown.text, unit: shown.unit, yoy: growthText(item.yoy_percent), trend: growthTrend(item.yoy_percent) })
  }
  return out
}
