/** 服务监控（系统管理员，只读）：网关与各业务服务的运行状态。 */
import { http } from '@/utils/http/client'
import type { ResponseOf } from './types'

export type MonitorReport = ResponseOf<'/api/v1/system/monitor', 'get'>
export type AppStatus = MonitorReport['apps'][number]

export async function getMonitor(): Promise<MonitorReport> {
  const res = await http.get<MonitorReport>('/api/v1/system/monitor')
  return res.data
}
