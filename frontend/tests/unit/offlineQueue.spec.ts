import { describe, expect, it, vi } from 'vitest'
import { AxiosError, AxiosHeaders } from 'axios'
import { ApiError } from '@/utils/http'
import { fitWithin, jpegName } from '@/offline/image'

vi.mock('@/api/campaign', () => ({
  createVisit: vi.fn(),
  uploadVisitPhoto: vi.fn()
}))
vi.mock('@/offline/db', () => ({
  STORES: { visits: 'visits' },
  put: vi.fn(async () => undefined),
  del: vi.fn(async () => undefined),
  getAll: vi.fn(async () => [])
}))

const api = await import('@/api/campaign')
const { isTransient, newEntry, sendEntry } = await import('@/offline/queue')

const BODY = { visit_date: '2026-12-06', enterprise_uscc: '91411522MA9XXXXX1Q', visitors: ['赵服务'], problems: [] }

function networkError(): AxiosError {
  return new AxiosError('Network Error', AxiosError.ERR_NETWORK, { headers: new AxiosHeaders() })
}

describe('photos shrunk on the phone', () => {
  it('fit within 1600 px on the longer side, keeping the ratio, never enlarged', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(1800, 2400)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
  })

  it('are sent as .jpg', () => {
    expect(jpegName('现场.PNG')).toBe('现场.jpg')
    expect(jpegName('IMG_0001.heic')).toBe('IMG_0001.jpg')
    expect(jpegName('')).toBe('photo.jpg')
  })
})

describe('the offline visit queue', () => {
  it('gives the visit and each photo their own key when saved', () => {
    const entry = newEntry(BODY, [{ name: 'a.jpg', blob: new Blob(['a']) }, { name: 'b.jpg', blob: new Blob(['b']) }], '某企业')
    const keys = [entry.id, ...entry.photos.map((p) => p.key)]
    expect(new Set(keys).size).toBe(3)
    expect(entry.visitId).toBeNull()
    expect(entry.photos.every((p) => !p.uploaded)).toBe(true)
  })

  it('resends under the same keys and resumes where the connection was cut', async () => {
    const entry = newEntry(BODY, [{ name: 'a.jpg', blob: new Blob(['a']) }, { name: 'b.jpg', blob: new Blob(['b']) }], null)
    vi.mocked(api.createVisit).mockResolvedValue({ id: 41 } as never)
    vi.mocked(api.uploadVisitPhoto).mockResolvedValueOnce({ id: 1 } as never).mockRejectedValueOnce(networkError())
    await expect(sendEntry(entry)).rejects.toBeInstanceOf(AxiosError)
    expect(entry.visitId).toBe(41)
    expect(entry.photos.map((p) => p.uploaded)).toEqual([true, false])

    vi.mocked(api.uploadVisitPhoto).mockResolvedValueOnce({ id: 2 } as never)
    expect(await sendEntry(entry)).toBe(41)
    // The visit was created once; the second photo went again under its own key, the first not again.
    expect(vi.mocked(api.createVisit).mock.calls).toEqual([[BODY, entry.id]])
    expect(vi.mocked(api.uploadVisitPhoto).mock.calls.map((c) => [c[0], c[2], c[3]])).toEqual([
      [41, 'a.jpg', entry.photos[0].key],
      [41, 'b.jpg', entry.photos[1].key],
      [41, 'b.jpg', entry.photos[1].key]
    ])
  })

  it('keeps an entry for a network failure, a visit still in flight or a server fault; a refusal is not retried', () => {
    expect(isTransient(networkError())).toBe(true)
    expect(isTransient(new ApiError({ kind: 'timeout', message: '' }))).toBe(true)
    expect(isTransient(new ApiError({ kind: 'problem', message: '', status: 409, code: 'idempotency_in_progress' }))).toBe(true)
    expect(isTransient(new ApiError({ kind: 'problem', message: '', status: 409, code: 'conflict' }))).toBe(false)
    expect(isTransient(new ApiError({ kind: 'problem', message: '', status: 503 }))).toBe(true)
    expect(isTransient(new ApiError({ kind: 'problem', message: '', status: 422 }))).toBe(false)
    expect(isTransient(new ApiError({ kind: 'problem', message: '', status: 404 }))).toBe(false)
  })
})
