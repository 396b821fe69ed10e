import { describe, expect, it } from 'vitest'
import { usePagedList } from '@/utils/paged'
import { deferred } from './fakeBackend'

describe('paged list', () => {
  it('drops an answer that a newer search overtook', async () => {
    const slow = deferred<{ items: string[]; total: number }>()
    const fast = deferred<{ items: string[]; total: number }>()
    const answers = [slow.promise, fast.promise]
    const list = usePagedList<string, { q: string }>(() => answers.shift()!, () => ({ q: '' }))

    const first = list.load()
    list.filters.q = 'user.create'
    const second = list.onSearch()
    fast.resolve({ items: ['filtered'], total: 1 })
    await second
    slow.resolve({ items: ['a', 'b', 'c'], total: 3 })
    await first

    expect(list.rows.value).toEqual(['filtered'])
    expect(list.pagination.total).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('goes back to page 1 on a new search and on reset', async () => {
    const seen: Array<[number, number, string]> = []
    const list = usePagedList<string, { q: string }>(
      async (page, size, filters) => {
        seen.push([page, size, filters.q])
        return { items: [], total: 0 }
      },
      () => ({ q: '' })
    )
    await list.onPageChange(3)
    list.filters.q = 'x'
    await list.onSearch()
    await list.onSizeChange(50)
    await list.onReset()
    expect(seen).toEqual([
      [3, 20, ''],
      [1, 20, 'x'],
      [1, 50, 'x'],
      [1, 50, '']
    ])
  })
})
