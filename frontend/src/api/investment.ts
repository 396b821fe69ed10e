/** 招商引资：项目（阶段、推进、到位资金、导入）、“三个一批”批次、外资企业与走访、实际吸收外资、全省通报、指标。 */
import { http } from '@/utils/http/client'
import { downloadFile } from '@/utils/download'
import { ifMatch, versionFromEtag } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

const PROJECT = '/api/v1/projects/{project_id}' as const
const FOREIGN = '/api/v1/foreign-enterprises/{enterprise_id}' as const
const CAPITAL = '/api/v1/foreign-capital/{capital_id}' as const

export type Project = ItemOf<'/api/v1/projects'>
export type ProjectPage = ResponseOf<'/api/v1/projects', 'get'>
export type ProjectQuery = QueryOf<'/api/v1/projects', 'get'>
export type ProjectDetail = ResponseOf<typeof PROJECT, 'get'>
export type ProjectCreate = BodyOf<'/api/v1/projects', 'post'>
export type ProjectUpdate = BodyOf<typeof PROJECT, 'patch'>
export type StageEvent = ProjectDetail['stages'][number]
export type Stage = Project['stage']
export type Category = Project['category']
export type InvestorOrigin = Project['investor']['origin']
export type StepBody = BodyOf<'/api/v1/projects/{project_id}/stage', 'post'>
export type Progress = ResponseOf<'/api/v1/projects/{project_id}/progress', 'get'>['items'][number]
export type ProgressBody = BodyOf<'/api/v1/projects/{project_id}/progress', 'post'>
export type StageCounts = ResponseOf<'/api/v1/projects/stats/by-stage', 'get'>
export type ImportOutcome = ResponseOf<'/api/v1/projects/import', 'post'>

export type Round = ResponseOf<'/api/v1/rounds/{round_id}', 'get'>
export type RoundCreate = BodyOf<'/api/v1/rounds', 'post'>
export type RoundKind = Round['kind']

export type FundList = ResponseOf<'/api/v1/projects/{project_id}/funds', 'get'>
export type Fund = FundList['items'][number]
export type FundCreate = BodyOf<'/api/v1/projects/{project_id}/funds', 'post'>
export type FundCorrection = BodyOf<'/api/v1/projects/{project_id}/funds/{month}', 'put'>
export type FundRow = ItemOf<'/api/v1/project-funds'>
export type FundPage = ResponseOf<'/api/v1/project-funds', 'get'>
export type FundQuery = QueryOf<'/api/v1/project-funds', 'get'>

export type ForeignEnterprise = ItemOf<'/api/v1/foreign-enterprises'>
export type ForeignEnterprisePage = ResponseOf<'/api/v1/foreign-enterprises', 'get'>
export type ForeignEnterpriseQuery = QueryOf<'/api/v1/foreign-enterprises', 'get'>
export type ForeignEnterpriseCreate = BodyOf<'/api/v1/foreign-enterprises', 'post'>
export type ForeignEnterpriseCreated = ResponseOf<'/api/v1/foreign-enterprises', 'post'>
export type ForeignEnterpriseUpdate = BodyOf<typeof FOREIGN, 'patch'>
export type ForeignVisit = ResponseOf<'/api/v1/foreign-enterprises/{enterprise_id}/visits', 'get'>['items'][number]
export type ForeignVisitBody = BodyOf<'/api/v1/foreign-enterprises/{enterprise_id}/visits', 'post'>

export type Capital = ItemOf<'/api/v1/foreign-capital'>
export type CapitalPage = ResponseOf<'/api/v1/foreign-capital', 'get'>
export type CapitalQuery = QueryOf<'/api/v1/foreign-capital', 'get'>
export type CapitalCreate = BodyOf<'/api/v1/foreign-capital', 'post'>
export type CapitalUpdate = BodyOf<typeof CAPITAL, 'patch'>
export type CapitalTotals = ResponseOf<'/api/v1/foreign-capital/totals', 'get'>
export type Caliber = Capital['caliber']

export type Bulletin = ItemOf<'/api/v1/investment/bulletins'>
export type BulletinPage = ResponseOf<'/api/v1/investment/bulletins', 'get'>
export type BulletinDetail = ResponseOf<'/api/v1/investment/bulletins/{bulletin_id}', 'get'>
export type BulletinImportBody = BodyOf<'/api/v1/investment/bulletins', 'post'>
export type IndicatorCode = BulletinImportBody['indicator_code']
export type BulletinScope = Bulletin['scope']

