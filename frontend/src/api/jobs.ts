/** 定时任务（系统管理员）：各应用的定时任务、运行记录，暂停、恢复与立即执行。 */
import { http } from '@/utils/http/client'
import type { ItemOf, QueryOf, ResponseOf } from './types'

export type JobsReport = ResponseOf<'/api/v1/system/jobs', 'get'>
export type AppJobs = JobsReport['apps'][number]
export type JobStatus = AppJobs['jobs'][number]
export type JobRun = ItemOf<'/api/v1/system/jobs/runs'>
export type JobRunPage = ResponseOf<'/api/v1/system/jobs/runs', 'get'>
export type JobRunQuery = QueryOf<'/api/v1/system/jobs/runs', 'get'>
export type JobAction = 'pause' | 'resume' | 'run'

export async function getJobs(): Promise<JobsReport> {
  const res = await http.get<JobsReport>('/api/v1/system/jobs')
  return res.data
}

export async function listJobRuns(query: JobRunQuery): Promise<JobRunPage> {
  const res = await http.get<JobRunPage>('/api/v1/system/jobs/runs', { params: query })
  return res.data
}

export async function steerJob(app: AppJobs['app'], job: string, action: JobAction): Promise<JobStatus> {
  const res = await http.post<JobStatus>(`/api/v1/system/jobs/${app}/${encodeURIComponent(job)}/${action}`)
  return res.data
}
