/** 诉求办理：列表、登记、详情、时间线、流转动作、分类、附件。 */
import { http } from '@/utils/http/client'
import { ifMatch, versionFromEtag } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

const ONE = '/api/v1/cases/{case_id}' as const

export type CaseRow = ItemOf<'/api/v1/cases'>
export type CasePage = ResponseOf<'/api/v1/cases', 'get'>
export type CaseQuery = QueryOf<'/api/v1/cases', 'get'>
export type CaseCreate = BodyOf<'/api/v1/cases', 'post'>
export type CaseDetail = ResponseOf<typeof ONE, 'get'>
export type CaseUpdate = BodyOf<typeof ONE, 'patch'>
export type CaseEvent = ResponseOf<'/api/v1/cases/{case_id}/events', 'get'>['items'][number]
export type CaseState = CaseRow['state']
export type CaseSource = CaseRow['source']
export type WarningLevel = CaseRow['warning_level']
export type Urgency = CaseRow['urgency']
export type Complexity = CaseRow['complexity']
export type Satisfaction = NonNullable<CaseRow['satisfaction']>
export type CaseAction = CaseDetail['allowed_actions'][number]
export type TransitionTable = ResponseOf<'/api/v1/cases/transitions', 'get'>
export type Category = ResponseOf<'/api/v1/case-categories', 'get'>['items'][number]
export type Attachment = ResponseOf<'/api/v1/cases/{case_id}/attachments', 'get'>['items'][number]
export type AttachmentKind = Attachment['kind']

/** The JSON body of each lifecycle action, straight from `POST /api/v1/cases/{id}/<action>`. */
export type ActionBodies = {
  [A in CaseAction]: NonNullable<BodyOf<`/api/v1/cases/{case_id}/${A}`, 'post'>>
}

export const CASE_STATES: readonly CaseState[] = [
  'SUBMITTED',
  'ACCEPTED',
  'ASSIGNED',
  'RETURN_REQUESTED',
  'IN_PROGRESS',
  'EXTENSION_REQUESTED',
  'ESCALATED',
  'LONG_TERM_TRACKING',
  'PENDING_REVIEW',
  'PAUSED',
  'RESOLVED',
  'VISITED',
  'CLOSED'
]
export const CASE_SOURCES: readonly CaseSource[] = ['superior', 'enterprise', 'visit', 'hotline', 'leader']
export const WARNING_LEVELS: readonly WarningLevel[] = ['green', 'yellow', 'red', 'escalated']
export const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'critical']
export const COMPLEXITIES: readonly Complexity[] = ['ordinary', 'major']
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied']

const seg = (value: string | number) => encodeURIComponent(String(value))
const path = (id: string | number) => `/api/v1/cases/${seg(id)}`

export async function listCases(query: CaseQuery): Promise<CasePage> {
  // `state` repeats (`state=A&state=B`), as the API reads lists.
  const res = await http.get<CasePage>('/api/v1/cases', { params: query, paramsSerializer: { indexes: null } })
  return res.data
}

export async function getCase(id: string | number): Promise<{ data: CaseDetail; version: string }> {
  const res = await http.get<CaseDetail>(path(id))
  return { data: res.data, version: versionFromEtag(res.headers['etag']) ?? String(res.data.version) }
}

