/** One way to tell the user an API call failed. */
import { ElMessage } from 'element-plus'
import { t } from '@/locales'
import { ApiError, toApiError } from './http'

/**
 * The sentence to show for a failed call: the module that is down or slow when a 503/504 names one,
 * else the problem's detail, then a status-based text.
 */
export function errorMessage(error: unknown): string {
  const e = error instanceof ApiError ? error : toApiError(error)
  if (e.kind === 'problem') {
    if (e.unavailableService) return e.message
    if (e.problem?.detail) return e.problem.detail
    if (e.status === 403) return t('http.forbidden')
    if (e.status === 404) return t('http.notFound')
    if (e.status === 429) return t('http.rateLimited', { seconds: e.retryAfterSeconds ?? 60 })
    if (e.problem?.title) return e.problem.title
  }
  return e.message
}

export function showError(error: unknown): void {
  const e = error instanceof ApiError ? error : toApiError(error)
  // The session listener already sends the user to the sign-in page with its own message.
  if (e.kind === 'session_expired') return
  ElMessage({ type: 'error', message: errorMessage(e), grouping: true, showClose: true })
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    ElMessage.success(t('common.copied'))
  } catch {
    ElMessage.warning(t('common.copyFailed'))
  }
}