export type Indicators = ResponseOf<'/api/v1/investment/indicators', 'get'>
export type Figure = Indicators['figures'][number]
export type RateFigure = Indicators['rates'][number]
export type IndicatorRank = NonNullable<Figure['rank']>
export type IndicatorsByRegion = ResponseOf<'/api/v1/investment/indicators/by-region', 'get'>
export type MonthlyIndicators = ResponseOf<'/api/v1/investment/indicators/monthly', 'get'>
export type Chain = ResponseOf<'/api/v1/investment/industry-chains', 'get'>['items'][number]
export type ChainCreate = BodyOf<'/api/v1/investment/industry-chains', 'post'>
export type ChainUpdate = BodyOf<'/api/v1/investment/industry-chains/{chain_id}', 'patch'>
/** Who keeps a round or a chain: the province (省级) or a city (市级). */
export type Level = Chain['level']

export const STAGES: readonly Stage[] = [
  'negotiating',
  'signed',
  'landed',
  'started',
  'in_production',
  'at_capacity',
  'stalled',
  'cancelled'
]
export const CATEGORIES: readonly Category[] = [
  'manufacturing',
  'investment_attraction',
  'strategic_emerging',
  'infrastructure',
  'modern_services',
  'social'
]
export const ORIGINS: readonly InvestorOrigin[] = ['local', 'out_of_province', 'foreign']
export const CALIBERS: readonly Caliber[] = ['local', 'mofcom']
export const ROUND_KINDS: readonly RoundKind[] = ['provincial', 'city']

const seg = (value: string | number) => encodeURIComponent(String(value))
const projectPath = (id: string | number) => `/api/v1/projects/${seg(id)}`
const versionOf = (etag: unknown, fallback: number | string) => versionFromEtag(etag as string | undefined) ?? String(fallback)
// Lists repeat a parameter (`stage=a&stage=b`), as the API reads them.
const repeat = { indexes: null }

export async function listProjects(query: ProjectQuery): Promise<ProjectPage> {
  return (await http.get<ProjectPage>('/api/v1/projects', { params: query, paramsSerializer: repeat })).data
}

export async function getProject(id: string | number): Promise<{ data: ProjectDetail; version: string }> {
  const res = await http.get<ProjectDetail>(projectPath(id))
  return { data: res.data, version: versionOf(res.headers['etag'], res.data.version) }
}

