/** Where a case stands on the road from submission to 销号, for the progress bar. */
import type { CaseState } from '@/api/cases'

export const PROGRESS_STEPS = ['submit', 'accept', 'assign', 'handle', 'review', 'resolve', 'rate', 'close'] as const
export type ProgressStep = (typeof PROGRESS_STEPS)[number]

const ACTIVE: Record<CaseState, number> = {
  SUBMITTED: 1,
  ACCEPTED: 2,
  ASSIGNED: 3,
  RETURN_REQUESTED: 3,
  IN_PROGRESS: 3,
  EXTENSION_REQUESTED: 3,
  ESCALATED: 3,
  LONG_TERM_TRACKING: 3,
  PENDING_REVIEW: 4,
  PAUSED: 3,
  RESOLVED: 6,
  VISITED: 7,
  CLOSED: 8
}

/**
 * `active` is the index of the step under way (steps before it are done; 8 = all done). A case rejected
 * or merged stops at acceptance with an error mark.
 */
export function progressOf(state: CaseState, closedReason?: string | null): { active: number; status: 'process' | 'finish' | 'error' } {
  if (state === 'CLOSED' && closedReason && closedReason !== 'resolved') return { active: 1, status: 'error' }
  const active = ACTIVE[state] ?? 0
  return { active, status: active >= PROGRESS_STEPS.length ? 'finish' : 'process' }
}

/** The three groups of the enterprise's own list. */
export const SELF_SERVICE_GROUPS: Readonly<Record<'open' | 'toRate' | 'done', readonly CaseState[]>> = {
  open: ['SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'RETURN_REQUESTED', 'IN_PROGRESS', 'EXTENSION_REQUESTED', 'ESCALATED', 'LONG_TERM_TRACKING', 'PENDING_REVIEW', 'PAUSED'],
  toRate: ['RESOLVED'],
  done: ['VISITED', 'CLOSED']
}
