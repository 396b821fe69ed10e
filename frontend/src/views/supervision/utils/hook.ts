/** Supervision orders: list query, issue body, reply. */
import dayjs from 'dayjs'
import { listSupervisionOrders, type SupervisionCreate, type SupervisionOrder, type SupervisionQuery } from '@/api/supervision'
import { usePagedList } from '@/utils/paged'
import type { SupervisionFormModel, SupervisionSearch } from './types'

export function toSupervisionQuery(filters: SupervisionSearch, page: number, pageSize: number, caseId?: number): SupervisionQuery {
  const query: SupervisionQuery = { page, page_size: pageSize }
  if (filters.state) query.state = filters.state
  if (filters.level) query.level = filters.level
  if (filters.overdue !== '') query.overdue = filters.overdue === 'true'
  if (filters.unit_id) query.unit_id = filters.unit_id
  if (caseId) query.case_id = caseId
  return query
}

export function emptySupervisionForm(caseId?: number | null): SupervisionFormModel {
  return {
    target: caseId ? 'case' : 'unit',
    case_id: caseId ?? null,
    unit_id: null,
    level: 'reminder',
    content: '',
    // Three days to reply, by the end of the working day.
    reply_due: dayjs().add(3, 'day').hour(18).minute(0).second(0).format('YYYY-MM-DD HH:mm:ss')
  }
}

/** The issue body: the reply deadline as an instant with its offset (the API wants an aware time). */
export function supervisionBody(form: SupervisionFormModel, unitName: string | null): SupervisionCreate {
  const base = { level: form.level, content: form.content.trim(), reply_due: dayjs(form.reply_due).format() }
  return form.target === 'case'
    ? { ...base, case_id: form.case_id }
    : { ...base, unit_id: form.unit_id, unit_name: unitName }
}

export function useSupervisionList(caseId?: number) {
  return usePagedList<SupervisionOrder, SupervisionSearch>(
    (page, pageSize, filters) => listSupervisionOrders(toSupervisionQuery(filters, page, pageSize, caseId)),
    () => ({ state: '', level: '', overdue: '', unit_id: null })
  )
}
