import { afterEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '@/locales'
import { ApiError, createHttp } from '@/utils/http'
import { transportMessages } from '@/utils/http/client'
import { memoryTokenStore } from '@/utils/http/tokens'
import { errorMessage } from '@/utils/message'
import { fakeAdapter, problem } from './fakeBackend'

/** A client whose backend answers every path with the problem the test scripts for it. */
function clientAnswering(answers: Record<string, { status: number; data?: unknown; headers?: Record<string, string> }>) {
  const { adapter } = fakeAdapter(async (req) => answers[req.url] ?? { status: 200, data: {} })
  return createHttp({ tokens: memoryTokenStore(), onSessionExpired: vi.fn(), adapter, messages: transportMessages })
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

afterEach(() => setLocale('zh-CN'))

describe('a module that is down or slow is named', () => {
  const http = clientAnswering({
    '/api/v1/projects': {
      ...problem(503, 'service_unavailable', { service: 'investment', breaker: 'open', detail: '服务暂不可用' }),
      headers: { 'Retry-After': '8' }
    },
    '/api/v1/trade/indicators': problem(504, 'gateway_timeout', { service: 'trade' }),
    '/api/v1/cases': problem(503, 'service_unavailable', { service: 'case' }),
    '/api/v1/maintenance': problem(503, 'service_unavailable', { detail: '系统维护中' }),
    '/api/v1/unknown-module': problem(503, 'service_unavailable', { service: 'billing', detail: '计费服务暂停' }),
    '/api/v1/enterprises': problem(500, 'internal_error', { service: 'case', detail: '服务器内部错误' })
  })

  it('shows 「招商引资服务暂不可用，请稍后重试」 for a 503 naming investment-service', async () => {
    const error = await failure(http.get('/api/v1/projects'))
    expect(error.status).toBe(503)
    expect(error.unavailableService).toBe('investment')
    expect(error.message).toBe('招商引资服务暂不可用，请稍后重试')
    expect(errorMessage(error)).toBe('招商引资服务暂不可用，请稍后重试')
    expect(error.retryAfterSeconds).toBe(8)
  })

  it('says which module did not answer in time on a 504', async () => {
    const error = await failure(http.get('/api/v1/trade/indicators'))
    expect(error.unavailableService).toBe('trade')
    expect(errorMessage(error)).toBe('对外经贸服务响应超时，请稍后重试')
    expect(errorMessage(await failure(http.get('/api/v1/cases')))).toBe('诉求办理服务暂不可用，请稍后重试')
  })

  it('keeps the problem detail when no known module is named, or the status is not 503/504', async () => {
    const maintenance = await failure(http.get('/api/v1/maintenance'))
    expect(maintenance.unavailableService).toBeNull()
    expect(errorMessage(maintenance)).toBe('系统维护中')
    expect(errorMessage(await failure(http.get('/api/v1/unknown-module')))).toBe('计费服务暂停')
    const internal = await failure(http.get('/api/v1/enterprises'))
    expect(internal.unavailableService).toBeNull()
    expect(errorMessage(internal)).toBe('服务器内部错误')
  })

  it('names the module in the UI language', async () => {
    await setLocale('en')
    const error = await failure(http.get('/api/v1/projects'))
    expect(errorMessage(error)).toBe('The investment service is unavailable, please try again later')
  })
})
