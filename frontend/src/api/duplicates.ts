/** 重复诉求：相似诉求、关联、拆分、重复诉求率。 */
import { http } from '@/utils/http/client'
import type { BodyOf, QueryOf, ResponseOf } from './types'

export type SimilarList = ResponseOf<'/api/v1/cases/similar', 'get'>
export type SimilarCase = SimilarList['items'][number]
export type SimilarQuery = QueryOf<'/api/v1/cases/similar', 'get'>
export type CaseLink = ResponseOf<'/api/v1/cases/{case_id}/links', 'get'>['items'][number]
export type LinkCreate = BodyOf<'/api/v1/cases/{case_id}/links', 'post'>
export type LinkKind = CaseLink['kind']
export type SplitBody = BodyOf<'/api/v1/cases/{case_id}/split', 'post'>
export type SplitResult = ResponseOf<'/api/v1/cases/{case_id}/split', 'post'>
export type RepeatStats = ResponseOf<'/api/v1/cases/repeat-rate', 'get'>

export const LINK_KINDS: readonly LinkKind[] = ['related', 'duplicate', 'split']

const path = (id: number, tail: string) => `/api/v1/cases/${encodeURIComponent(String(id))}/${tail}`

export async function similarAtIntake(query: SimilarQuery): Promise<SimilarList> {
  return (await http.get<SimilarList>('/api/v1/cases/similar', { params: query })).data
}

export async function similarCases(caseId: number): Promise<SimilarList> {
  return (await http.get<SimilarList>(path(caseId, 'similar'))).data
}

export async function listLinks(caseId: number): Promise<CaseLink[]> {
  return (await http.get<{ items: CaseLink[] }>(path(caseId, 'links'))).data.items
}

export async function createLink(caseId: number, body: LinkCreate, idempotencyKey: string): Promise<CaseLink[]> {
  const res = await http.post<{ items: CaseLink[] }>(path(caseId, 'links'), body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data.items
}

export async function splitCase(caseId: number, body: SplitBody, idempotencyKey: string): Promise<SplitResult> {
  const res = await http.post<SplitResult>(path(caseId, 'split'), body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function repeatRate(period: string, regionCode?: string): Promise<RepeatStats> {
  const params = { period, region_code: regionCode }
  return (await http.get<RepeatStats>('/api/v1/cases/repeat-rate', { params })).data
}
