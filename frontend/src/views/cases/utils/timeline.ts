/** What a timeline entry shows besides its comment: the units, deadlines, rating and the like it recorded. */
import { dictLabel } from '@/store/modules/dictionary'
import type { CaseEvent } from '@/api/cases'
import { formatDateTime } from '@/utils/format'
import { pausedDurationText } from './timers'

type Translate = (key: string, named?: Record<string, unknown>) => string

const TYPES: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  create: 'info',
  accept: 'primary',
  assign: 'primary',
  sign: 'primary',
  feedback: 'primary',
  submit_result: 'primary',
  approve_result: 'success',
  answer_now: 'success',
  revisit: 'success',
  close: 'success',
  reject: 'danger',
  send_back: 'warning',
  escalate: 'danger',
  request_return: 'warning',
  request_extension: 'warning',
  reopen: 'warning',
  pause: 'warning',
  resume: 'primary',
  supply_material: 'success',
  urge: 'warning',
  attach: 'info',
  supervise: 'danger',
  supervision_reply: 'primary',
  link: 'warning',
  linked: 'warning',
  split: 'primary'
}

export function timelineType(action: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  return TYPES[action] ?? 'info'
}

function unitName(value: unknown): string | null {
  if (value && typeof value === 'object' && 'unit_name' in value) {
    const name = (value as { unit_name?: unknown }).unit_name
    const id = (value as { unit_id?: unknown }).unit_id
    return typeof name === 'string' && name ? name : id !== undefined ? `#${String(id)}` : null
  }
  return null
}

/** Lines of recorded data worth showing, in the UI language. */
export function timelineDetails(event: Pick<CaseEvent, 'action' | 'data'>, t: Translate): string[] {
  const data = (event.data ?? {}) as Record<string, unknown>
  const lines: string[] = []
  const lead = unitName(data.lead_unit)
  if (lead) lines.push(t('case.timeline.leadUnit', { name: lead }))
  if (Array.isArray(data.co_units) && data.co_units.length > 0) {
    lines.push(t('case.timeline.coUnits', { names: data.co_units.map(unitName).filter(Boolean).join('、') }))
  }
  if (typeof data.complexity === 'string' && event.action === 'assign') {
    lines.push(t('case.timeline.complexity', { value: dictLabel('case_complexity', data.complexity) }))
  }
  if (typeof data.resolve_due === 'string' && event.action === 'assign') {
    lines.push(t('case.timeline.resolveDue', { time: formatDateTime(data.resolve_due) }))
  }
  if (typeof data.days === 'number') lines.push(t('case.timeline.days', { n: data.days }))
  if (typeof data.new_due === 'string') lines.push(t('case.timeline.newDue', { time: formatDateTime(data.new_due) }))
  if (typeof data.satisfaction === 'string') lines.push(t('case.timeline.satisfaction', { value: dictLabel('case_satisfaction', data.satisfaction) }))
  if (typeof data.basis === 'string' && data.basis) lines.push(t('case.timeline.basis', { text: data.basis }))
  if (typeof data.into_case_no === 'string') lines.push(t('case.timeline.mergedInto', { no: data.into_case_no }))
  if (typeof data.merged_case_no === 'string') lines.push(t('case.timeline.mergedIn', { no: data.merged_case_no }))
  if (Array.isArray(data.attachment_ids) && data.attachment_ids.length > 0) {
    lines.push(t('case.timeline.attachments', { n: data.attachment_ids.length }))
  }
  if (Array.isArray(data.milestones)) lines.push(t('case.timeline.milestones', { n: data.milestones.length }))
  if (event.action === 'attach' && typeof data.filename === 'string') {
    const kind = typeof data.kind === 'string' ? dictLabel('case_attachment_kind', data.kind) : ''
    lines.push(t('case.timeline.file', { name: data.filename, kind }))
  }
  if (event.action === 'supervise' && typeof data.level === 'string') {
    lines.push(t('case.timeline.supervisionLevel', { level: dictLabel('supervision_level', data.level) }))
    if (typeof data.reply_due === 'string') lines.push(t('case.timeline.replyDue', { time: formatDateTime(data.reply_due) }))
  }
  const routing = data.routing as { rule_name?: unknown; accepted?: unknown } | undefined
  if (routing && typeof routing.rule_name === 'string') {
    lines.push(t(routing.accepted ? 'case.timeline.routing' : 'case.timeline.routingOverride', { name: routing.rule_name }))
  }
  if ((event.action === 'link' || event.action === 'linked') && typeof data.kind === 'string' && typeof data.case_no === 'string') {
    const pct = typeof data.similarity === 'number' ? `${Math.round(data.similarity * 100)}%` : '—'
    lines.push(t('case.timeline.linkedCase', { kind: dictLabel('case_link_kind', String(data.kind)), no: data.case_no, pct }))
  }
  if (event.action === 'split' && Array.isArray(data.case_nos)) {
    lines.push(t('case.timeline.splitInto', { nos: data.case_nos.join('、') }))
  }
  if (typeof data.paused_seconds === 'number') {
    lines.push(t('case.timeline.paused', { text: pausedDurationText(data.paused_seconds, t) }))
  }
  if (typeof data.resumed_by === 'string') lines.push(t(`case.timeline.resumedBy.${data.resumed_by}`))
  if (data.first_feedback === true) lines.push(t('case.timeline.firstFeedback'))
  if (typeof data.comment === 'string' && data.comment) lines.push(t('case.timeline.comment', { text: data.comment }))
  return lines
}
