/**
 * The cockpit's figures, composed from the endpoints the dashboard already reads: case statistics (13710
 * counters and the open/overdue cases by region), investment indicators (the funnel, funds by region), trade
 * indicators (workers dispatched by county, the monthly trend) and the case list (the most overdue cases).
 * Every request runs as the signed-in leader, so each service applies the leader's data scope.
 */
import dayjs from 'dayjs'
import { listCases, type CaseRow, type CaseState } from '@/api/cases'
import { indicatorsByRegion, investmentIndicators, type Indicators, type IndicatorsByRegion } from '@/api/investment'
import { caseStats, type CaseStats } from '@/api/reports'
import { tradeIndicators, tradeIndicatorsMonthly, type IndicatorReport, type TradeMonthly } from '@/api/trade'

/** What the map is coloured by. */
export type MapIndicator = 'open' | 'overdueRate' | 'funds' | 'workers'
export const MAP_INDICATORS: readonly MapIndicator[] = ['open', 'overdueRate', 'funds', 'workers']

/** The map indicators' units, and whether a value is a percentage. */
export const INDICATOR_UNITS: Record<MapIndicator, string> = {
  open: '件',
  overdueRate: '%',
  funds: '亿元',
  workers: '人'
}

/** States whose resolution clock runs and can pass its deadline (13710's reminded states). */
export const OVERDUE_STATES: readonly CaseState[] = [
  'ASSIGNED',
  'RETURN_REQUESTED',
  'IN_PROGRESS',
  'EXTENSION_REQUESTED',
  'ESCALATED'
]

/** How many overdue cases the list shows. */
export const TOP_OVERDUE = 10

/** GB/T 2260 level of a code: 1 province (xx0000), 2 city (xxyy00), 3 county-level. */
export function regionLevel(code: string): 1 | 2 | 3 {
  if (code.endsWith('0000')) return 1
  if (code.endsWith('00')) return 2
  return 3
}

/**
 * The region a code belongs to on a map of `mapCode`'s children: on a province map the city (a
 * province-administered county such as 济源 419001 stands for itself), on a city map the county-level
 * division itself. Null when the code lies outside the map (a functional zone, another city).
 */
export function featureOf(code: string, mapCode: string, features: ReadonlySet<string>): string | null {
  if (!code.startsWith(mapCode.slice(0, regionLevel(mapCode) === 1 ? 2 : 4))) return null
  const candidate = regionLevel(mapCode) === 1 && !features.has(code) ? `${code.slice(0, 4)}00` : code
  return features.has(candidate) ? candidate : null
}

/** The boundary map a leader's cockpit shows: the province's cities, or the counties of the leader's city. */
export function mapCodeFor(regionCode: string, shipped: (code: string) => boolean): string {
  if (regionLevel(regionCode) === 1) return regionCode
  const city = `${regionCode.slice(0, 4)}00`
  return shipped(city) ? city : `${regionCode.slice(0, 2)}0000`
}

/** Year to date of the current month (Asia/Shanghai is the browser's day on the bureau's screen). */
export function ytdPeriod(today: Date = new Date()): string {
  return `${dayjs(today).format('YYYY-MM')}-YTD`
}

export interface RegionValue {
  code: string
  name: string
  value: number | null
}

/** Sum parts per map region (numerator and denominator), then divide where the indicator is a rate. */
function rollUp(
  parts: Array<{ code: string; value: number; of?: number }>,
  mapCode: string,
  names: ReadonlyMap<string, string>,
  rate: boolean
): RegionValue[] {
  const features = new Set(names.keys())
  const sums = new Map<string, { value: number; of: number }>()
  for (const part of parts) {
    const code = featureOf(part.code, mapCode, features)
    if (!code) continue
    const sum = sums.get(code) ?? { value: 0, of: 0 }
    sum.value += part.value
    sum.of += part.of ?? 0
    sums.set(code, sum)
  }
  return [...names].map(([code, name]) => {
    const sum = sums.get(code)
    if (!sum) return { code, name, value: rate ? null : 0 }
    if (!rate) return { code, name, value: round(sum.value, 2) }
    return { code, name, value: sum.of > 0 ? round((sum.value * 100) / sum.of, 1) : null }
  })
}

function round(value: number, places: number): number {
  const k = 10 ** places
  return Math.round(value * k) / k
}

/** The figures behind the map's colours, for the chosen indicator. */
export interface MapSources {
  cases: CaseStats | null
  funds: IndicatorsByRegion | null
  trade: IndicatorReport | null
}

