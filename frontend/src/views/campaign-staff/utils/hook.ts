/** Campaign staff (抽调人员): list query and form bodies. */
import dayjs from 'dayjs'
import { listStaff, type Staff, type StaffCreate, type StaffQuery, type StaffUpdate } from '@/api/campaign'
import { usePagedList } from '@/utils/paged'
import type { StaffFormModel, StaffSearch } from './types'

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

export function toStaffQuery(filters: StaffSearch, page: number, pageSize: number, today = dayjs().format('YYYY-MM-DD')): StaffQuery {
  const query: StaffQuery = { page, page_size: pageSize, sort: '-from_date' }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.group) query.group = filters.group
  if (filters.region_code) query.region_code = filters.region_code
  if (filters.active) query.active_on = today
  return query
}

export function emptyStaffForm(regionCode: string | null): StaffFormModel {
  return {
    name: '',
    position: '',
    unit_id: null,
    unit_name: '',
    group: '',
    group_name: '',
    from_date: dayjs().format('YYYY-MM-DD'),
    to_date: '',
    region_code: regionCode,
    note: ''
  }
}

export function staffFormFromRecord(s: Staff): StaffFormModel {
  return {
    name: s.name,
    position: s.position ?? '',
    unit_id: s.unit_id,
    unit_name: s.unit_name,
    group: s.group,
    group_name: s.group === 'other' ? s.group_label : '',
    from_date: s.from_date,
    to_date: s.to_date ?? '',
    region_code: s.region_code,
    note: s.note ?? ''
  }
}

export function staffCreateBody(form: StaffFormModel): StaffCreate {
  return {
    name: form.name.trim(),
    position: blankToNull(form.position),
    unit_id: form.unit_id,
    unit_name: form.unit_name.trim(),
    group: form.group as StaffCreate['group'],
    group_name: form.group === 'other' ? blankToNull(form.group_name) : null,
    from_date: form.from_date,
    to_date: form.to_date || null,
    region_code: form.region_code ?? '',
    note: blankToNull(form.note)
  }
}

export function staffUpdateBody(original: StaffFormModel, form: StaffFormModel): StaffUpdate {
  const body: StaffUpdate = {}
  if (form.name.trim() !== original.name) body.name = form.name.trim()
  if (form.position.trim() !== original.position) body.position = blankToNull(form.position)
  if (form.unit_id !== original.unit_id) body.unit_id = form.unit_id
  if (form.unit_name.trim() !== original.unit_name) body.unit_name = form.unit_name.trim()
  if (form.group && form.group !== original.group) body.group = form.group
  if (form.group_name.trim() !== original.group_name) body.group_name = blankToNull(form.group_name)
  if (form.from_date !== original.from_date) body.from_date = form.from_date
  if (form.to_date !== original.to_date) body.to_date = form.to_date || null
  if (form.region_code && form.region_code !== original.region_code) body.region_code = form.region_code
  if (form.note.trim() !== original.note) body.note = blankToNull(form.note)
  return body
}

export function useStaffList() {
  return usePagedList<Staff, StaffSearch>(
    (page, pageSize, filters) => listStaff(toStaffQuery(filters, page, pageSize)),
    () => ({ q: '', group: '', region_code: null, active: false })
  )
}
