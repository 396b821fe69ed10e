/** 对外经贸：劳务合作、政策资金、展会与培训、出口备案与监管出口、外贸统计与通报、内贸流通、电子商务进农村、指标。 */
import { http } from '@/utils/http/client'
import { downloadFile } from '@/utils/download'
import { ifMatch, versionFromEtag } from './etag'
import type { ApiPath, BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

/** Every simple record collection of trade-service: list + create here, read/patch/delete under `/{record_id}`. */
export type RecordPath = Extract<
  | '/api/v1/trade/labour/programs'
  | '/api/v1/trade/labour/batches'
  | '/api/v1/trade/labour/exchange-events'
  | '/api/v1/trade/labour/brands'
  | '/api/v1/trade/funds/programs'
  | '/api/v1/trade/funds/grants'
  | '/api/v1/trade/fairs'
  | '/api/v1/trade/fairs/{parent_id}/participants'
  | '/api/v1/trade/trainings'
  | '/api/v1/trade/export-registrations'
  | '/api/v1/trade/shipments'
  | '/api/v1/trade/foreign-trade/stats'
  | '/api/v1/trade/domestic/promotions'
  | '/api/v1/trade/domestic/honours'
  | '/api/v1/trade/domestic/streets'
  | '/api/v1/trade/ecommerce/demo-counties'
  | '/api/v1/trade/ecommerce/village-coverage'
  | '/api/v1/trade/ecommerce/brands'
  | '/api/v1/trade/ecommerce/trainings',
  ApiPath
>

type OnePath<P extends RecordPath> = Extract<`${P}/{record_id}`, ApiPath>

export type RecordOf<P extends RecordPath> = ItemOf<P>
export type RecordPage<P extends RecordPath> = ResponseOf<P, 'get'>
export type RecordQuery<P extends RecordPath> = QueryOf<P, 'get'>
export type RecordCreate<P extends RecordPath> = BodyOf<P, 'post'>
export type RecordUpdate<P extends RecordPath> = BodyOf<OnePath<P>, 'patch'>

/** The fields every trade record answers with. */
export interface BaseRecord {
  id: number
  version: number
  region_code: string
  region_name?: string | null
}

/** What a record table needs from a collection, whatever its row type. */
export interface RecordApi<R extends BaseRecord = BaseRecord> {
  list(query: Record<string, unknown>): Promise<{ items: R[]; total: number }>
  get(id: number): Promise<{ data: R; version: string }>
  create(body: Record<string, unknown>, idempotencyKey: string): Promise<R>
  update(id: number, version: number | string, body: Record<string, unknown>): Promise<R>
  remove(id: number, version: number | string): Promise<void>
}

const seg = (value: string | number) => encodeURIComponent(String(value))

/** The collection URL with its parent filled in (participants live under their fair). */
export function collectionUrl(path: RecordPath, parentId?: number | null): string {
  if (path.includes('{parent_id}')) {
    if (parentId === undefined || parentId === null) throw new Error(`${path} needs a parent id`)
    return path.replace('{parent_id}', seg(parentId))
  }
  return path
}

/** A typed client of one record collection: list, read (with the version from the ETag), create, patch, delete. */
export function recordApi<P extends RecordPath>(path: P, parentId?: number | null): RecordApi<RecordOf<P> & BaseRecord> {
  type Row = RecordOf<P> & BaseRecord
  const base = collectionUrl(path, parentId)
  const one = (id: number) => `${base}/${seg(id)}`
  return {
    async list(query) {
      const res = await http.get<{ items: Row[]; total: number }>(base, { params: query })
      return res.data
    },
    async get(id) {
      const res = await http.get<Row>(one(id))
      return { data: res.data, version: versionFromEtag(res.headers['etag']) ?? String(res.data.version) }
    },
    async create(body, idempotencyKey) {
      const res = await http.post<Row>(base, body, { headers: { 'Idempotency-Key': idempotencyKey } })
      return res.data
    },
    async update(id, version, body) {
      const res = await http.patch<Row>(one(id), body, { headers: { 'If-Match': ifMatch(version) } })
      return res.data
    },
    async remove(id, version) {
      await http.delete(one(id), { headers: { 'If-Match': ifMatch(version) } })
    }
  }
}

// Labour cooperation: workers -----------------------------------------------------------------------------

const WORKERS = '/api/v1/trade/labour/workers' as const
const WORKER = '/api/v1/trade/labour/workers/{worker_id}' as const

export type Worker = ItemOf<typeof WORKERS>
export type WorkerQuery = QueryOf<typeof WORKERS, 'get'>
export type WorkerCreate = BodyOf<typeof WORKERS, 'post'>
export type WorkerUpdate = BodyOf<typeof WORKER, 'patch'>
export type WorkerStatus = Worker['status']
export type WorkerTransition = BodyOf<'/api/v1/trade/labour/workers/{worker_id}/transitions', 'post'>

export const WORKER_STATUSES: readonly WorkerStatus[] = ['registered', 'trained', 'departed', 'returned']

const workerUrl = (id: number) => `${WORKERS}/${seg(id)}`

export async function listWorkers(query: WorkerQuery): Promise<ResponseOf<typeof WORKERS, 'get'>> {
  return (await http.get<ResponseOf<typeof WORKERS, 'get'>>(WORKERS, { params: query })).data
}

export async function getWorker(id: number): Promise<{ data: Worker; version: string }> {
  const res = await http.get<Worker>(workerUrl(id))
  return { data: res.data, version: versionFromEtag(res.headers['etag']) ?? String(res.data.version) }
}

export async function createWorker(body: WorkerCreate, idempotencyKey: string): Promise<Worker> {
  return (await http.post<Worker>(WORKERS, body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

export async function updateWorker(id: number, version: number | string, body: WorkerUpdate): Promise<Worker> {
  return (await http.patch<Worker>(workerUrl(id), body, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function deleteWorker(id: number, version: number | string): Promise<void> {
  await http.delete(workerUrl(id), { headers: { 'If-Match': ifMatch(version) } })
}

/** Moves a worker one step (registered → trained → departed → returned) on a date; refused when the record moved on. */
export async function transitionWorker(id: number, version: number | string, body: WorkerTransition): Promise<Worker> {
  const res = await http.post<Worker>(`${workerUrl(id)}/transitions`, body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}

/** The workers of the filters as XLSX (masked unless the user may read personal data). */
export function exportWorkers(query: Omit<WorkerQuery, 'page' | 'page_size' | 'sort'>): Promise<string> {
  return downloadFile(`${WORKERS}/export`, '外派劳务人员.xlsx', query as Record<string, unknown>)
}

// Indicators ----------------------------------------------------------------------------------------------

export type IndicatorReport = ResponseOf<'/api/v1/trade/indicators', 'get'>
export type Indicator = IndicatorReport['items'][number]
export type IndicatorRank = NonNullable<Indicator['rank']>
export type BreakdownItem = NonNullable<Indicator['breakdown']>[number]

export async function tradeIndicators(period: string, regionCode?: string | null): Promise<IndicatorReport> {
  const params: Record<string, string> = { period }
  if (regionCode) params.region_code = regionCode
  return (await http.get<IndicatorReport>('/api/v1/trade/indicators', { params })).data
}

export type TradeMonthly = ResponseOf<'/api/v1/trade/indicators/monthly', 'get'>

/** Exports, imports and workers dispatched month by month, this year and last (default: this year). */
export async function tradeIndicatorsMonthly(year?: number, regionCode?: string | null): Promise<TradeMonthly> {
  const params: Record<string, string | number> = {}
  if (year) params.year = year
  if (regionCode) params.region_code = regionCode
  return (await http.get<TradeMonthly>('/api/v1/trade/indicators/monthly', { params })).data
}

// Foreign trade statistics and bulletins -----------------------------------------------------------------

export type ImportResult = ResponseOf<'/api/v1/trade/foreign-trade/import', 'post'>
export type Bulletin = ItemOf<'/api/v1/trade/bulletins'>
export type BulletinQuery = QueryOf<'/api/v1/trade/bulletins', 'get'>
export type BulletinDetail = ResponseOf<'/api/v1/trade/bulletins/{bulletin_id}', 'get'>
export type BulletinScope = Bulletin['scope']
export interface BulletinForm {
  indicator_code: string
  period: string
  scope: BulletinScope
  source_document: string
}

export const BULLETIN_SCOPES: readonly BulletinScope[] = ['national', 'province']
/** The indicators a bulletin may rank (the trade service's RANKED_INDICATORS), named in `trade.rankedIndicators`. */
export const RANKED_INDICATORS = [
  'labour_dispatched',
  'labour_exchange_events',
  'fund_disbursed_wan_yuan',
  'shipment_goods_value_wan_yuan',
  'foreign_trade_export_wan_usd',
  'foreign_trade_import_wan_usd',
  'promotion_consumption_yi_yuan',
  'ecommerce_training_person_times'
] as const

export function downloadStatsTemplate(): Promise<string> {
  return downloadFile('/api/v1/trade/foreign-trade/template', '外贸进出口月度统计导入模板.xlsx')
}

/** Imports monthly figures all-or-nothing; a 422 `import.rows_invalid` lists every bad row and stores nothing. */
export async function importStats(file: File): Promise<ImportResult> {
  const form = new FormData()
  form.append('file', file, file.name)
  return (await http.post<ImportResult>('/api/v1/trade/foreign-trade/import', form, { timeout: 120_000 })).data
}

export async function listBulletins(query: BulletinQuery): Promise<ResponseOf<'/api/v1/trade/bulletins', 'get'>> {
  return (await http.get<ResponseOf<'/api/v1/trade/bulletins', 'get'>>('/api/v1/trade/bulletins', { params: query })).data
}

export async function getBulletin(id: number): Promise<BulletinDetail> {
  return (await http.get<BulletinDetail>(`/api/v1/trade/bulletins/${seg(id)}`)).data
}

export function downloadBulletinTemplate(): Promise<string> {
  return downloadFile('/api/v1/trade/bulletins/template', '通报数据导入模板.xlsx')
}

export async function importBulletin(file: File, fields: BulletinForm): Promise<BulletinDetail> {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  return (await http.post<BulletinDetail>('/api/v1/trade/bulletins/import', form, { timeout: 120_000 })).data
}
