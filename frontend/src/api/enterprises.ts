/** 企业名录。 */
import { http } from '@/utils/http/client'
import { ifMatch, versionFromEtag } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type Enterprise = ResponseOf<'/api/v1/enterprises/{id}', 'get'>
export type EnterpriseRow = ItemOf<'/api/v1/enterprises'>
export type EnterprisePage = ResponseOf<'/api/v1/enterprises', 'get'>
export type EnterpriseQuery = QueryOf<'/api/v1/enterprises', 'get'>
export type EnterpriseCreate = BodyOf<'/api/v1/enterprises', 'post'>
export type EnterpriseUpdate = BodyOf<'/api/v1/enterprises/{id}', 'patch'>
export type EnterpriseSize = Enterprise['size']

export const ENTERPRISE_SIZES: readonly EnterpriseSize[] = ['large', 'medium', 'small', 'micro']

/** Drops empty filters: the API rejects unknown parameters, and empty strings are noise. */
function compact<T extends object>(query: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')
  ) as Partial<T>
}

export async function listEnterprises(query: EnterpriseQuery): Promise<EnterprisePage> {
  const res = await http.get<EnterprisePage>('/api/v1/enterprises', { params: compact(query) })
  return res.data
}

/** The record with the version to send back in `If-Match` (taken from `ETag` when present). */
export async function getEnterprise(id: string | number): Promise<{ data: Enterprise; version: string }> {
  const res = await http.get<Enterprise>(`/api/v1/enterprises/${encodeURIComponent(String(id))}`)
  const version = versionFromEtag(res.headers['etag']) ?? String(res.data.version)
  return { data: res.data, version }
}

export async function createEnterprise(body: EnterpriseCreate, idempotencyKey: string): Promise<Enterprise> {
  const res = await http.post<Enterprise>('/api/v1/enterprises', body, {
    headers: { 'Idempotency-Key': idempotencyKey }
  })
  return res.data
}

export async function updateEnterprise(
  id: string | number,
  version: string | number,
  body: EnterpriseUpdate
): Promise<Enterprise> {
  const res = await http.patch<Enterprise>(
    `/api/v1/enterprises/${encodeURIComponent(String(id))}`,
    body,
    { headers: { 'If-Match': ifMatch(version) } }
  )
  return res.data
}
