/** Dashboard figures and chart options from the enterprise statistics endpoints. */
import { computed, ref } from 'vue'
import { caseStats, type CaseStats } from '@/api/reports'
import { enterprisesByIndustry, enterprisesByRegion, type StatsByIndustry, type StatsByRegion } from '@/api/stats'
import type { ChartOption } from '@/components/ReChart/echarts'
import { showError } from '@/utils/message'
import { itemTooltip, percent } from '@/utils/format'
import { figurePeriod } from '@/utils/period'
import { basisLabel, basisTooltip, rateText, rateTooltip, type FigureBasis } from '@/views/case-reports/utils/hook'

type Translate = (key: string, named?: Record<string, unknown>) => string

export interface KpiCard {
  key: string
  label: string
  value: number
  hint: string
}

const PALETTE = ['#1d5dc8', '#c0392b', '#f5a623', '#2fa37b', '#7b5cd6', '#13a8c2', '#e06c9f', '#8c9aab', '#5f8f3d']

export function kpiCards(byRegion: StatsByRegion | null, byIndustry: StatsByIndustry | null, t: Translate): KpiCard[] {
  const total = byRegion?.total ?? 0
  const key = (byRegion?.items ?? []).reduce((sum, item) => sum + item.key_count, 0)
  const regions = (byRegion?.items ?? []).filter((item) => item.count > 0).length
  const industries = (byIndustry?.items ?? []).filter((item) => item.count > 0).length
  return [
    { key: 'total', label: t('dashboard.totalEnterprises'), value: total, hint: '' },
    { key: 'key', label: t('dashboard.keyEnterprises'), value: key, hint: t('dashboard.keyRatio', { ratio: percent(key, total) }) },
    { key: 'regions', label: t('dashboard.coveredRegions'), value: regions, hint: '' },
    { key: 'industries', label: t('dashboard.industries'), value: industries, hint: '' }
  ]
}

/** A case KPI card of the dashboard; `to` is where a click leads (the filtered case list). */
export interface CaseKpiCard extends KpiCard {
  display: string
  tooltip: string
  to: string | null
  /** Whether the card counts the period's flow, its cohort or the snapshot at the cut-off (the card's small label). */
  basis: FigureBasis
  basisLabel: string
}

/**
 * Registered (flow, with the rejected and merged of the period's cohort beside it), 办结率 (cohort: resolved of the
 * accepted, both counts shown), red/overdue and open-without-plan cases (snapshot) of the chosen period.
 */
export function caseKpiCards(stats: CaseStats | null, t: Translate): CaseKpiCard[] {
  if (!stats) return []
  const { flow, cohort, snapshot, rates } = stats.all
  const cards: Array<Omit<CaseKpiCard, 'basisLabel'>> = [
    {
      key: 'received',
      label: t('dashboard.cases.received'),
      value: flow.received,
      display: flow.received.toLocaleString(),
      hint: t('dashboard.cases.receivedHint', { rejected: cohort.rejected, merged: cohort.merged }),
      tooltip: basisTooltip('flow', t),
      to: '/cases',
      basis: 'flow'
    },
    {
      key: 'resolution',
      label: t('dashboard.cases.resolution'),
      value: rates.resolution.value ?? 0,
      display: rateText(rates.resolution),
      hint: t('dashboard.cases.resolutionHint', { n: rates.resolution.numerator, d: rates.resolution.denominator }),
      tooltip: rateTooltip(rates.resolution, t),
      to: null,
      basis: rates.resolution.basis
    },
    {
      key: 'red',
      label: t('dashboard.cases.red'),
      value: snapshot.red,
      display: snapshot.red.toLocaleString(),
      hint: t('dashboard.cases.overdueHint', { n: snapshot.overdue }),
      tooltip: t('dashboard.cases.redTooltip'),
      to: '/cases?warning_level=red',
      basis: 'snapshot'
    },
    {
      key: 'noPlan',
      label: t('dashboard.cases.noPlan'),
      value: snapshot.open_without_plan,
      display: snapshot.open_without_plan.toLocaleString(),
      hint: t('dashboard.cases.openHint', { n: snapshot.open }),
      tooltip: t('dashboard.cases.noPlanTooltip'),
      to: null,
      basis: 'snapshot'
    }
  ]
  return cards.map((c) => ({ ...c, basisLabel: basisLabel(c.basis, t) }))
}

