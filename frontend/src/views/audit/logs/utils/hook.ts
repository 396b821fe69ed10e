import { ref } from 'vue'
import { listAuditLogs, type AuditLog, type AuditLogQuery } from '@/api/audit'
import { usePagedList } from '@/utils/paged'
import { timeRangeParams } from '@/utils/period'
import type { AuditSearch } from './types'

/** Search bar → query parameters; times as ISO 8601 with the browser's offset. */
export function toAuditQuery(search: AuditSearch, page: number, pageSize: number): AuditLogQuery {
  const query: AuditLogQuery = { page, page_size: pageSize }
  if (search.service) query.service = search.service
  if (search.actor.trim()) query.actor = search.actor.trim()
  // A group is a code prefix: `user.` finds user.create and user.update, never user_session.x.
  if (search.action.trim()) query.action = `${search.action.trim()}.`
  if (search.entity_id.trim()) query.entity_id = search.entity_id.trim()
  return { ...query, ...timeRangeParams(search.range) }
}

export function useAuditLogs() {
  /** Services that did not answer: their entries are missing from the page. */
  const partial = ref<string[]>([])
  const list = usePagedList<AuditLog, AuditSearch>(
    async (page, pageSize, filters) => {
      const result = await listAuditLogs(toAuditQuery(filters, page, pageSize))
      partial.value = result.partial ?? []
      return result
    },
    () => ({ service: '', actor: '', action: '', entity_id: '', range: null })
  )
  return { ...list, partial }
}

export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return '—'
  return JSON.stringify(value, null, 2)
}
