/** One way to page a list: filters, page, page size, total, loading, and the handlers a table needs. */
import { reactive, ref, type Ref, type UnwrapRef } from 'vue'
import { showError } from './message'

export interface Page<Row> {
  items: Row[]
  total: number
  /** False when the list passed the server's counting limit and `total` is a lower bound ("10000+"). */
  total_exact?: boolean
}

export function usePagedList<Row, Filters extends object>(
  fetch: (page: number, pageSize: number, filters: Filters) => Promise<Page<Row>>,
  initialFilters: () => Filters,
  pageSize = 20
) {
  const filters = reactive(initialFilters()) as UnwrapRef<Filters>
  const pagination = reactive({ page: 1, pageSize, total: 0, exact: true })
  const rows = ref([]) as Ref<Row[]>
  const loading = ref(false)
  let latest = 0

  /** Loads the current page; an answer overtaken by a newer request is dropped. */
  async function load(): Promise<void> {
    const ticket = ++latest
    loading.value = true
    try {
      const page = await fetch(pagination.page, pagination.pageSize, filters as Filters)
      if (ticket !== latest) return
      rows.value = page.items
      pagination.total = page.total
      pagination.exact = page.total_exact ?? true
    } catch (error) {
      if (ticket === latest) showError(error)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  function onSearch(): Promise<void> {
    pagination.page = 1
    return load()
  }

  function onReset(): Promise<void> {
    Object.assign(filters as object, initialFilters())
    return onSearch()
  }

  function onPageChange(page: number): Promise<void> {
    pagination.page = page
    return load()
  }

  function onSizeChange(size: number): Promise<void> {
    pagination.pageSize = size
    pagination.page = 1
    return load()
  }

  return { filters, pagination, rows, loading, load, onSearch, onReset, onPageChange, onSizeChange }
}
