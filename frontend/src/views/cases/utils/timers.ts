/** The 13710 deadlines of a case as the user reads them: "还剩1天", "已超期2天", done on time or late. */
import type { CaseDetail, CaseRow, CaseState } from '@/api/cases'

const HOUR = 3_600_000
const DAY = 24 * HOUR

type Translate = (key: string, named?: Record<string, unknown>) => string

/** A deadline seen from `now`: time left, or time past. */
export interface RelativeDue {
  overdue: boolean
  /** `lessThanHour` when under an hour either way. */
  unit: 'day' | 'hour' | 'lessThanHour'
  n: number
}

const toMs = (value: string | Date) => (value instanceof Date ? value.getTime() : new Date(value).getTime())

/**
 * Time left rounds up to whole days (a 7-day deadline set a minute ago has 7 days left) and shows hours
 * under a day; time past counts whole days (2.5 days late is "2 days"), hours under a day.
 */
export function relativeDue(due: string | Date, now: Date | number = Date.now()): RelativeDue {
  const diff = toMs(due) - (typeof now === 'number' ? now : now.getTime())
  const abs = Math.abs(diff)
  const overdue = diff < 0
  if (abs < HOUR) return { overdue, unit: 'lessThanHour', n: 0 }
  if (abs < DAY) {
    const hours = overdue ? Math.floor(abs / HOUR) : Math.ceil(abs / HOUR)
    return hours >= 24 ? { overdue, unit: 'day', n: 1 } : { overdue, unit: 'hour', n: hours }
  }
  return { overdue, unit: 'day', n: overdue ? Math.floor(abs / DAY) : Math.ceil(abs / DAY) }
}

/** The sentence of a {@link relativeDue}. */
export function relativeDueText(rel: RelativeDue, t: Translate): string {
  const side = rel.overdue ? 'overdue' : 'left'
  if (rel.unit === 'lessThanHour') return t(`case.due.${side}LessThanHour`)
  return t(`case.due.${side}${rel.unit === 'day' ? 'Days' : 'Hours'}`, { n: rel.n })
}

export type TimerStatus = 'none' | 'running' | 'overdue' | 'done' | 'doneLate' | 'review'

/** Where one deadline stands: not set, running, past, met or met late. */
export function timerStatus(due: string | null | undefined, doneAt: string | null | undefined, now: Date | number = Date.now()): TimerStatus {
  if (!due) return doneAt ? 'done' : 'none'
  if (doneAt) return toMs(doneAt) <= toMs(due) ? 'done' : 'doneLate'
  return toMs(due) < (typeof now === 'number' ? now : now.getTime()) ? 'overdue' : 'running'
}

/** States in which the 13710 clock runs (as the backend's `TIMED_STATES`). */
export const TIMED_STATES: ReadonlySet<CaseState> = new Set<CaseState>([
  'ASSIGNED',
  'RETURN_REQUESTED',
  'IN_PROGRESS',
  'EXTENSION_REQUESTED',
  'ESCALATED',
  'LONG_TERM_TRACKING',
  'PENDING_REVIEW',
  'PAUSED'
])

/**
 * The instant the clock stands at: a paused case (等待企业补充材料) keeps the time left it had when paused,
 * so its 剩余时限 and colour freeze; otherwise now.
 */
export function clockOf(item: Pick<CaseRow, 'state'> & Partial<Pick<CaseRow, 'paused_at'>>, now: Date | number = Date.now()): number {
  const at = typeof now === 'number' ? now : now.getTime()
  return item.state === 'PAUSED' && item.paused_at ? Math.min(toMs(item.paused_at), at) : at
}

export interface CaseTimer {
  key: 'sign' | 'feedback' | 'resolve'
  due: string | null
  doneAt: string | null
  status: TimerStatus
}

/**
 * The three 13710 deadlines of a case. The resolution is done only once the county reviewed and approved the
 * result: until then a submitted result is `review` (never "按期完成"); once approved it is judged by its
 * submission, where the clock stopped (as the backend's on-time count).
 */
export function caseTimers(item: Pick<CaseDetail, 'sign_due' | 'signed_at' | 'first_feedback_due' | 'first_feedback_at' | 'resolve_due' | 'resolved_at' | 'result_submitted_at'>, now: Date | number = Date.now()): CaseTimer[] {
  const resolvedAt = item.resolved_at ? (item.result_submitted_at ?? item.resolved_at) : null
  const resolve: CaseTimer = item.resolved_at || !item.result_submitted_at
    ? { key: 'resolve', due: item.resolve_due, doneAt: resolvedAt, status: timerStatus(item.resolve_due, resolvedAt, now) }
    : { key: 'resolve', due: item.resolve_due, doneAt: item.result_submitted_at, status: 'review' }
  return [
    { key: 'sign', due: item.sign_due, doneAt: item.signed_at, status: timerStatus(item.sign_due, item.signed_at, now) },
    {
      key: 'feedback',
      due: item.first_feedback_due,
      doneAt: item.first_feedback_at,
      status: timerStatus(item.first_feedback_due, item.first_feedback_at, now)
    },
    resolve
  ]
}

/**
 * The due text of a list row: time left or past on the resolution deadline while the clock runs;
 * otherwise what happened to it (resolved on time or late), or nothing.
 */
export function rowDueText(
  row: Pick<CaseRow, 'state' | 'resolve_due' | 'resolved_at'> & Partial<Pick<CaseRow, 'paused_at'>>,
  t: Translate,
  now: Date | number = Date.now()
): { text: string; overdue: boolean } {
  if (!row.resolve_due) return { text: t('common.none'), overdue: false }
  if (row.resolved_at) {
    const late = timerStatus(row.resolve_due, row.resolved_at) === 'doneLate'
    return { text: t(late ? 'case.due.resolvedLate' : 'case.due.resolvedOnTime'), overdue: false }
  }
  if (row.state === 'PENDING_REVIEW') return { text: t('case.due.waitingReview'), overdue: false }
  if (!TIMED_STATES.has(row.state)) return { text: t('common.none'), overdue: false }
  const rel = relativeDue(row.resolve_due, clockOf(row, now))
  if (row.state === 'PAUSED') return { text: t('case.due.paused', { text: relativeDueText(rel, t) }), overdue: rel.overdue }
  return { text: relativeDueText(rel, t), overdue: rel.overdue }
}

/** Paused time (seconds, as the deadlines were moved by it) in days and hours. */
export function pausedDurationText(seconds: number, t: Translate): string {
  const days = Math.floor(seconds / 86400)
  const hours = Math.round((seconds % 86400) / 3600)
  if (days > 0) return hours > 0 ? t('case.timers.daysHours', { d: days, h: hours }) : t('case.timers.days', { d: days })
  return t('case.timers.hours', { h: Math.max(hours, 1) })
}
