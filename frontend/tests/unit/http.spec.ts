import { describe, expect, it, vi } from 'vitest'
import { ApiError, createHttp, REFRESH_PATH } from '@/utils/http'
import { memoryTokenStore } from '@/utils/http/tokens'
import { deferred, fakeAdapter, problem, type Seen } from './fakeBackend'

/** A backend that accepts only `current` as access token and rotates the refresh token. */
function rotatingBackend(opts: { refreshGate?: Promise<void>; refreshFails?: boolean } = {}) {
  const state = { access: 'a2', refresh: 'r1', refreshCalls: 0 }
  const { adapter, seen } = fakeAdapter(async (req: Seen) => {
    if (req.url === REFRESH_PATH) {
      state.refreshCalls++
      await opts.refreshGate
      const body = req.body as { refresh_token: string }
      if (opts.refreshFails || body.refresh_token !== state.refresh) {
        return problem(401, 'auth.invalid_refresh_token')
      }
      state.refresh = 'r2'
      return { status: 200, data: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 } }
    }
    if (req.authorization !== `Bearer ${state.access}`) return problem(401, 'auth.token_expired')
    return { status: 200, data: { url: req.url, ok: true } }
  })
  return { state, adapter, seen }
}

describe('single-flight refresh', () => {
  it('runs exactly one refresh for parallel requests, which all wait and replay with the new token', async () => {
    const gate = deferred()
    const backend = rotatingBackend({ refreshGate: gate.promise })
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    const onSessionExpired = vi.fn()
    const http = createHttp({ tokens, onSessionExpired, adapter: backend.adapter })

    const calls = [1, 2, 3, 4, 5].map((n) => http.get(`/api/v1/things/${n}`))
    // Let every request reach the backend and fail before the refresh answers.
    await vi.waitFor(() => expect(backend.seen.filter((r) => r.authorization === 'Bearer a1')).toHaveLength(5))
    expect(backend.state.refreshCalls).toBe(1)
    gate.resolve()

    const results = await Promise.all(calls)
    expect(results.map((r) => r.data.url)).toEqual([1, 2, 3, 4, 5].map((n) => `/api/v1/things/${n}`))
    expect(backend.state.refreshCalls).toBe(1)
    const replays = backend.seen.filter((r) => r.url.startsWith('/api/v1/things') && r.authorization === 'Bearer a2')
    expect(replays).toHaveLength(5)
    expect(tokens.getAccessToken()).toBe('a2')
    expect(tokens.getRefreshToken()).toBe('r2')
    expect(onSessionExpired).not.toHaveBeenCalled()
    // The refresh call itself carries no bearer token.
    expect(backend.seen.find((r) => r.url === REFRESH_PATH)?.authorization).toBeNull()
  })

  it('replays a late 401 with the token an earlier refresh already obtained, without refreshing again', async () => {
    const lateAnswer = deferred()
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    let refreshCalls = 0
    const { adapter, seen } = fakeAdapter(async (req) => {
      if (req.url === REFRESH_PATH) {
        refreshCalls++
        return { status: 200, data: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 } }
      }
      if (req.url === '/slow' && req.authorization === 'Bearer a1') await lateAnswer.promise
      return req.authorization === 'Bearer a2' ? { status: 200, data: req.url } : problem(401, 'auth.token_expired')
    })
    const http = createHttp({ tokens, onSessionExpired: vi.fn(), adapter })

    const slow = http.get('/slow')
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    expect((await http.get('/fast')).data).toBe('/fast')
    expect(refreshCalls).toBe(1)
    lateAnswer.resolve()
    expect((await slow).data).toBe('/slow')
    expect(refreshCalls).toBe(1)
  })

  it('ends the local session at once when the gateway says the sign-in has ended, without refreshing', async () => {
    const { adapter, seen } = fakeAdapter(async () => problem(401, 'auth.session_ended', { reason: 'ended' }))
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    const onSessionExpired = vi.fn()
    const http = createHttp({ tokens, onSessionExpired, adapter })

    const error = await http.get('/api/v1/things/1').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).kind).toBe('session_expired')
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
    expect(seen.map((r) => r.url)).toEqual(['/api/v1/things/1'])
    expect(tokens.getAccessToken()).toBeNull()
    expect(tokens.getRefreshToken()).toBeNull()
  })
  it('logs out once when the refresh fails, and every waiting request rejects', async () => {
    const gate = deferred()
    const backend = rotatingBackend({ refreshGate: gate.promise, refreshFails: true })
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    const onSessionExpired = vi.fn()
    const http = createHttp({ tokens, onSessionExpired, adapter: backend.adapter })

    const calls = [1, 2, 3].map((n) => http.get(`/api/v1/things/${n}`).catch((e: unknown) => e))
    await vi.waitFor(() => expect(backend.seen.filter((r) => r.authorization === 'Bearer a1')).toHaveLength(3))
    gate.resolve()
    const errors = await Promise.all(calls)

    expect(backend.state.refreshCalls).toBe(1)
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
    for (const error of errors) {
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).kind).toBe('session_expired')
      expect((error as ApiError).status).toBe(401)
    }
    expect(tokens.getAccessToken()).toBeNull()
    expect(tokens.getRefreshToken()).toBeNull()
  })

  it('does not refresh for a 401 that a new token cannot cure (wrong password)', async () => {
    const { adapter, seen } = fakeAdapter(async () => problem(401, 'auth.invalid_credentials', { remaining_attempts: 3 }))
    const onSessionExpired = vi.fn()
    const http = createHttp({ tokens: memoryTokenStore(), onSessionExpired, adapter })

    const error = await http.post('/api/v1/auth/login', { username: 'x', password: 'y' }, { skipAuth: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('auth.invalid_credentials')
    expect((error as ApiError).problem?.remaining_attempts).toBe(3)
    expect(seen.map((r) => r.url)).toEqual(['/api/v1/auth/login'])
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('replays a request at most once even if the new token is refused too', async () => {
    let refreshCalls = 0
    const { adapter, seen } = fakeAdapter(async (req) => {
      if (req.url === REFRESH_PATH) {
        refreshCalls++
        return { status: 200, data: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 } }
      }
      return problem(401, 'auth.invalid_token')
    })
    const http = createHttp({ tokens: memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' }), onSessionExpired: vi.fn(), adapter })

    const error = await http.get('/api/v1/auth/me').catch((e: unknown) => e)
    expect((error as ApiError).code).toBe('auth.invalid_token')
    expect(refreshCalls).toBe(1)
    expect(seen.filter((r) => r.url === '/api/v1/auth/me')).toHaveLength(2)
  })

  it('takes the token another tab refreshed while this one waited for the lock', async () => {
    const backend = rotatingBackend()
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    let lockCalls = 0
    const crossTabLock = <T>(work: () => Promise<T>): Promise<T> => {
      lockCalls++
      // The other tab held the lock, refreshed, and stored the new pair.
      tokens.save({ access_token: 'a2', refresh_token: 'r2' })
      return work()
    }
    const http = createHttp({ tokens, onSessionExpired: vi.fn(), adapter: backend.adapter, crossTabLock })

    expect((await http.get('/api/v1/things/1')).data.ok).toBe(true)
    expect(lockCalls).toBe(1)
    expect(backend.state.refreshCalls).toBe(0)
  })
})

describe('request decoration and error mapping', () => {
  it('sends the bearer token and the UI language, and no token when asked not to', async () => {
    const { adapter, seen } = fakeAdapter(async () => ({ status: 200, data: {} }))
    const http = createHttp({
      tokens: memoryTokenStore({ access_token: 'tok', refresh_token: 'r' }),
      onSessionExpired: vi.fn(),
      adapter,
      locale: () => 'en'
    })
    await http.get('/a')
    await http.post('/b', {}, { skipAuth: true })
    expect(seen[0].authorization).toBe('Bearer tok')
    expect(seen[0].acceptLanguage).toBe('en')
    expect(seen[1].authorization).toBeNull()
  })

  it('turns a problem+json answer into an ApiError with field errors and Retry-After', async () => {
    const { adapter } = fakeAdapter(async (req) =>
      req.url === '/locked'
        ? { ...problem(423, 'auth.account_locked'), headers: { 'Retry-After': '840' } }
        : problem(422, 'validation_error', {
            errors: [
              { field: 'body.uscc', message: '统一社会信用代码校验位错误', code: 'uscc.check' },
              { field: 'name', message: '企业名称不能为空', code: 'missing' }
            ]
          })
    )
    const http = createHttp({ tokens: memoryTokenStore(), onSessionExpired: vi.fn(), adapter })

    const invalid = (await http.post('/api/v1/enterprises', {}).catch((e: unknown) => e)) as ApiError
    expect(invalid.status).toBe(422)
    expect(invalid.code).toBe('validation_error')
    expect(invalid.message).toBe('detail of validation_error')
    expect(invalid.fieldErrors).toEqual({ uscc: '统一社会信用代码校验位错误', name: '企业名称不能为空' })

    const locked = (await http.post('/locked', {}).catch((e: unknown) => e)) as ApiError
    expect(locked.status).toBe(423)
    expect(locked.retryAfterSeconds).toBe(840)
  })

  it('reports a network failure as such', async () => {
    const http = createHttp({
      tokens: memoryTokenStore(),
      onSessionExpired: vi.fn(),
      adapter: async (config) => {
        throw new (await import('axios')).AxiosError('Network Error', 'ERR_NETWORK', config)
      }
    })
    const error = (await http.get('/x').catch((e: unknown) => e)) as ApiError
    expect(error.kind).toBe('network')
    expect(error.status).toBe(0)
  })
})

describe('file requests', () => {
  it('read a JSON problem that arrived as a Blob, so the error and the refresh work as for JSON', async () => {
    const tokens = memoryTokenStore({ access_token: 'a1', refresh_token: 'r1' })
    let refreshed = 0
    const blobProblem = (status: number, code: string) => ({
      status,
      data: new Blob([JSON.stringify({ status, code, title: code, detail: `detail of ${code}` })], { type: 'application/problem+json' })
    })
    const { adapter } = fakeAdapter(async (req) => {
      if (req.url === REFRESH_PATH) {
        refreshed++
        return { status: 200, data: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 } }
      }
      if (req.authorization !== 'Bearer a2') return blobProblem(401, 'auth.token_expired')
      if (req.url.endsWith('/missing')) return blobProblem(404, 'not_found')
      return { status: 200, data: new Blob(['xlsx bytes'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) }
    })
    const http = createHttp({ tokens, onSessionExpired: vi.fn(), adapter })

    const ok = await http.get('/api/v1/case-reports/monthly', { responseType: 'blob' })
    expect(ok.data).toBeInstanceOf(Blob)
    expect(refreshed).toBe(1)

    const failure = await http.get('/api/v1/attachments/missing', { responseType: 'blob' }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe('not_found')
    expect((failure as ApiError).message).toBe('detail of not_found')
  })
})
