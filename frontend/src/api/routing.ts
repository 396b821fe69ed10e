/** 交办规则目录：规则维护（市局）、交办建议、建议采纳率与退单率。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type RoutingRule = ItemOf<'/api/v1/routing-rules'>
export type RoutingRulePage = ResponseOf<'/api/v1/routing-rules', 'get'>
export type RoutingRuleQuery = QueryOf<'/api/v1/routing-rules', 'get'>
export type RoutingRuleCreate = BodyOf<'/api/v1/routing-rules', 'post'>
export type RoutingRuleUpdate = BodyOf<'/api/v1/routing-rules/{rule_id}', 'patch'>
export type RoutingProposal = ResponseOf<'/api/v1/cases/{case_id}/routing-proposals', 'get'>['items'][number]
export type RoutingStats = ResponseOf<'/api/v1/routing-rules/stats', 'get'>
export type RuleStats = RoutingStats['by_rule'][number]

const one = (id: number) => `/api/v1/routing-rules/${encodeURIComponent(String(id))}`

export async function listRoutingRules(query: RoutingRuleQuery): Promise<RoutingRulePage> {
  return (await http.get<RoutingRulePage>('/api/v1/routing-rules', { params: query })).data
}

export async function createRoutingRule(body: RoutingRuleCreate, idempotencyKey: string): Promise<RoutingRule> {
  const res = await http.post<RoutingRule>('/api/v1/routing-rules', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return res.data
}

export async function updateRoutingRule(rule: Pick<RoutingRule, 'id' | 'version'>, body: RoutingRuleUpdate): Promise<RoutingRule> {
  const res = await http.patch<RoutingRule>(one(rule.id), body, { headers: { 'If-Match': ifMatch(rule.version) } })
  return res.data
}

export async function deleteRoutingRule(rule: Pick<RoutingRule, 'id' | 'version'>): Promise<void> {
  await http.delete(one(rule.id), { headers: { 'If-Match': ifMatch(rule.version) } })
}

export async function routingProposals(caseId: number): Promise<RoutingProposal[]> {
  const url = `/api/v1/cases/${encodeURIComponent(String(caseId))}/routing-proposals`
  return (await http.get<ResponseOf<'/api/v1/cases/{case_id}/routing-proposals', 'get'>>(url)).data.items
}

export async function routingStats(period: string, regionCode?: string): Promise<RoutingStats> {
  const params = { period, region_code: regionCode }
  return (await http.get<RoutingStats>('/api/v1/routing-rules/stats', { params })).data
}
