/** 督办单：列表、按单位统计、签发、回复。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type SupervisionOrder = ItemOf<'/api/v1/supervision-orders'>
export type SupervisionPage = ResponseOf<'/api/v1/supervision-orders', 'get'>
export type SupervisionQuery = QueryOf<'/api/v1/supervision-orders', 'get'>
export type SupervisionCreate = BodyOf<'/api/v1/supervision-orders', 'post'>
export type SupervisionReply = BodyOf<'/api/v1/supervision-orders/{order_id}/reply', 'post'>
export type SupervisionLevel = SupervisionOrder['level']
export type SupervisionState = SupervisionOrder['state']
export type UnitSupervisionCount = ResponseOf<'/api/v1/supervision-orders/by-unit', 'get'>['items'][number]

export const SUPERVISION_LEVELS: readonly SupervisionLevel[] = ['reminder', 'warning', 'circular']

export async function listSupervisionOrders(query: SupervisionQuery): Promise<SupervisionPage> {
  return (await http.get<SupervisionPage>('/api/v1/supervision-orders', { params: query })).data
}

export async function supervisionByUnit(): Promise<UnitSupervisionCount[]> {
  const res = await http.get<ResponseOf<'/api/v1/supervision-orders/by-unit', 'get'>>('/api/v1/supervision-orders/by-unit')
  return res.data.items
}

export async function issueSupervision(body: SupervisionCreate, idempotencyKey: string): Promise<SupervisionOrder> {
  const res = await http.post<SupervisionOrder>('/api/v1/supervision-orders', body, {
    headers: { 'Idempotency-Key': idempotencyKey }
  })
  return res.data
}

export async function replySupervision(order: Pick<SupervisionOrder, 'id' | 'version'>, body: SupervisionReply): Promise<SupervisionOrder> {
  const res = await http.post<SupervisionOrder>(`/api/v1/supervision-orders/${encodeURIComponent(String(order.id))}/reply`, body, {
    headers: { 'If-Match': ifMatch(order.version) }
  })
  return res.data
}
