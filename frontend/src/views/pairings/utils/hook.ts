/** Pairings (包联): list query and form bodies. */
import dayjs from 'dayjs'
import { listPairings, type Pairing, type PairingCreate, type PairingQuery, type PairingUpdate } from '@/api/campaign'
import { usePagedList } from '@/utils/paged'
import type { PairingFormModel, PairingSearch } from './types'

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

export function toPairingQuery(filters: PairingSearch, page: number, pageSize: number, today = dayjs().format('YYYY-MM-DD')): PairingQuery {
  const query: PairingQuery = { page, page_size: pageSize, sort: '-start_date' }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.kind) query.kind = filters.kind
  if (filters.region_code) query.region_code = filters.region_code
  if (filters.active) query.active_on = today
  return query
}

export function emptyPairingForm(): PairingFormModel {
  return {
    user_id: null,
    person_name: '',
    person_title: '',
    unit_id: null,
    unit_name: '',
    enterprise_uscc: null,
    kind: '',
    start_date: dayjs().format('YYYY-MM-DD'),
    end_date: '',
    note: ''
  }
}

export function pairingFormFromRecord(p: Pairing): PairingFormModel {
  return {
    user_id: p.user_id,
    person_name: p.person_name,
    person_title: p.person_title ?? '',
    unit_id: p.unit_id,
    unit_name: p.unit_name ?? '',
    enterprise_uscc: p.enterprise_uscc,
    kind: p.kind,
    start_date: p.start_date,
    end_date: p.end_date ?? '',
    note: p.note ?? ''
  }
}

export function pairingCreateBody(form: PairingFormModel): PairingCreate {
  return {
    user_id: form.user_id,
    person_name: form.person_name.trim(),
    person_title: blankToNull(form.person_title),
    unit_id: form.unit_id,
    unit_name: blankToNull(form.unit_name),
    enterprise_uscc: form.enterprise_uscc ?? '',
    kind: form.kind as PairingCreate['kind'],
    start_date: form.start_date,
    end_date: form.end_date || null,
    note: blankToNull(form.note)
  }
}

/** What changed (the enterprise of a pairing cannot change). */
export function pairingUpdateBody(original: PairingFormModel, form: PairingFormModel): PairingUpdate {
  const body: PairingUpdate = {}
  if (form.user_id !== original.user_id) body.user_id = form.user_id
  if (form.person_name.trim() !== original.person_name) body.person_name = form.person_name.trim()
  if (form.person_title.trim() !== original.person_title) body.person_title = blankToNull(form.person_title)
  if (form.unit_id !== original.unit_id) body.unit_id = form.unit_id
  if (form.unit_name.trim() !== original.unit_name) body.unit_name = blankToNull(form.unit_name)
  if (form.kind && form.kind !== original.kind) body.kind = form.kind
  if (form.start_date !== original.start_date) body.start_date = form.start_date
  if (form.end_date !== original.end_date) body.end_date = form.end_date || null
  if (form.note.trim() !== original.note) body.note = blankToNull(form.note)
  return body
}

export function usePairingList() {
  return usePagedList<Pairing, PairingSearch>(
    (page, pageSize, filters) => listPairings(toPairingQuery(filters, page, pageSize)),
    () => ({ q: '', kind: '', region_code: null, active: true })
  )
}
