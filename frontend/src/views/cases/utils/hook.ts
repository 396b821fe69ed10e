/** State and actions of the case pages: list query, sorting, views, register form bodies. */
import { reactive, ref } from 'vue'
import { listCases, type CaseCreate, type CaseQuery, type CaseRow, type CaseViewFilters } from '@/api/cases'
import { showError } from '@/utils/message'
import { normalizeUscc } from '@/utils/uscc'
import type { CaseFormModel, CaseSearch, CaseView } from './types'

export const SORTABLE = new Set(['case_no', 'assigned_at', 'resolve_due', 'warning_level', 'urgency', 'created_at', 'updated_at'])

/** `{prop, order}` of a table sort event → the API's `sort`. */
export function toSortParam(prop: string | null | undefined, order: string | null | undefined): string | undefined {
  if (!prop || !order || !SORTABLE.has(prop)) return undefined
  return order === 'descending' ? `-${prop}` : prop
}

export function emptySearch(): CaseSearch {
  return {
    q: '',
    state: [],
    warning_level: '',
    source: '',
    category: '',
    region_code: null,
    unit_id: null,
    enterprise_uscc: '',
    assigned_period: ''
  }
}

/** Only the filters that are set, as the API names them. */
export function toQuery(search: CaseSearch, view: CaseView, page: number, pageSize: number, sort: string | undefined): CaseQuery {
  const query: CaseQuery = { page, page_size: pageSize }
  const q = search.q.trim()
  if (q) query.q = q
  if (search.state.length > 0) query.state = [...search.state]
  if (search.warning_level) query.warning_level = search.warning_level
  if (search.source) query.source = search.source
  if (search.category) query.category = search.category
  if (search.region_code) query.region_code = search.region_code
  if (search.unit_id) query.unit_id = search.unit_id
  if (search.enterprise_uscc.trim()) query.enterprise_uscc = normalizeUscc(search.enterprise_uscc)
  if (search.assigned_period) query.assigned_period = search.assigned_period
  if (view !== 'all') query.mine = view
  if (sort) query.sort = sort
  return query
}

/** A saved view's filters (我的视图): the list's query without paging, named as the API's parameters. */
export function toViewFilters(search: CaseSearch, view: CaseView, sort: string | undefined): CaseViewFilters {
  const { page: _page, page_size: _size, ...filters } = toQuery(search, view, 1, 1, sort)
  return filters as CaseViewFilters
}

/** The search bar, view and sort a saved view stands for. */
export function fromViewFilters(filters: CaseViewFilters): { search: CaseSearch; view: CaseView; sort: string | undefined } {
  const search = emptySearch()
  search.q = filters.q ?? ''
  search.state = [...(filters.state ?? [])]
  search.warning_level = filters.warning_level ?? ''
  search.source = filters.source ?? ''
  search.category = filters.category ?? ''
  search.region_code = filters.region_code ?? null
  search.unit_id = filters.unit_id ?? null
  search.enterprise_uscc = filters.enterprise_uscc ?? ''
  search.assigned_period = filters.assigned_period ?? ''
  return { search, view: filters.mine ?? 'all', sort: filters.sort ?? undefined }
}

export function emptyCaseForm(): CaseFormModel {
  return {
    source: 'enterprise',
    superior_doc_no: '',
    category_code: '',
    enterprise_uscc: null,
    title: '',
    description: '',
    urgency: 'normal',
    complexity: 'ordinary',
    contact_person: '',
    contact_phone: ''
  }
}

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

/** The create body; an enterprise user submits for its own enterprise (no USCC, source 企业反映). */
export function caseCreateBody(form: CaseFormModel, selfService: boolean): CaseCreate {
  const body: CaseCreate = {
    source: selfService ? 'enterprise' : form.source,
    category_code: form.category_code,
    title: form.title.trim(),
    description: form.description.trim(),
    urgency: form.urgency,
    complexity: form.complexity,
    contact_person: blankToNull(form.contact_person),
    contact_phone: blankToNull(form.contact_phone)
  }
  if (!selfService && form.enterprise_uscc) body.enterprise_uscc = normalizeUscc(form.enterprise_uscc)
  if (!selfService && form.source === 'superior') body.superior_doc_no = form.superior_doc_no.trim()
  return body
}

export function useCaseList(initialView: CaseView = 'all') {
  const search = reactive<CaseSearch>(emptySearch())
  const view = ref<CaseView>(initialView)
  const pagination = reactive({ page: 1, pageSize: 20, total: 0, exact: true })
  const sort = ref<string | undefined>(undefined)
  const rows = ref<CaseRow[]>([])
  const loading = ref(false)
  let latest = 0

  /** Loads the current page; an answer overtaken by a newer request is dropped. */
  async function load(): Promise<void> {
    const ticket = ++latest
    loading.value = true
    try {
      const page = await listCases(toQuery(search, view.value, pagination.page, pagination.pageSize, sort.value))
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
    Object.assign(search, emptySearch())
    return onSearch()
  }

  function onView(next: CaseView): Promise<void> {
    view.value = next
    return onSearch()
  }

  function onSortChange({ prop, order }: { prop: string | null; order: string | null }): Promise<void> {
    sort.value = toSortParam(prop, order)
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

  /** Shows what a saved view stands for (its filters, view and sort) from the first page. */
  function applyView(filters: CaseViewFilters): Promise<void> {
    const next = fromViewFilters(filters)
    Object.assign(search, next.search)
    view.value = next.view
    sort.value = next.sort
    return onSearch()
  }

  /** The current filters as a saved view keeps them. */
  function currentFilters(): CaseViewFilters {
    return toViewFilters(search, view.value, sort.value)
  }

  /** The list's current filters and sort, as the export reads them. */
  function currentQuery(): CaseQuery {
    return toQuery(search, view.value, pagination.page, pagination.pageSize, sort.value)
  }

  return {
    search,
    view,
    pagination,
    rows,
    loading,
    load,
    currentQuery,
    currentFilters,
    applyView,
    onSearch,
    onReset,
    onView,
    onSortChange,
    onPageChange,
    onSizeChange
  }
}
