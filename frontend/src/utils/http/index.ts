/**
 * The one HTTP layer: an axios instance that sends the bearer token and the UI language, turns every
 * failure into an {@link ApiError}, and refreshes an expired access token single-flight — while one
 * refresh runs, every other request that hit 401 waits for it and then replays with the new token.
 */
import axios, {
  AxiosError,
  type AxiosAdapter,
  type AxiosInstance,
  type InternalAxiosRequestConfig
} from 'axios'
import {
  ApiError,
  defaultTransportMessages,
  toApiError,
  type Problem,
  type TransportMessages
} from './problem'
import type { TokenPair, TokenStore } from './tokens'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Send no bearer token and never refresh (sign-in, refresh itself). */
    skipAuth?: boolean
    /** Set on the one replay after a refresh, so a request is never replayed twice. */
    replayedAfterRefresh?: boolean
  }
}

/** Problem codes of a 401 that a fresh access token can cure. */
export const REFRESHABLE_CODES: ReadonlySet<string> = new Set([
  'auth.token_expired',
  'auth.invalid_token'
])

export const REFRESH_PATH = '/api/v1/auth/refresh'
/** The gateway's 401 for a token whose sign-in has ended. */
export const SESSION_ENDED = 'auth.session_ended'

export interface HttpOptions {
  tokens: TokenStore
  /** Called once per failed refresh: the session is over (the tokens are already cleared). */
  onSessionExpired: () => void
  /** BCP 47 tag sent as `Accept-Language`. */
  locale?: () => string
  messages?: () => TransportMessages
  baseURL?: string
  timeout?: number
  adapter?: AxiosAdapter
  /** Serialises refreshes across browser tabs sharing the same refresh token. */
  crossTabLock?: <T>(work: () => Promise<T>) => Promise<T>
}

export type Http = AxiosInstance

function bearerOf(config: InternalAxiosRequestConfig): string | null {
  const header = config.headers?.get?.('Authorization') ?? config.headers?.Authorization
  if (typeof header !== 'string') return null
  return header.startsWith('Bearer ') ? header.slice(7) : null
}

/** Web Locks when the browser has them, so two tabs never spend the same refresh token. */
export function browserLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks?.request) return work()
  return locks.request('wrzwq-token-refresh', work) as Promise<T>
}

function blobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result ?? ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsText(blob)
  })
}

/** A JSON problem body that arrived as a Blob, parsed; anything else unchanged. */
export async function problemFromBlob(data: unknown): Promise<unknown> {
  if (typeof Blob === 'undefined' || !(data instanceof Blob) || !/json/i.test(data.type)) return data
  try {
    return JSON.parse(await blobText(data)) as unknown
  } catch {
    return data
  }
}

export function createHttp(options: HttpOptions): Http {
  const messages = () => options.messages?.() ?? defaultTransportMessages
  const lock = options.crossTabLock ?? (<T>(work: () => Promise<T>) => work())
  const instance = axios.create({
    baseURL: options.baseURL ?? '',
    timeout: options.timeout ?? 20000,
    adapter: options.adapter,
    headers: { Accept: 'application/json, application/problem+json' }
  })

  let inflight: Promise<string> | null = null

  const sessionExpired = (): ApiError => {
    options.tokens.clear()
    options.onSessionExpired()
    return new ApiError({
      kind: 'session_expired',
      status: 401,
      code: 'auth.session_expired',
      message: messages().sessionExpired
    })
  }

  const runRefresh = async (sentWith: string | null): Promise<string> => {
    // Another tab (or an earlier refresh) may already have replaced the token we were sent with.
    const current = options.tokens.getAccessToken()
    if (current && current !== sentWith) return current
    const refreshToken = options.tokens.getRefreshToken()
    if (!refreshToken) throw sessionExpired()
    let pair: TokenPair
    try {
      const res = await instance.post<TokenPair>(
        REFRESH_PATH,
        { refresh_token: refreshToken },
        { skipAuth: true }
      )
      pair = res.data
    } catch {
      throw sessionExpired()
    }
    options.tokens.save(pair)
    return pair.access_token
  }

  /** Resolves to a usable access token; at most one refresh call is in flight at any time. */
  const freshToken = (sentWith: string | null): Promise<string> => {
    const current = options.tokens.getAccessToken()
    if (!inflight && current && current !== sentWith) return Promise.resolve(current)
    if (!inflight) {
      inflight = lock(() => runRefresh(sentWith)).finally(() => {
        inflight = null
      })
    }
    return inflight
  }

  instance.interceptors.request.use((config) => {
    const lang = options.locale?.()
    if (lang) config.headers.set('Accept-Language', lang)
    if (!config.skipAuth) {
      const token = options.tokens.getAccessToken()
      if (token) config.headers.set('Authorization', `Bearer ${token}`)
      else config.headers.delete('Authorization')
    }
    return config
  })

  instance.interceptors.response.use(
    (response) => response,
    async (error: unknown) => {
      // A file request (`responseType: 'blob'`) gets its problem body as a Blob: read it as JSON first.
      if (error instanceof AxiosError && error.response) {
        error.response.data = await problemFromBlob(error.response.data)
      }
      if (error instanceof AxiosError && error.config && error.response?.status === 401) {
        const config = error.config
        const code = (error.response.data as Problem | undefined)?.code ?? ''
        // The sign-in was ended (logout elsewhere, forced logout, password or role change): no refresh can
        // cure it, the local session is over.
        if (!config.skipAuth && code === SESSION_ENDED) throw sessionExpired()
        if (!config.skipAuth && !config.replayedAfterRefresh && REFRESHABLE_CODES.has(code)) {
          const token = await freshToken(bearerOf(config))
          config.replayedAfterRefresh = true
          config.headers.set('Authorization', `Bearer ${token}`)
          return instance.request(config)
        }
      }
      throw toApiError(error, messages())
    }
  )

  return instance
}

export {
  ApiError,
  faultyService,
  fieldErrorsOf,
  normalizeFieldPath,
  toApiError,
  UPSTREAM_SERVICES
} from './problem'
export type { Problem, FieldProblem, TransportMessages, UpstreamService } from './problem'
export type { TokenPair, TokenStore } from './tokens'
