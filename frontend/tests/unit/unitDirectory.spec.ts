import { beforeEach, describe, expect, it, vi } from 'vitest'

const get = vi.fn()
vi.mock('@/utils/http/client', () => ({ http: { get: (...args: unknown[]) => get(...args) } }))

const { readsUnitDirectory, unitDirectory } = await import('@/api/system')

const holding = (...granted: string[]) => (p: string) => granted.includes(p)

describe('the unit directory', () => {
  beforeEach(() => get.mockReset())

  it('is read by those who assign cases or issue supervision orders, and by administrators', () => {
    expect(readsUnitDirectory(holding('case:case:list', 'case:case:assign'))).toBe(true) // county and city officers
    expect(readsUnitDirectory(holding('case:supervision:issue'))).toBe(true) // city leaders
    expect(readsUnitDirectory(holding('system:unit:list'))).toBe(true)
    expect(readsUnitDirectory(holding('case:case:list', 'case:case:handle'))).toBe(false) // a unit's handler
    expect(readsUnitDirectory(holding())).toBe(false)
  })

  it('asks the gateway for the units in scope by name', async () => {
    const page = { items: [{ id: 2, name: '市自然资源和规划局', kind: '市直部门', region_code: '411500', region_name: '信阳市' }], total: 1, page: 1, page_size: 50 }
    get.mockResolvedValue({ data: page })
    expect(await unitDirectory({ page: 1, page_size: 50, keyword: '自然' })).toEqual(page)
    expect(get).toHaveBeenCalledWith('/api/v1/units', { params: { page: 1, page_size: 50, keyword: '自然' } })
  })
})
