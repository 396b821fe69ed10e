/** 工作台统计。 */
import { http } from '@/utils/http/client'
import type { ResponseOf } from './types'

export type StatsByRegion = ResponseOf<'/api/v1/enterprises/stats/by-region', 'get'>
export type StatsByIndustry = ResponseOf<'/api/v1/enterprises/stats/by-industry', 'get'>

export async function enterprisesByRegion(): Promise<StatsByRegion> {
  const res = await http.get<StatsByRegion>('/api/v1/enterprises/stats/by-region')
  return res.data
}

export async function enterprisesByIndustry(): Promise<StatsByIndustry> {
  const res = await http.get<StatsByIndustry>('/api/v1/enterprises/stats/by-industry')
  return res.data
}
