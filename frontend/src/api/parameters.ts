/** 系统参数：网关与各业务服务各自的参数（`/api/v1/parameters/<app>`），在一个页面上查看和修改。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { ResponseOf } from './types'

export type Parameter = ResponseOf<'/api/v1/parameters/gateway', 'get'>[number]
export type ParameterValue = Parameter['value']

/** The apps that declare parameters, in the page's order. */
export const PARAMETER_APPS = ['gateway', 'case', 'investment', 'trade'] as const
export type ParameterApp = (typeof PARAMETER_APPS)[number]

export async function listParameters(app: ParameterApp): Promise<Parameter[]> {
  const res = await http.get<Parameter[]>(`/api/v1/parameters/${app}`)
  return res.data
}

export async function updateParameter(app: ParameterApp, key: string, value: ParameterValue, version: number): Promise<Parameter> {
  const res = await http.put<Parameter>(`/api/v1/parameters/${app}/${key}`, { value }, { headers: { 'If-Match': ifMatch(version) } })
  return res.data
}