/** The dashboard's figures open on the current year (the period control changes it). */
export function dashboardPeriod(today: Date = new Date()): string {
  return figurePeriod(null, today)
}

export function regionChart(stats: StatsByRegion | null, t: Translate, compact: boolean): ChartOption {
  const items = [...(stats?.items ?? [])].sort((a, b) => b.count - a.count)
  return {
    color: [PALETTE[1], PALETTE[0]],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('dashboard.keyCount'), t('dashboard.otherCount')] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: items.map((item) => item.region_name),
      axisLabel: { interval: 0, rotate: compact || items.length > 8 ? 40 : 0 }
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('dashboard.keyCount'),
        type: 'bar',
        stack: 'total',
        barMaxWidth: 36,
        data: items.map((item) => item.key_count)
      },
      {
        name: t('dashboard.otherCount'),
        type: 'bar',
        stack: 'total',
        barMaxWidth: 36,
        data: items.map((item) => item.count - item.key_count),
        label: { show: !compact, position: 'top', formatter: (p: { dataIndex: number }) => String(items[p.dataIndex].count) }
      }
    ]
  }
}

/** The largest industries, the rest folded into "others" so the ring stays readable. */
export function industrySlices(stats: StatsByIndustry | null, othersLabel: string, top = 8): Array<{ name: string; value: number }> {
  const items = [...(stats?.items ?? [])].filter((item) => item.count > 0).sort((a, b) => b.count - a.count)
  const head = items.slice(0, top).map((item) => ({ name: item.industry || '—', value: item.count }))
  const rest = items.slice(top).reduce((sum, item) => sum + item.count, 0)
  return rest > 0 ? [...head, { name: othersLabel, value: rest }] : head
}

export function industryChart(stats: StatsByIndustry | null, t: Translate, compact: boolean): ChartOption {
  const slices = industrySlices(stats, t('dashboard.others'))
  const counts = new Map(slices.map((s) => [s.name, s.value]))
  const total = slices.reduce((sum, s) => sum + s.value, 0)
  return {
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: itemTooltip(true) },
    title: {
      text: total.toLocaleString(),
      subtext: t('dashboard.totalEnterprises'),
      left: compact ? 'center' : '34%',
      top: compact ? '34%' : '40%',
      textAlign: 'center',
      textStyle: { fontSize: 22, fontWeight: 600, color: '#303133' },
      subtextStyle: { fontSize: 12, color: '#909399' }
    },
    legend: compact
      ? { bottom: 0, type: 'scroll', formatter: (name: string) => `${name} ${counts.get(name) ?? ''}` }
      : {
          orient: 'vertical',
          right: 8,
          top: 'middle',
          type: 'scroll',
          itemGap: 12,
          formatter: (name: string) => `${name}  ${counts.get(name) ?? ''}`
        },
    series: [
      {
        name: t('dashboard.byIndustry'),
        type: 'pie',
        radius: compact ? ['38%', '58%'] : ['48%', '72%'],
        center: compact ? ['50%', '42%'] : ['35%', '50%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: false },
        labelLine: { show: false },
        data: slices
      }
    ]
  }
}

export function useDashboard(withCases: () => boolean = () => false) {
  const byRegion = ref<StatsByRegion | null>(null)
  const byIndustry = ref<StatsByIndustry | null>(null)
  const cases = ref<CaseStats | null>(null)
  const loading = ref(false)
  const loadedAt = ref<Date | null>(null)

  async function load(period: string = dashboardPeriod()): Promise<void> {
    loading.value = true
    try {
      const [region, industry, caseFigures] = await Promise.all([
        enterprisesByRegion(),
        enterprisesByIndustry(),
        withCases() ? caseStats({ period }) : Promise.resolve(null)
      ])
      byRegion.value = region
      byIndustry.value = industry
      cases.value = caseFigures
      loadedAt.value = new Date()
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  const regionEmpty = computed(() => (byRegion.value?.items ?? []).every((item) => item.count === 0))
  const industryEmpty = computed(() => (byIndustry.value?.items ?? []).every((item) => item.count === 0))

  return { byRegion, byIndustry, cases, loading, loadedAt, load, regionEmpty, industryEmpty }
}
