/** 回访评价短信链接（公开接口）：企业联系人不登录即可查看诉求摘要并评价一次。 */
import { http } from '@/utils/http/client'
import type { BodyOf, ResponseOf } from './types'

export type RevisitLink = ResponseOf<'/api/v1/public/revisits/{token}', 'get'>
export type RevisitRating = BodyOf<'/api/v1/public/revisits/{token}', 'post'>
export type Satisfaction = RevisitRating['satisfaction']

function path(token: string): string {
  return `/api/v1/public/revisits/${encodeURIComponent(token)}`
}

/** The link's case summary and state; the token in the path is the only credential, no session is sent. */
export async function getRevisitLink(token: string): Promise<RevisitLink> {
  return (await http.get<RevisitLink>(path(token), { skipAuth: true })).data
}

/** Rates the case once through the link. */
export async function submitRevisit(token: string, body: RevisitRating): Promise<RevisitLink> {
  return (await http.post<RevisitLink>(path(token), body, { skipAuth: true })).data
}
