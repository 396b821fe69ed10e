/** 撤单质检：抽中的样本、质检结论（If-Match）与按县区、单位的统计。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type QualitySample = ItemOf<'/api/v1/quality/samples'>
export type QualitySamplePage = ResponseOf<'/api/v1/quality/samples', 'get'>
export type QualitySampleQuery = QueryOf<'/api/v1/quality/samples', 'get'>
export type QualitySampleDetail = ResponseOf<'/api/v1/quality/samples/{sample_id}', 'get'>
export type QualityVerdict = BodyOf<'/api/v1/quality/samples/{sample_id}/review', 'post'>
export type QualityStats = ResponseOf<'/api/v1/quality/stats', 'get'>
export type QualityGroup = QualityStats['total']

const one = (id: number) => `/api/v1/quality/samples/${encodeURIComponent(String(id))}`

export async function listQualitySamples(query: QualitySampleQuery): Promise<QualitySamplePage> {
  return (await http.get<QualitySamplePage>('/api/v1/quality/samples', { params: query })).data
}

export async function getQualitySample(id: number): Promise<QualitySampleDetail> {
  return (await http.get<QualitySampleDetail>(one(id))).data
}

export async function reviewQualitySample(sample: Pick<QualitySample, 'id' | 'version'>, body: QualityVerdict): Promise<QualitySampleDetail> {
  const res = await http.post<QualitySampleDetail>(`${one(sample.id)}/review`, body, { headers: { 'If-Match': ifMatch(sample.version) } })
  return res.data
}

export async function qualityStats(period: string, regionCode?: string): Promise<QualityStats> {
  const params = { period, region_code: regionCode }
  return (await http.get<QualityStats>('/api/v1/quality/stats', { params })).data
}
