/** 企业名录。 */
import { http } from '@/utils/http/client'
import { ifMatch, versionFromEtag } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

const ONE = '/api/v1/enterprises/{enterprise_id}' as const

export type Enterprise = ResponseOf<typeof ONE, 'get'>
export type EnterpriseRow = ItemOf<'/api/v1/enterprises'>
export type EnterprisePage = ResponseOf<'/api/v1/enterprises', 'get'>
export type EnterpriseQuery = QueryOf<'/api/v1/enterprises', 'get'>
export type EnterpriseCreate = BodyOf<'/api/v1/enterprises', 'post'>
export type EnterpriseCreated = ResponseOf<'/api/v1/enterprises', 'post'>
export type EnterpriseUpdate = BodyOf<typeof ONE, 'patch'>
export type EnterpriseSize = NonNullable<Enterprise['size']>
export type EnterpriseType = NonNullable<Enterprise['enterprise_type']>

export const ENTERPRISE_SIZES: readonly EnterpriseSize[] = ['large', 'medium', 'small', 'micro']

const path = (id: string | number) => `/api/v1/enterprises/${encodeURIComponent(String(id))}`

export async function listEnterprises(query: EnterpriseQuery): Promise<EnterprisePage> {
  const res = await http.get<EnterprisePage>('/api/v1/enterprises', { params: query })
  return res.data
}

/** The record with the version to send back in `If-Match` (taken from `ETag` when present). */
export async function getEnterprise(id: string | number): Promise<{ data: Enterprise; version: string }> {
  const res = await http.get<Enterprise>(path(id))
  const version = versionFromEtag(res.headers['etag']) ?? String(res.data.version)
  return { data: res.data, version }
}

export async function createEnterprise(body: EnterpriseCreate, idempotencyKey: string): Promise<EnterpriseCreated> {
  const res = await http.post<EnterpriseCreated>('/api/v1/enterprises', body, {
    headers: { 'Idempotency-Key': idempotencyKey }
  })
  return res.data
}

export async function updateEnterprise(
  id: string | number,
  version: string | number,
  body: EnterpriseUpdate
): Promise<Enterprise> {
  const res = await http.patch<Enterprise>(path(id), body, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}
