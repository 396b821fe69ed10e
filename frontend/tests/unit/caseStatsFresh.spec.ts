import { describe, expect, it, vi } from 'vitest'

vi.mock('@/utils/http/client', async (original) => {
  const actual = await original<typeof import('@/utils/http/client')>()
  return { ...actual, http: { ...actual.http, get: vi.fn(async () => ({ data: { as_of: '2026-12-07T08:00:00+08:00' } })) } }
})

const { http } = await import('@/utils/http/client')
const { caseStats } = await import('@/api/reports')

describe('the 13710 statistics request', () => {
  it('takes the kept answer by default and asks for the figures computed now on a refresh', async () => {
    await caseStats({ period: '2025' })
    await caseStats({ period: '2025', region_code: '411522' }, true)
    const get = vi.mocked(http.get)
    expect(get.mock.calls[0]).toEqual(['/api/v1/cases/stats', { params: { period: '2025' }, headers: undefined }])
    expect(get.mock.calls[1]).toEqual([
      '/api/v1/cases/stats',
      { params: { period: '2025', region_code: '411522' }, headers: { 'Cache-Control': 'no-cache' } }
    ])
  })
})
