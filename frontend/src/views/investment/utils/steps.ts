/** A refused stage step (409): what the server said and which steps it allows now. */
import { dictLabel } from '@/store/modules/dictionary'
import type { Stage } from '@/api/investment'
import { ApiError } from '@/utils/http'

type Translate = (key: string, named?: Record<string, unknown>) => string

export interface StepRefusal {
  detail: string
  allowed: Stage[]
  allowedText: string
}

/** The refusal of a 409 step, or null for any other error. */
export function refusalOf(error: unknown, t: Translate): StepRefusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null
  const raw = error.problem?.allowed
  const allowed = Array.isArray(raw) ? (raw.filter((s) => typeof s === 'string') as Stage[]) : []
  const names = allowed.map((s) => dictLabel('investment_stage', s))
  return {
    detail: error.problem?.detail ?? t('investment.step.refusedTitle'),
    allowed,
    allowedText: names.length ? t('investment.step.allowed', { list: names.join('、') }) : t('investment.step.allowedNone')
  }
}
