/** RFC 9457 problem details as the gateway and services send them, and their mapping to form fields. */
import { AxiosError } from 'axios'

export interface FieldProblem {
  field: string
  message: string
  code?: string
}

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  instance?: string
  request_id?: string
  errors?: FieldProblem[]
  retry_after_seconds?: number
  remaining_attempts?: number
  [extra: string]: unknown
}

/** Where a failed request came from, for callers that branch on it. */
export type ApiErrorKind = 'problem' | 'network' | 'timeout' | 'session_expired' | 'unknown'

/** The one error type every API call rejects with. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind
  readonly status: number
  readonly code: string
  readonly problem: Problem | null
  readonly headers: Record<string, string>

  constructor(init: {
    kind: ApiErrorKind
    message: string
    status?: number
    code?: string
    problem?: Problem | null
    headers?: Record<string, string>
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.kind = init.kind
    this.status = init.status ?? 0
    this.code = init.code ?? init.problem?.code ?? ''
    this.problem = init.problem ?? null
    this.headers = init.headers ?? {}
  }

  /** Field errors keyed by form field name (see {@link fieldErrorsOf}). */
  get fieldErrors(): Record<string, string> {
    return fieldErrorsOf(this.problem)
  }

  /** Seconds to wait before retrying, from the body or the `Retry-After` header. */
  get retryAfterSeconds(): number | null {
    const fromBody = this.problem?.retry_after_seconds
    if (typeof fromBody === 'number' && Number.isFinite(fromBody)) return fromBody
    const header = this.headers['retry-after']
    if (header && /^\d+$/.test(header.trim())) return Number(header.trim())
    return null
  }
}

const LOCATION_PREFIXES = new Set(['body', 'query', 'path', 'header', 'form'])

/**
 * Turns a problem's `field` (`body.uscc`, `uscc`, `body.contacts.0.phone`, `["body","uscc"]`) into
 * the dotted name of a form field (`uscc`, `contacts.0.phone`).
 */
export function normalizeFieldPath(field: string | ReadonlyArray<string | number>): string {
  const parts = (Array.isArray(field) ? field.map(String) : String(field).split('.'))
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
  while (parts.length > 1 && LOCATION_PREFIXES.has(parts[0])) parts.shift()
  return parts.join('.')
}

/** Maps a problem's `errors[]` to `{field: message}`; the first message per field wins. */
export function fieldErrorsOf(problem: Problem | null | undefined): Record<string, string> {
  const result: Record<string, string> = {}
  for (const item of problem?.errors ?? []) {
    if (!item || typeof item.message !== 'string') continue
    const key = normalizeFieldPath(item.field ?? '')
    if (key && !(key in result)) result[key] = item.message
  }
  return result
}

function looksLikeProblem(data: unknown): data is Problem {
  return (
    typeof data === 'object' &&
    data !== null &&
    ('code' in data || 'title' in data || 'detail' in data || 'errors' in data)
  )
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers || typeof headers !== 'object') return out
  const source =
    typeof (headers as { toJSON?: () => unknown }).toJSON === 'function'
      ? ((headers as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
      : (headers as Record<string, unknown>)
  for (const [k, v] of Object.entries(source)) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v)
  }
  return out
}

/** Texts for errors that carry no problem body (the locale layer replaces them). */
export interface TransportMessages {
  generic: string
  network: string
  timeout: string
  sessionExpired: string
}

export const defaultTransportMessages: TransportMessages = {
  generic: '请求失败，请稍后重试',
  network: '无法连接服务器，请检查网络后重试',
  timeout: '请求超时，请检查网络后重试',
  sessionExpired: '登录已过期，请重新登录'
}

/** Converts whatever axios rejected with into an {@link ApiError}. */
export function toApiError(
  error: unknown,
  messages: TransportMessages = defaultTransportMessages
): ApiError {
  const fallbackMessage = messages.generic
  if (error instanceof ApiError) return error
  if (error instanceof AxiosError) {
    if (error.response) {
      const { status, data } = error.response
      const headers = lowerCaseHeaders(error.response.headers)
      const problem = looksLikeProblem(data) ? data : null
      const message = problem?.detail || problem?.title || `${fallbackMessage}（${status}）`
      return new ApiError({ kind: 'problem', message, status, problem, headers })
    }
    if (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT) {
      return new ApiError({ kind: 'timeout', message: messages.timeout })
    }
    return new ApiError({ kind: 'network', message: messages.network })
  }
  const message = error instanceof Error && error.message ? error.message : fallbackMessage
  return new ApiError({ kind: 'unknown', message })
}
