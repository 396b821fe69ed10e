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

  /**
   * The service behind the gateway that is down (503) or did not answer in time (504), from the
   * problem's `service` field; null for every other error.
   */
  get unavailableService(): UpstreamService | null {
    return faultyService(this.status, this.problem)
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

/** The services behind the gateway, as its 503 and 504 problems name them in `service`. */
export const UPSTREAM_SERVICES = ['case', 'investment', 'trade'] as const
export type UpstreamService = (typeof UPSTREAM_SERVICES)[number]

const SERVICE_NAMES: Record<UpstreamService, string> = {
  case: '诉求办理服务',
  investment: '招商引资服务',
  trade: '对外经贸服务'
}

/** The service a 503 or 504 problem names, when it is one of ours. */
export function faultyService(status: number, problem: Problem | null | undefined): UpstreamService | null {
  if (status !== 503 && status !== 504) return null
  const service = problem?.service
  return typeof service === 'string' && (UPSTREAM_SERVICES as readonly string[]).includes(service)
    ? (service as UpstreamService)
    : null
}

/** Texts for errors that carry no problem body, and for a service that is down (the locale layer replaces them). */
export interface TransportMessages {
  generic: string
  network: string
  timeout: string
  sessionExpired: string
  /** 「招商引资服务暂不可用，请稍后重试」: a 503 naming the service. */
  serviceUnavailable?: (service: UpstreamService) => string
  /** 「对外经贸服务响应超时，请稍后重试」: a 504 naming the service. */
  serviceTimeout?: (service: UpstreamService) => string
}

export const defaultTransportMessages: Required<TransportMessages> = {
  generic: '请求失败，请稍后重试',
  network: '无法连接服务器，请检查网络后重试',
  timeout: '请求超时，请检查网络后重试',
  sessionExpired: '登录已过期，请重新登录',
  serviceUnavailable: (service) => `${SERVICE_NAMES[service]}暂不可用，请稍后重试`,
  serviceTimeout: (service) => `${SERVICE_NAMES[service]}响应超时，请稍后重试`
}

/** The sentence for a 503 or 504 that names one of our services. */
function serviceMessage(status: number, service: UpstreamService, messages: TransportMessages): string {
  if (status === 504) return (messages.serviceTimeout ?? defaultTransportMessages.serviceTimeout)(service)
  return (messages.serviceUnavailable ?? defaultTransportMessages.serviceUnavailable)(service)
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
      const service = faultyService(status, problem)
      const message = service
        ? serviceMessage(status, service, messages)
        : problem?.detail || problem?.title || `${fallbackMessage}（${status}）`
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
