/** 诉求统计（13710 指标）与工作调度报表（JSON 与 XLSX）。 */
import { http } from '@/utils/http/client'
import { downloadFile } from '@/utils/download'
import type { QueryOf, ResponseOf } from './types'

export type CaseStats = ResponseOf<'/api/v1/cases/stats', 'get'>
export type CaseStatsQuery = QueryOf<'/api/v1/cases/stats', 'get'>
export type StatsBlock = CaseStats['all']
export type Rate = StatsBlock['rates']['resolution']
export type RateKey = keyof StatsBlock['rates']
export type UnitStats = CaseStats['by_unit'][number]
export type MonthStats = CaseStats['by_month'][number]
export type CaseReport = ResponseOf<'/api/v1/case-reports/{kind}', 'get'>
export type ReportKind = CaseReport['kind']
export type ReportTable = CaseReport['tables'][number]
export type ReportColumn = ReportTable['columns'][number]
export type RankRow = NonNullable<CaseReport['county_ranking']>[number]

export const REPORT_KINDS: readonly ReportKind[] = ['biweekly', 'monthly', 'quarterly', 'annual']

/** The 13710 statistics: the answer kept for up to a minute, or with `fresh` the figures computed now. */
export async function caseStats(query: CaseStatsQuery, fresh = false): Promise<CaseStats> {
  const headers = fresh ? { 'Cache-Control': 'no-cache' } : undefined
  return (await http.get<CaseStats>('/api/v1/cases/stats', { params: query, headers })).data
}

export async function caseReport(kind: ReportKind, period: string, regionCode?: string | null): Promise<CaseReport> {
  const params: Record<string, string> = { period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<CaseReport>(`/api/v1/case-reports/${encodeURIComponent(kind)}`, { params })).data
}

/** Downloads the report as XLSX through the authenticated client; resolves to the saved file name. */
export function downloadCaseReport(kind: ReportKind, period: string, regionCode?: string | null): Promise<string> {
  const params: Record<string, string> = { period, format: 'xlsx' }
  if (regionCode) params.region_code = regionCode
  return downloadFile(`/api/v1/case-reports/${encodeURIComponent(kind)}`, `case-report-${kind}-${period}.xlsx`, params)
}