export async function createCase(body: CaseCreate, idempotencyKey: string): Promise<CaseDetail> {
  const res = await http.post<CaseDetail>('/api/v1/cases', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function updateCase(id: string | number, version: string | number, body: CaseUpdate): Promise<CaseDetail> {
  const res = await http.patch<CaseDetail>(path(id), body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}

export async function listCaseEvents(id: string | number): Promise<CaseEvent[]> {
  const res = await http.get<ResponseOf<'/api/v1/cases/{case_id}/events', 'get'>>(`${path(id)}/events`)
  return res.data.items
}

/**
 * Runs one lifecycle action. `If-Match` carries the version the user saw, so an action on a case that
 * changed meanwhile is refused instead of applied blindly; the key makes a retried click harmless.
 */
export async function performAction<A extends CaseAction>(
  id: string | number,
  action: A,
  body: ActionBodies[A],
  options: { version?: string | number; idempotencyKey: string }
): Promise<CaseDetail> {
  const headers: Record<string, string> = { 'Idempotency-Key': options.idempotencyKey }
  if (options.version !== undefined) headers['If-Match'] = ifMatch(options.version)
  const res = await http.post<CaseDetail>(`${path(id)}/${action}`, body, { headers })
  return res.data
}

export async function transitionTable(): Promise<TransitionTable> {
  return (await http.get<TransitionTable>('/api/v1/cases/transitions')).data
}

let categoriesPending: Promise<Category[]> | null = null

/** The active categories, fetched once per page load. */
export function listCategories(): Promise<Category[]> {
  if (!categoriesPending) {
    categoriesPending = http
      .get<ResponseOf<'/api/v1/case-categories', 'get'>>('/api/v1/case-categories')
      .then((res) => res.data.items)
      .catch((error: unknown) => {
        categoriesPending = null
        throw error
      })
  }
  return categoriesPending
}

export type CategoryCreate = BodyOf<'/api/v1/case-categories', 'post'>
export type CategoryUpdate = BodyOf<'/api/v1/case-categories/{category_id}', 'patch'>

/** Every category the caller's level reads (the province's, its city's, its own), disabled ones included. */
export async function listAllCategories(): Promise<Category[]> {
  const res = await http.get<ResponseOf<'/api/v1/case-categories', 'get'>>('/api/v1/case-categories', {
    params: { include_inactive: true }
  })
  return res.data.items
}

/** A category at the caller's own level (a city's addition). */
export async function createCategory(body: CategoryCreate, idempotencyKey: string): Promise<Category> {
  const res = await http.post<Category>('/api/v1/case-categories', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  categoriesPending = null
  return res.data
}

/** Rename, reorder, enable or disable a category kept at the caller's own level. */
export async function updateCategory(category: Pick<Category, 'id' | 'version'>, body: CategoryUpdate): Promise<Category> {
  const url = `/api/v1/case-categories/${encodeURIComponent(String(category.id))}`
  const res = await http.patch<Category>(url, body, { headers: { 'If-Match': ifMatch(category.version) } })
  categoriesPending = null
  return res.data
}

export async function listAttachments(caseId: string | number): Promise<Attachment[]> {
  const res = await http.get<ResponseOf<'/api/v1/cases/{case_id}/attachments', 'get'>>(`${path(caseId)}/attachments`)
  return res.data.items
}

export async function uploadAttachment(
  caseId: string | number,
  file: File,
  kind: AttachmentKind,
  onProgress?: (percent: number) => void
): Promise<Attachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  form.append('kind', kind)
  const res = await http.post<Attachment>(`${path(caseId)}/attachments`, form, {
    timeout: 120_000,
    onUploadProgress: (event) => {
      if (onProgress && event.total) onProgress(Math.round((event.loaded / event.total) * 100))
    }
  })
  return res.data
}

// --- bulk actions (批量交办 / 批量催办 / 批量销号): answered per row -----------------------------------------

export type BulkAction = 'assign' | 'urge' | 'close'
export type BulkResult = ResponseOf<'/api/v1/cases/bulk/close', 'post'>
export type BulkRowResult = BulkResult['items'][number]
export type BulkAssignBody = BodyOf<'/api/v1/cases/bulk/assign', 'post'>
export type BulkBody = BodyOf<'/api/v1/cases/bulk/close', 'post'>

/** Runs one action over many cases; each row says whether it went through and, if not, why (in Chinese). */
export async function bulkAction<A extends BulkAction>(
  action: A,
  body: A extends 'assign' ? BulkAssignBody : BulkBody,
  idempotencyKey: string
): Promise<BulkResult> {
  const res = await http.post<BulkResult>(`/api/v1/cases/bulk/${action}`, body, {
    headers: { 'Idempotency-Key': idempotencyKey }
  })
  return res.data
}

// --- saved views (我的视图) -----------------------------------------------------------------------------

export type CaseView = ResponseOf<'/api/v1/case-views', 'get'>['items'][number]
export type CaseViewFilters = CaseView['filters']
export type CaseViewCreate = BodyOf<'/api/v1/case-views', 'post'>
export type CaseViewUpdate = BodyOf<'/api/v1/case-views/{view_id}', 'patch'>

export async function listCaseViews(): Promise<CaseView[]> {
  const res = await http.get<ResponseOf<'/api/v1/case-views', 'get'>>('/api/v1/case-views', {
    params: { page_size: 100 }
  })
  return res.data.items
}

export async function createCaseView(body: CaseViewCreate, idempotencyKey: string): Promise<CaseView> {
  const res = await http.post<CaseView>('/api/v1/case-views', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function updateCaseView(id: number, version: number, body: CaseViewUpdate): Promise<CaseView> {
  const res = await http.patch<CaseView>(`/api/v1/case-views/${seg(id)}`, body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}

export async function deleteCaseView(id: number, version: number): Promise<void> {
  await http.delete(`/api/v1/case-views/${seg(id)}`, { headers: { 'If-Match': ifMatch(version) } })
}
