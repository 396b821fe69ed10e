/** The reports page: KPI cards with their numerators and denominators, chart options, report tables. */
import dayjs from 'dayjs'
import type { CaseStats, MonthStats, Rate, RateKey, ReportColumn, ReportKind, StatsBlock, UnitStats } from '@/api/reports'
import type { ChartOption } from '@/components/ReChart/echarts'
import { dictLabel } from '@/store/modules/dictionary'
import { WARNING_STYLES } from '@/views/cases/utils/warning'
import { escapeHtml, itemTooltip } from '@/utils/format'

type Translate = (key: string, named?: Record<string, unknown>) => string

/**
 * What a figure counts: the period's flow (events in the period), its cohort (cases registered in the period, in
 * whatever state at the cut-off) or the snapshot at the cut-off. Every card and table says which.
 */
export type FigureBasis = 'flow' | 'cohort' | 'snapshot'

/** The short label of a basis (期内发生 / 期内登记 / 统计时点). */
export function basisLabel(basis: FigureBasis, t: Translate): string {
  return t(`report.basis.${basis}`)
}

/** What a basis means, for a tooltip. */
export function basisTooltip(basis: FigureBasis, t: Translate): string {
  return t(`report.basisTip.${basis}`)
}

export interface KpiCard {
  key: string
  label: string
  /** The number shown (a count, or a percentage for a rate). */
  value: string
  /** Rates: `numerator / denominator` with their labels, for the tooltip. */
  rate: Rate | null
  tone: 'primary' | 'success' | 'warning' | 'danger' | 'info'
  basis: FigureBasis
}

export const RATE_KEYS: readonly RateKey[] = ['resolution', 'on_time', 'sign_timely', 'feedback_timely', 'satisfaction']

/** A rate as text: `85.7%`, or '—' when there was nothing to divide by. */
export function rateText(rate: Rate | null | undefined): string {
  if (!rate || rate.value === null || rate.value === undefined) return '—'
  return `${rate.value.toFixed(1)}%`
}

/** The tooltip of a rate card: both counts, each with what it counts, and whether it is the flow or the cohort. */
export function rateTooltip(rate: Rate, t: Translate): string {
  return t('report.rateTooltip', {
    numerator: rate.numerator,
    numeratorLabel: rate.numerator_label,
    denominator: rate.denominator,
    denominatorLabel: rate.denominator_label,
    basis: basisLabel(rate.basis, t)
  })
}

/** The tooltip of any card: a rate's counts, else what the count counts. */
export function cardTooltip(card: Pick<KpiCard, 'rate' | 'basis'>, t: Translate): string {
  return card.rate ? rateTooltip(card.rate, t) : basisTooltip(card.basis, t)
}

export function kpiCards(block: StatsBlock | null | undefined, t: Translate): KpiCard[] {
  if (!block) return []
  const count = (key: string, value: number, tone: KpiCard['tone'], basis: FigureBasis): KpiCard => ({
    key,
    label: t(`report.kpi.${key}`),
    value: value.toLocaleString(),
    rate: null,
    tone,
    basis
  })
  const rate = (key: RateKey, tone: KpiCard['tone']): KpiCard => ({
    key,
    label: t(`report.kpi.${key}`),
    value: rateText(block.rates[key]),
    rate: block.rates[key],
    tone,
    basis: block.rates[key].basis
  })
  return [
    count('received', block.flow.received, 'primary', 'flow'),
    count('resolved', block.flow.resolved, 'success', 'flow'),
    rate('resolution', 'success'),
    count('rejected', block.cohort.rejected, 'info', 'cohort'),
    count('merged', block.cohort.merged, 'info', 'cohort'),
    rate('on_time', 'success'),
    rate('sign_timely', 'primary'),
    rate('feedback_timely', 'primary'),
    rate('satisfaction', 'success'),
    count('overdue', block.snapshot.overdue, 'danger', 'snapshot'),
    count('red', block.snapshot.red, 'danger', 'snapshot'),
    count('escalated', block.snapshot.escalated, 'warning', 'snapshot'),
    count('open_without_plan', block.snapshot.open_without_plan, block.snapshot.open_without_plan > 0 ? 'warning' : 'info', 'snapshot')
  ]
}

