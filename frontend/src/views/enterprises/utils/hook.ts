/** State and actions of the enterprise directory pages. */
import { reactive, ref } from 'vue'
import {
  listEnterprises,
  type Enterprise,
  type EnterpriseCreate,
  type EnterpriseQuery,
  type EnterpriseRow,
  type EnterpriseUpdate
} from '@/api/enterprises'
import { showError } from '@/utils/message'
import { normalizeUscc } from '@/utils/uscc'
import type { EnterpriseFormModel, EnterpriseSearch } from './types'

export const SORTABLE = new Set(['name', 'uscc', 'updated_at', 'created_at'])

/** `{prop, order}` of an Element Plus sort event → the API's `sort` (`name`, `-updated_at`). */
export function toSortParam(prop: string | null | undefined, order: string | null | undefined): string | undefined {
  if (!prop || !order || !SORTABLE.has(prop)) return undefined
  return order === 'descending' ? `-${prop}` : prop
}

export function toQuery(
  search: EnterpriseSearch,
  page: number,
  pageSize: number,
  sort: string | undefined
): EnterpriseQuery {
  const query: EnterpriseQuery = { page, page_size: pageSize }
  const q = search.q.trim()
  if (q) query.q = q
  if (search.region_code) query.region_code = search.region_code
  if (search.industry.trim()) query.industry = search.industry.trim()
  if (search.is_key !== '') query.is_key = search.is_key === 'true'
  if (sort) query.sort = sort
  return query
}

export function emptyForm(): EnterpriseFormModel {
  return {
    uscc: '',
    name: '',
    region_code: null,
    industry: '',
    size: '',
    enterprise_type: '',
    is_key: false,
    contact_person: '',
    contact_phone: '',
    address: ''
  }
}

export function formFromRecord(record: Enterprise): EnterpriseFormModel {
  return {
    uscc: record.uscc,
    name: record.name,
    region_code: record.region_code,
    industry: record.industry ?? '',
    size: record.size ?? '',
    enterprise_type: record.enterprise_type ?? '',
    is_key: record.is_key,
    contact_person: record.contact_person ?? '',
    contact_phone: record.contact_phone ?? '',
    address: record.address ?? ''
  }
}

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

export function createBody(form: EnterpriseFormModel): EnterpriseCreate {
  return {
    uscc: normalizeUscc(form.uscc),
    name: form.name.trim(),
    region_code: form.region_code ?? '',
    industry: blankToNull(form.industry),
    size: form.size === '' ? null : form.size,
    enterprise_type: form.enterprise_type === '' ? null : form.enterprise_type,
    is_key: form.is_key,
    contact_person: blankToNull(form.contact_person),
    contact_phone: blankToNull(form.contact_phone),
    address: blankToNull(form.address)
  }
}

/**
 * Only the fields the user changed; a masked phone the user could not see is never sent back.
 */
export function updateBody(original: EnterpriseFormModel, form: EnterpriseFormModel, phoneMasked: boolean): EnterpriseUpdate {
  const body: EnterpriseUpdate = {}
  if (form.name.trim() !== original.name) body.name = form.name.trim()
  if (form.region_code && form.region_code !== original.region_code) body.region_code = form.region_code
  if (form.industry.trim() !== original.industry) body.industry = blankToNull(form.industry)
  if (form.size !== original.size) body.size = form.size === '' ? null : form.size
  if (form.enterprise_type !== original.enterprise_type) body.enterprise_type = form.enterprise_type === '' ? null : form.enterprise_type
  if (form.is_key !== original.is_key) body.is_key = form.is_key
  if (form.contact_person.trim() !== original.contact_person) body.contact_person = blankToNull(form.contact_person)
  if (!phoneMasked && form.contact_phone.trim() !== original.contact_phone) body.contact_phone = blankToNull(form.contact_phone)
  if (form.address.trim() !== original.address) body.address = blankToNull(form.address)
  return body
}

/** A phone number the backend masked for this role (`138****5678`). */
export function isMaskedPhone(value: string | null | undefined): boolean {
  return Boolean(value && value.includes('*'))
}

export function useEnterpriseList() {
  const search = reactive<EnterpriseSearch>({ q: '', region_code: null, industry: '', is_key: '' })
  const pagination = reactive({ page: 1, pageSize: 20, total: 0, exact: true })
  const sort = ref<string | undefined>(undefined)
  const rows = ref<EnterpriseRow[]>([])
  const loading = ref(false)
  let latest = 0

  /** Loads the current page; an answer overtaken by a newer request is dropped. */
  async function load(): Promise<void> {
    const ticket = ++latest
    loading.value = true
    try {
      const page = await listEnterprises(toQuery(search, pagination.page, pagination.pageSize, sort.value))
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
    search.q = ''
    search.region_code = null
    search.industry = ''
    search.is_key = ''
    return onSearch()
  }

  function onSortChange({ prop, order }: { prop: string | null; order: string | null }): Promise<void> {
    sort.value = toSortParam(prop, order)
    pagination.page = 1
    return load()
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

  return { search, pagination, rows, loading, load, onSearch, onReset, onSortChange, onPageChange, onSizeChange }
}
