import { listUnits, type Unit } from '@/api/system'
import { usePagedList } from '@/utils/paged'
import type { UnitSearch } from './types'

export function useUnitList() {
  return usePagedList<Unit, UnitSearch>(
    (page, pageSize, filters) => {
      const keyword = filters.keyword.trim()
      return listUnits({ page, page_size: pageSize, ...(keyword ? { keyword } : {}) })
    },
    () => ({ keyword: '' })
  )
}