/** 暂停计时 and 催办: the two rates (numerator / denominator) and the counts behind them. */
export function pauseCards(pause: CaseStats['pause'] | null | undefined, t: Translate): KpiCard[] {
  if (!pause) return []
  const count = (key: string, value: string, basis: FigureBasis): KpiCard => ({
    key,
    label: t(`report.pause.${key}`),
    value,
    rate: null,
    tone: 'info',
    basis
  })
  const rate = (key: 'paused_share' | 'supplied_by_enterprise'): KpiCard => ({
    key,
    label: t(`report.pause.${key}`),
    value: rateText(pause.rates[key]),
    rate: pause.rates[key],
    tone: 'primary',
    basis: pause.rates[key].basis
  })
  return [
    rate('paused_share'),
    rate('supplied_by_enterprise'),
    count('started', pause.started.toLocaleString(), 'flow'),
    count('paused_now', pause.paused_now.toLocaleString(), 'snapshot'),
    count('paused_days', pause.paused_days.toFixed(1), 'flow'),
    count('urged', pause.urged.toLocaleString(), 'flow')
  ]
}

/** Received against resolved per month, with the resolution rate on a second axis. */
export function trendChart(months: readonly MonthStats[], t: Translate, compact: boolean): ChartOption {
  return {
    color: ['#1d5dc8', '#2fa37b', '#e6a23c'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('report.kpi.received'), t('report.kpi.resolved'), t('report.kpi.resolution')] },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.label), axisLabel: { rotate: compact && months.length > 6 ? 40 : 0 } },
    yAxis: [
      { type: 'value', minInterval: 1, name: t('report.cases') },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }
    ],
    series: [
      { name: t('report.kpi.received'), type: 'bar', barMaxWidth: 28, data: months.map((m) => m.flow.received) },
      { name: t('report.kpi.resolved'), type: 'bar', barMaxWidth: 28, data: months.map((m) => m.flow.resolved) },
      {
        name: t('report.kpi.resolution'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: months.map((m) => m.rates.resolution.value)
      }
    ]
  }
}

/** Open cases by warning colour (green = open cases under no warning). */
export function warningSlices(block: StatsBlock | null | undefined, _t: Translate): Array<{ name: string; value: number; itemStyle: { color: string } }> {
  if (!block) return []
  const { open, yellow, red, escalated } = block.snapshot
  const green = Math.max(0, open - yellow - red - escalated)
  const values = { green, yellow, red, escalated }
  return (Object.keys(values) as Array<keyof typeof values>).map((level) => ({
    name: dictLabel('case_warning', level),
    value: values[level],
    itemStyle: { color: WARNING_STYLES[level].color }
  }))
}

