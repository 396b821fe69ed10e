/** The sentence the sign-in page shows for a failed sign-in. */
import { ApiError } from '@/utils/http'
import { errorMessage } from '@/utils/message'
import { minutesLeft } from '@/utils/format'

type Translate = (key: string, named?: Record<string, unknown>) => string

export function loginErrorMessage(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError) || error.kind !== 'problem') return errorMessage(error)
  switch (error.code) {
    case 'auth.invalid_credentials': {
      const left = error.problem?.remaining_attempts
      return typeof left === 'number' && left > 0
        ? t('login.remainingAttempts', { n: left })
        : t('login.invalidCredentials')
    }
    case 'auth.account_locked': {
      const seconds = error.retryAfterSeconds
      return seconds === null ? t('login.lockedNoTime') : t('login.locked', { minutes: minutesLeft(seconds) })
    }
    case 'auth.account_disabled':
      return t('login.disabled')
    case 'rate_limited':
      return t('login.rateLimited', { seconds: error.retryAfterSeconds ?? 60 })
    default:
      if (error.status === 429) return t('login.rateLimited', { seconds: error.retryAfterSeconds ?? 60 })
      return errorMessage(error)
  }
}
