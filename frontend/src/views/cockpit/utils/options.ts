/** The cockpit's chart options: a dark big-screen theme, one option per chart, stable series ids for merging. */
import type { ChartOption } from './echarts'
import type { RegionValue } from './data'
import type { TradeMonthly } from '@/api/trade'

type Translate = (key: string, named?: Record<string, unknown>) => string

export const THEME = {
  text: '#cfe3ff',
  muted: '#7f9cc4',
  line: 'rgba(80, 150, 255, 0.25)',
  accent: '#35d0ff',
  warm: '#ffb547',
  hot: '#ff5b5b',
  green: '#3ee0a1',
  area: '#12325f'
}

const FONT = { color: THEME.text, fontSize: 16 }

/** The map coloured by one indicator; regions without a value are drawn in the base colour. */
export function mapOption(
  mapCode: string,
  values: RegionValue[],
  unit: string,
  label: string,
  t: Translate
): ChartOption {
  const numbers = values.map((v) => v.value).filter((v): v is number => v !== null)
  const max = Math.max(1, ...numbers)
  const text = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? t('cockpit.noValue') : `${v}${unit}`)
  return {
    tooltip: {
      trigger: 'item',
      backgroundColor: 'rgba(8, 24, 52, 0.92)',
      borderColor: THEME.accent,
      textStyle: FONT,
      formatter: (p: { name: string; value?: number }) => `${p.name}<br/>${label}：${text(p.value)}`
    },
    visualMap: {
      id: 'scale',
      type: 'continuous',
      orient: 'horizontal',
      min: 0,
      max,
      left: 8,
      top: 4,
      calculable: false,
      itemWidth: 12,
      itemHeight: 180,
      text: [`${max}${unit}`, `0${unit}`],
      textStyle: { color: THEME.text, fontSize: 14 },
      inRange: { color: ['#0f3a6e', '#1f6fb8', '#35d0ff', '#ffd166', '#ff6b4a'] }
    },
    series: [
      {
        id: 'regions',
        name: label,
        type: 'map',
        map: mapCode,
        roam: false,
        layoutCenter: ['50%', '50%'],
        layoutSize: '106%',
        aspectScale: 0.86,
        selectedMode: false,
        label: {
          show: true,
          color: '#ffffff',
          fontSize: 15,
          textBorderColor: 'rgba(0, 0, 0, 0.6)',
          textBorderWidth: 2,
          formatter: (p: { name: string; value?: number }) => `${p.name}\n${text(p.value)}`
        },
        itemStyle: { areaColor: THEME.area, borderColor: '#7fd3ff', borderWidth: 1.2 },
        emphasis: { label: { color: '#ffffff' }, itemStyle: { areaColor: '#ffb547' } },
        data: values.map((v) => ({ name: v.name, value: v.value ?? Number.NaN }))
      }
    ]
  }
}

/** The investment funnel: signed, landed, started, in production. */
export function funnelOption(stages: Array<{ name: string; value: number }>, t: Translate): ChartOption {
  const max = Math.max(1, ...stages.map((s) => s.value))
  return {
    color: ['#35d0ff', '#3ea8ff', '#3ee0a1', '#ffd166'],
    tooltip: { trigger: 'item', textStyle: FONT, backgroundColor: 'rgba(8, 24, 52, 0.92)', formatter: '{b}：{c}' },
    series: [
      {
        id: 'funnel',
        name: t('cockpit.funnel'),
        type: 'funnel',
        left: '6%',
        right: '6%',
        top: 12,
        bottom: 12,
        min: 0,
        max,
        sort: 'none',
        minSize: '34%',
        gap: 6,
        label: { show: true, position: 'inside', color: '#06203f', fontSize: 17, fontWeight: 600, formatter: '{b}  {c}' },
        itemStyle: { borderWidth: 0 },
        data: stages.map((s) => ({ name: s.name, value: s.value }))
      }
    ]
  }
}

/** Exports and imports by month (bars) against last year's exports (line), workers on a second axis. */
export function trendOption(monthly: TradeMonthly | null, t: Translate): ChartOption {
  const series = new Map((monthly?.series ?? []).map((s) => [s.key, s]))
  const exports = series.get('foreign_trade_export_wan_usd')
  const imports = series.get('foreign_trade_import_wan_usd')
  const workers = series.get('labour_dispatched')
  const num = (values: Array<number | string> | undefined) => (values ?? []).map((v) => Number(v))
  const axisLabel = { color: THEME.muted, fontSize: 13 }
  return {
    color: [THEME.accent, '#3ee0a1', THEME.warm, '#b78cff'],
    tooltip: { trigger: 'axis', textStyle: FONT, backgroundColor: 'rgba(8, 24, 52, 0.92)' },
    legend: { top: 0, textStyle: { color: THEME.text, fontSize: 14 }, itemWidth: 14, itemHeight: 10 },
    grid: { left: 8, right: 8, top: 62, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: (monthly?.months ?? []).map((m) => t('cockpit.month', { m })),
      axisLabel,
      axisLine: { lineStyle: { color: THEME.line } }
    },
    yAxis: [
      {
        type: 'value',
        name: t('cockpit.tradeUnit'),
        nameTextStyle: { color: THEME.muted },
        axisLabel,
        splitLine: { lineStyle: { color: THEME.line } }
      },
      { type: 'value', name: t('cockpit.workersUnit'), nameTextStyle: { color: THEME.muted }, axisLabel, splitLine: { show: false }, minInterval: 1 }
    ],
    series: [
      { id: 'export', name: exports?.title ?? '', type: 'bar', barMaxWidth: 14, data: num(exports?.values) },
      { id: 'import', name: imports?.title ?? '', type: 'bar', barMaxWidth: 14, data: num(imports?.values) },
      {
        id: 'export-last',
        name: t('cockpit.lastYearExport'),
        type: 'line',
        smooth: true,
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2 },
        data: num(exports?.last_year)
      },
      {
        id: 'workers',
        name: workers?.title ?? '',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        symbolSize: 6,
        data: num(workers?.values)
      }
    ]
  }
}