export function warningChart(block: StatsBlock | null | undefined, t: Translate, compact: boolean): ChartOption {
  const all = warningSlices(block, t)
  const counts = new Map(all.map((s) => [s.name, s.value]))
  // Empty levels stay in the legend (with 0) but draw no slice or label.
  const slices = all.filter((s) => s.value > 0)
  const total = all.reduce((sum, s) => sum + s.value, 0)
  return {
    tooltip: { trigger: 'item', formatter: itemTooltip(true) },
    title: {
      text: String(total),
      subtext: t('report.openCases'),
      left: 'center',
      top: compact ? '32%' : '38%',
      textStyle: { fontSize: 22, fontWeight: 600, color: '#303133' },
      subtextStyle: { fontSize: 12, color: '#909399' }
    },
    legend: { bottom: 0, data: all.map((s) => s.name), formatter: (name: string) => `${name} ${counts.get(name) ?? 0}` },
    series: [
      {
        type: 'pie',
        radius: ['45%', '68%'],
        center: ['50%', compact ? '42%' : '46%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: !compact, formatter: '{b} {c}' },
        data: slices
      }
    ]
  }
}

/** Lead units ranked by resolution rate (units without cases left out), top `limit`. */
export function rankedUnits(units: readonly UnitStats[], limit = 12): UnitStats[] {
  return [...units]
    // A unit without accepted cases has no rate: it is left out rather than drawn as a 0 % bar.
    .filter((u) => u.unit_id !== null && u.rates.resolution.denominator > 0)
    .sort((a, b) => (b.rates.resolution.value ?? -1) - (a.rates.resolution.value ?? -1) || b.flow.resolved - a.flow.resolved)
    .slice(0, limit)
}

export function unitChart(units: readonly UnitStats[], t: Translate): ChartOption {
  const ranked = rankedUnits(units).reverse()
  const data = ranked.map((u) => ({
    value: u.rates.resolution.value ?? 0,
    numerator: u.rates.resolution.numerator,
    denominator: u.rates.resolution.denominator,
    overdue: u.snapshot.overdue,
    // A unit with overdue cases is drawn in red.
    itemStyle: { color: u.snapshot.overdue > 0 ? '#d93026' : '#1d5dc8' }
  }))
  type Item = (typeof data)[number]
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; data: Item }) =>
        `${escapeHtml(p.name)}<br/>${t('report.kpi.resolution')} ${p.data.value}%（${p.data.numerator}/${p.data.denominator}）<br/>${t('report.kpi.overdue')} ${p.data.overdue}`
    },
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: ranked.map((u) => u.unit_name ?? `#${u.unit_id}`), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [
      {
        name: t('report.kpi.resolution'),
        type: 'bar',
        barMaxWidth: 18,
        data,
        label: {
          show: true,
          position: 'right',
          formatter: (p: { data: Item }) =>
            p.data.overdue > 0 ? `${p.data.value}%  ${t('report.overdueShort', { n: p.data.overdue })}` : `${p.data.value}%`
        }
      }
    ]
  }
}

/** No month of the period has a case received or resolved: the trend shows its empty state, not zero bars. */
export function trendEmpty(months: readonly MonthStats[]): boolean {
  return months.every((m) => m.flow.received === 0 && m.flow.resolved === 0)
}

export function statsEmpty(stats: CaseStats | null): boolean {
  if (!stats) return true
  return stats.all.flow.received === 0 && stats.all.snapshot.open === 0 && stats.all.flow.resolved === 0
}

/** A report cell as text, by its column kind (a percentage keeps its sign unless the header carries it). */
export function formatCell(value: unknown, column: Pick<ReportColumn, 'kind'> & { label?: string }): string {
  if (value === null || value === undefined || value === '') return '—'
  switch (column.kind) {
    case 'percent':
      if (typeof value !== 'number') return String(value)
      return column.label?.includes('%') ? value.toFixed(1) : `${value.toFixed(1)}%`
    case 'number':
      return typeof value === 'number' ? value.toLocaleString(undefined, { maximumFractionDigits: 2 }) : String(value)
    case 'int':
      return typeof value === 'number' ? value.toLocaleString() : String(value)
    case 'date':
      return dayjs(String(value)).isValid() ? dayjs(String(value)).format('YYYY-MM-DD') : String(value)
    case 'datetime':
      return dayjs(String(value)).isValid() ? dayjs(String(value)).format('YYYY-MM-DD HH:mm') : String(value)
    default:
      return String(value)
  }
}

/** The period each report asks for, from today: 双周 the dispatch day, 月 this month, 季 this quarter, 年 this year. */
export function defaultReportPeriod(kind: ReportKind, today: Date = new Date()): string {
  const d = dayjs(today)
  switch (kind) {
    case 'biweekly':
      return d.format('YYYY-MM-DD')
    case 'monthly':
      return d.format('YYYY-MM')
    case 'quarterly':
      return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`
    case 'annual':
      return String(d.year())
  }
}
