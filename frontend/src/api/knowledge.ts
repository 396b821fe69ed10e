/** 知识库：问答维护与检索、从诉求收录、提交诉求时的相关解答、即时解答结果与拦截率。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type KnowledgeEntry = ItemOf<'/api/v1/knowledge-entries'>
export type KnowledgePage = ResponseOf<'/api/v1/knowledge-entries', 'get'>
export type KnowledgeQuery = QueryOf<'/api/v1/knowledge-entries', 'get'>
export type KnowledgeCreate = BodyOf<'/api/v1/knowledge-entries', 'post'>
export type KnowledgeUpdate = BodyOf<'/api/v1/knowledge-entries/{entry_id}', 'patch'>
export type KnowledgeStatus = KnowledgeEntry['status']
export type KnowledgeDraft = ResponseOf<'/api/v1/cases/{case_id}/knowledge-draft', 'get'>
export type SuggestionList = ResponseOf<'/api/v1/knowledge-entries/suggestions', 'get'>
export type Suggestion = SuggestionList['items'][number]
export type OutcomeCreate = BodyOf<'/api/v1/knowledge-entries/outcomes', 'post'>
export type DeflectionStats = ResponseOf<'/api/v1/knowledge-entries/deflection-rate', 'get'>

export const KNOWLEDGE_STATUSES: readonly KnowledgeStatus[] = ['draft', 'published', 'retired']
const BASE = '/api/v1/knowledge-entries'
const one = (id: number) => `${BASE}/${encodeURIComponent(String(id))}`

export async function listKnowledge(query: KnowledgeQuery): Promise<KnowledgePage> {
  return (await http.get<KnowledgePage>(BASE, { params: query })).data
}

export async function createKnowledge(body: KnowledgeCreate, idempotencyKey: string): Promise<KnowledgeEntry> {
  return (await http.post<KnowledgeEntry>(BASE, body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

export async function updateKnowledge(entry: Pick<KnowledgeEntry, 'id' | 'version'>, body: KnowledgeUpdate): Promise<KnowledgeEntry> {
  return (await http.patch<KnowledgeEntry>(one(entry.id), body, { headers: { 'If-Match': ifMatch(entry.version) } })).data
}

export async function knowledgeDraft(caseId: number): Promise<KnowledgeDraft> {
  return (await http.get<KnowledgeDraft>(`/api/v1/cases/${encodeURIComponent(String(caseId))}/knowledge-draft`)).data
}

export async function knowledgeSuggestions(q: string): Promise<SuggestionList> {
  return (await http.get<SuggestionList>(`${BASE}/suggestions`, { params: { q } })).data
}

export async function recordOutcome(body: OutcomeCreate): Promise<void> {
  await http.post(`${BASE}/outcomes`, body)
}

export async function deflectionRate(period: string, regionCode?: string): Promise<DeflectionStats> {
  const params = { period, region_code: regionCode }
  return (await http.get<DeflectionStats>(`${BASE}/deflection-rate`, { params })).data
}
