/** 业务字典：各业务枚举的名称、排序、颜色与启用状态（网关 `/api/v1/enumerations`）。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ResponseOf } from './types'

export type Enumeration = ResponseOf<'/api/v1/enumerations', 'get'>[number]
export type EnumerationItem = Enumeration['items'][number]
export type EnumerationItemIn = BodyOf<'/api/v1/enumerations/{key}/{code}', 'put'>

/** Every enumeration; the browser revalidates its copy with the ETag (an unchanged dictionary is a 304). */
export async function listEnumerations(): Promise<Enumeration[]> {
  const res = await http.get<Enumeration[]>('/api/v1/enumerations')
  return res.data
}

export async function updateEnumerationItem(
  key: string,
  code: string,
  body: EnumerationItemIn,
  version: number
): Promise<EnumerationItem> {
  const res = await http.put<EnumerationItem>(`/api/v1/enumerations/${key}/${encodeURIComponent(code)}`, body, {
    headers: { 'If-Match': ifMatch(version) }
  })
  return res.data
}