export function mapValues(
  indicator: MapIndicator,
  sources: MapSources,
  mapCode: string,
  names: ReadonlyMap<string, string>
): RegionValue[] {
  switch (indicator) {
    case 'open':
    case 'overdueRate': {
      const rows = sources.cases?.by_region ?? []
      const parts = rows.map((r) =>
        indicator === 'open'
          ? { code: r.region_code, value: r.snapshot.open }
          : { code: r.region_code, value: r.snapshot.overdue, of: r.snapshot.open }
      )
      return rollUp(parts, mapCode, names, indicator === 'overdueRate')
    }
    case 'funds': {
      const rows = sources.funds?.items ?? []
      const parts = rows.map((r) => ({ code: r.region_code, value: Number(r.values['out_of_province_funds'] ?? 0) }))
      return rollUp(parts, mapCode, names, false)
    }
    case 'workers': {
      const figure = sources.trade?.items.find((i) => i.key === 'labour_dispatched')
      // The breakdown lists counties, then programmes; only region codes fall on the map.
      const parts = (figure?.breakdown ?? [])
        .filter((b) => b.code && /^\d{6}$/.test(b.code))
        .map((b) => ({ code: b.code as string, value: Number(b.value) }))
      return rollUp(parts, mapCode, names, false)
    }
  }
}

/** The four stages of the investment funnel, with the figure codes they read. */
export const FUNNEL_STAGES = [
  'projects_signed',
  'projects_landed',
  'projects_started',
  'projects_in_production'
] as const

export function funnelValues(indicators: Indicators | null): Array<{ code: string; name: string; value: number }> {
  if (!indicators) return []
  return FUNNEL_STAGES.map((code) => {
    const figure = indicators.figures.find((f) => f.code === code)
    return { code, name: figure?.name ?? code, value: Number(figure?.value ?? 0) }
  })
}

/** A case past its resolution deadline, with how many whole days it is late. */
export interface OverdueCase {
  id: number
  caseNo: string
  title: string
  enterprise: string
  region: string
  unit: string
  daysLate: number
  warning: string
  level: CaseRow['warning_level']
}

/** The cases of the list (oldest deadline first) that are past their deadline, at most ten. */
export function overdueCases(rows: CaseRow[], now: Date = new Date()): OverdueCase[] {
  return rows
    .filter((r) => r.resolve_due && dayjs(r.resolve_due).isBefore(now))
    .slice(0, TOP_OVERDUE)
    .map((r) => ({
      id: r.id,
      caseNo: r.case_no ?? '',
      title: r.title,
      enterprise: r.enterprise_name,
      region: r.region_name ?? '',
      unit: r.lead_unit_name ?? '',
      daysLate: Math.max(1, Math.ceil(dayjs(now).diff(dayjs(r.resolve_due), 'hour') / 24)),
      warning: r.warning_label,
      level: r.warning_level
    }))
}

export interface CockpitData {
  cases: CaseStats | null
  investment: Indicators | null
  funds: IndicatorsByRegion | null
  trade: IndicatorReport | null
  monthly: TradeMonthly | null
  overdue: OverdueCase[]
}

/**
 * One round of requests. A part that fails keeps its previous figures (the screen never blanks); the trade
 * indicators, the heaviest answer, are asked only while the map shows workers dispatched.
 */
export async function loadCockpit(
  indicator: MapIndicator,
  previous: CockpitData,
  year: number | null = null,
  now: Date = new Date()
): Promise<CockpitData> {
  // The 13710 block is live: this year to date, open cases as of now. A chosen year shows the investment and
  // trade figures of that whole year (a rehearsal on past data); else this year to date.
  const live = ytdPeriod(now)
  const period = year ? String(year) : live
  const keep = async <T>(request: Promise<T>, old: T): Promise<T> => {
    try {
      return await request
    } catch {
      return old
    }
  }
  const [cases, investment, funds, trade, monthly, overdue] = await Promise.all([
    keep(caseStats({ period: live }), previous.cases),
    keep(investmentIndicators(period), previous.investment),
    keep(indicatorsByRegion(period), previous.funds),
    indicator === 'workers' ? keep(tradeIndicators(period), previous.trade) : Promise.resolve(previous.trade),
    keep(tradeIndicatorsMonthly(year ?? now.getFullYear()), previous.monthly),
    keep(
      listCases({ state: [...OVERDUE_STATES], sort: 'resolve_due', page: 1, page_size: TOP_OVERDUE }).then((page) =>
        overdueCases(page.items, now)
      ),
      previous.overdue
    )
  ])
  return { cases, investment, funds, trade, monthly, overdue }
}

export const EMPTY_DATA: CockpitData = {
  cases: null,
  investment: null,
  funds: null,
  trade: null,
  monthly: null,
  overdue: []
}