export async function createProject(body: ProjectCreate, idempotencyKey: string): Promise<ProjectDetail> {
  const res = await http.post<ProjectDetail>('/api/v1/projects', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function updateProject(id: string | number, version: string | number, body: ProjectUpdate): Promise<ProjectDetail> {
  const res = await http.patch<ProjectDetail>(projectPath(id), body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}

/** One stage step; `If-Match` keeps two officers from stepping the same project at once (412), 409 when not allowed. */
export async function changeStage(id: string | number, version: string | number, body: StepBody): Promise<ProjectDetail> {
  const res = await http.post<ProjectDetail>(`${projectPath(id)}/stage`, body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}

export async function deleteProject(id: string | number, version: string | number): Promise<void> {
  await http.delete(projectPath(id), { headers: { 'If-Match': ifMatch(version) } })
}

export async function listProgress(id: string | number): Promise<Progress[]> {
  return (await http.get<{ items: Progress[] }>(`${projectPath(id)}/progress`)).data.items
}

export async function addProgress(id: string | number, body: ProgressBody, idempotencyKey: string): Promise<Progress> {
  const res = await http.post<Progress>(`${projectPath(id)}/progress`, body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function stageCounts(regionCode?: string | null): Promise<StageCounts> {
  const params = regionCode ? { region_code: regionCode } : undefined
  return (await http.get<StageCounts>('/api/v1/projects/stats/by-stage', { params })).data
}

export function downloadProjectTemplate(): Promise<string> {
  return downloadFile('/api/v1/projects/import-template', '招商项目导入模板.xlsx')
}

/** Uploads the counties' spreadsheet; any bad row stores nothing (422 `import.rows_invalid` with every row's errors). */
export async function importProjects(file: File): Promise<ImportOutcome> {
  const form = new FormData()
  form.append('file', file, file.name)
  return (await http.post<ImportOutcome>('/api/v1/projects/import', form, { timeout: 120_000 })).data
}

export type NextCode = ResponseOf<'/api/v1/projects/next-code', 'get'>

/** The code a new project in the region (and signing round) would get from the round's pattern; editable. */
export async function nextProjectCode(regionCode: string, roundId?: number | null): Promise<NextCode> {
  const params = roundId ? { region_code: regionCode, round_id: roundId } : { region_code: regionCode }
  return (await http.get<NextCode>('/api/v1/projects/next-code', { params })).data
}

export async function listRounds(year?: number | null): Promise<Round[]> {
  const params = year ? { year } : undefined
  return (await http.get<{ items: Round[] }>('/api/v1/rounds', { params })).data.items
}

export async function createRound(body: RoundCreate, idempotencyKey: string): Promise<Round> {
  return (await http.post<Round>('/api/v1/rounds', body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

export type RoundUpdate = BodyOf<'/api/v1/rounds/{round_id}', 'patch'>

/** Changes a round (e.g. its project code pattern); refused when someone saved it meanwhile. */
export async function updateRound(id: number, version: number | string, body: RoundUpdate): Promise<Round> {
  return (await http.patch<Round>(`/api/v1/rounds/${seg(id)}`, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function roundProjects(roundId: number, stage: Stage, page = 1, pageSize = 50): Promise<ProjectPage> {
  const params = { stage, page, page_size: pageSize }
  return (await http.get<ProjectPage>(`/api/v1/rounds/${seg(roundId)}/projects`, { params })).data
}

/** A project's funds in place; with `includeHistory` the superseded revisions too. */
export async function projectFunds(id: string | number, includeHistory = true): Promise<FundList> {
  const params = { include_history: includeHistory }
  return (await http.get<FundList>(`${projectPath(id)}/funds`, { params })).data
}

export async function addFund(id: string | number, body: FundCreate, idempotencyKey: string): Promise<Fund> {
  const res = await http.post<Fund>(`${projectPath(id)}/funds`, body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

/** Corrects a month: a new revision, the old one kept as history; `If-Match` is the revision the user saw. */
export async function correctFund(id: string | number, month: string, revision: number, body: FundCorrection): Promise<Fund> {
  const res = await http.put<Fund>(`${projectPath(id)}/funds/${seg(month)}`, body, { headers: { 'If-Match': ifMatch(revision) } })
  return res.data
}

export async function listFunds(query: FundQuery): Promise<FundPage> {
  return (await http.get<FundPage>('/api/v1/project-funds', { params: query })).data
}

export async function listForeignEnterprises(query: ForeignEnterpriseQuery): Promise<ForeignEnterprisePage> {
  return (await http.get<ForeignEnterprisePage>('/api/v1/foreign-enterprises', { params: query })).data
}

export async function getForeignEnterprise(id: string | number): Promise<{ data: ForeignEnterprise; version: string }> {
  const res = await http.get<ForeignEnterprise>(`/api/v1/foreign-enterprises/${seg(id)}`)
  return { data: res.data, version: versionOf(res.headers['etag'], res.data.version) }
}

export async function createForeignEnterprise(body: ForeignEnterpriseCreate, idempotencyKey: string): Promise<ForeignEnterpriseCreated> {
  const headers = { 'Idempotency-Key': idempotencyKey }
  return (await http.post<ForeignEnterpriseCreated>('/api/v1/foreign-enterprises', body, { headers })).data
}

export async function updateForeignEnterprise(
  id: string | number,
  version: string | number,
  body: ForeignEnterpriseUpdate
): Promise<ForeignEnterprise> {
  const headers = { 'If-Match': ifMatch(version) }
  return (await http.patch<ForeignEnterprise>(`/api/v1/foreign-enterprises/${seg(id)}`, body, { headers })).data
}

export async function listForeignVisits(id: string | number): Promise<ForeignVisit[]> {
  return (await http.get<{ items: ForeignVisit[] }>(`/api/v1/foreign-enterprises/${seg(id)}/visits`)).data.items
}

export async function addForeignVisit(id: string | number, body: ForeignVisitBody, idempotencyKey: string): Promise<ForeignVisit> {
  const headers = { 'Idempotency-Key': idempotencyKey }
  return (await http.post<ForeignVisit>(`/api/v1/foreign-enterprises/${seg(id)}/visits`, body, { headers })).data
}

export async function listCapital(query: CapitalQuery): Promise<CapitalPage> {
  return (await http.get<CapitalPage>('/api/v1/foreign-capital', { params: query })).data
}

/** The total of one caliber: the API never adds the two calibers together, nor does the page. */
export async function capitalTotals(caliber: Caliber, period: string, regionCode?: string | null): Promise<CapitalTotals> {
  const params: Record<string, string> = { caliber, period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<CapitalTotals>('/api/v1/foreign-capital/totals', { params })).data
}

export async function createCapital(body: CapitalCreate, idempotencyKey: string): Promise<Capital> {
  return (await http.post<Capital>('/api/v1/foreign-capital', body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

export async function updateCapital(id: number, version: string | number, body: CapitalUpdate): Promise<Capital> {
  const headers = { 'If-Match': ifMatch(version) }
  return (await http.patch<Capital>(`/api/v1/foreign-capital/${seg(id)}`, body, { headers })).data
}

export async function listBulletins(query: QueryOf<'/api/v1/investment/bulletins', 'get'>): Promise<BulletinPage> {
  return (await http.get<BulletinPage>('/api/v1/investment/bulletins', { params: query })).data
}

export async function getBulletin(id: number): Promise<BulletinDetail> {
  return (await http.get<BulletinDetail>(`/api/v1/investment/bulletins/${seg(id)}`)).data
}

export function downloadBulletinTemplate(): Promise<string> {
  return downloadFile('/api/v1/investment/bulletins/template', '全省通报导入模板.xlsx')
}

/** Imports a provincial bulletin from a file; every bad row is reported and nothing is stored (422). */
export async function importBulletin(
  file: File,
  fields: Omit<BulletinImportBody, 'rows'>
): Promise<BulletinDetail> {
  const form = new FormData()
  form.append('file', file, file.name)
  form.append('indicator_code', fields.indicator_code)
  form.append('period', fields.period)
  form.append('source_document', fields.source_document)
  if (fields.scope) form.append('scope', fields.scope)
  return (await http.post<BulletinDetail>('/api/v1/investment/bulletins', form, { timeout: 120_000 })).data
}

export async function investmentIndicators(period: string, regionCode?: string | null): Promise<Indicators> {
  const params: Record<string, string> = { period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<Indicators>('/api/v1/investment/indicators', { params })).data
}

export async function indicatorsByRegion(period: string, regionCode?: string | null): Promise<IndicatorsByRegion> {
  const params: Record<string, string> = { period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<IndicatorsByRegion>('/api/v1/investment/indicators/by-region', { params })).data
}

export async function indicatorsMonthly(year: number, regionCode?: string | null): Promise<MonthlyIndicators> {
  const params: Record<string, string | number> = { year }
  if (regionCode) params.region_code = regionCode
  return (await http.get<MonthlyIndicators>('/api/v1/investment/indicators/monthly', { params })).data
}

let chainsPending: Promise<Chain[]> | null = null

/** The active industry chains, fetched once per page load. */
export function listChains(): Promise<Chain[]> {
  if (!chainsPending) {
    chainsPending = http
      .get<{ items: Chain[] }>('/api/v1/investment/industry-chains')
      .then((res) => res.data.items)
      .catch((error: unknown) => {
        chainsPending = null
        throw error
      })
  }
  return chainsPending
}

/** Every chain the caller reads (disabled ones too), for the dictionary page: the province's, then its city's. */
export async function listAllChains(): Promise<Chain[]> {
  const params = { include_inactive: true }
  return (await http.get<{ items: Chain[] }>('/api/v1/investment/industry-chains', { params })).data.items
}

export async function createChain(body: ChainCreate, idempotencyKey: string): Promise<Chain> {
  chainsPending = null
  const headers = { 'Idempotency-Key': idempotencyKey }
  return (await http.post<Chain>('/api/v1/investment/industry-chains', body, { headers })).data
}

export async function updateChain(id: number, version: number | string, body: ChainUpdate): Promise<Chain> {
  chainsPending = null
  const headers = { 'If-Match': ifMatch(version) }
  return (await http.patch<Chain>(`/api/v1/investment/industry-chains/${seg(id)}`, body, { headers })).data
}


/** The indicators a provincial bulletin may rank (the figures and the rates of the report). */
export const INDICATOR_CODES: readonly IndicatorCode[] = [
  'projects_signed',
  'contracted_investment',
  'projects_landed',
  'projects_started',
  'projects_in_production',
  'out_of_province_projects',
  'out_of_province_funds',
  'new_foreign_enterprises',
  'foreign_capital_local',
  'foreign_capital_mofcom',
  'performance_rate',
  'start_rate',
  'production_rate',
  'rounds_held'
]
