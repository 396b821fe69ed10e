/**
 * How every page (tags, progress, the enterprise's own list, the timeline) names a case state, through the
 * 业务字典 (`case_state`, `case_closed_reason`), so a closed case is 已销号 / 不予受理 / 已合并 everywhere, never 已关闭.
 */
import { dictLabel } from '@/store/modules/dictionary'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** The word for a case state; a closed case says why it was closed (resolved when the reason is unknown). */
export function caseStateLabel(_t: Translate, state: string, closedReason?: string | null): string {
  if (state === 'CLOSED') return dictLabel('case_closed_reason', closedReason ?? 'resolved')
  return dictLabel('case_state', state)
}

/** Why a case closed, from the action that closed it (a timeline event knows its action, not the reason). */
export function closedReasonOf(action: string): 'rejected' | 'merged' | 'resolved' {
  return action === 'reject' ? 'rejected' : action === 'merge' ? 'merged' : 'resolved'
}

/** A deadline a running case has passed, as the API lists it. */
export interface MissedDeadline {
  kind: string
  label: string
  due: string
}

/** "超签收期限、办结期限": which 13710 deadlines a red or escalated row missed ('' when none). */
export function missedText(t: Translate, missed: readonly MissedDeadline[] | null | undefined): string {
  if (!missed?.length) return ''
  return t('case.missed', { names: missed.map((m) => t(`case.deadlines.${m.kind}`)).join('、') })
}
