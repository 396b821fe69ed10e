import { describe, expect, it } from 'vitest'
import { checkField, createBody } from '@/components/RecordTable/logic'
import type { FieldSpec } from '@/components/RecordTable/types'
import { emptyPairingForm, pairingCreateBody, pairingFormFromRecord, pairingUpdateBody } from '@/views/pairings/utils/hook'
import { emptyVisitCaseForm, visitCaseBody } from '@/views/visits/utils/hook'
import type { Pairing } from '@/api/campaign'

const t = (key: string) => key

describe('包联人 from accounts', () => {
  it('sends the account with the name, and none for a typed name', () => {
    const form = { ...emptyPairingForm(), user_id: 3, person_name: '张光山', enterprise_uscc: '91411522MA47K2P10X', kind: 'leader' as const }
    expect(pairingCreateBody(form)).toMatchObject({ user_id: 3, person_name: '张光山' })
    expect(pairingCreateBody({ ...form, user_id: null, person_name: ' 李四 ' })).toMatchObject({ user_id: null, person_name: '李四' })
  })

  it('links an existing free-text pairing to an account in the update', () => {
    const record = { user_id: null, person_name: '张光山', person_title: null, unit_id: null, unit_name: null, enterprise_uscc: 'X', kind: 'leader', start_date: '2021-06-01', end_date: null, note: null } as unknown as Pairing
    const original = pairingFormFromRecord(record)
    expect(original.user_id).toBeNull()
    expect(pairingUpdateBody(original, { ...original, user_id: 3 })).toEqual({ user_id: 3 })
  })
})

describe('visit → case contact', () => {
  const form = { ...emptyVisitCaseForm(null, null), category_code: 'land_planning', contact_person: '王建国' }

  it('leaves a masked directory phone to the server when the field stays empty', () => {
    expect('contact_phone' in visitCaseBody(1, form, true)).toBe(false)
    expect(visitCaseBody(1, { ...form, contact_phone: '13900001111' }, true).contact_phone).toBe('13900001111')
  })

  it('sends an emptied phone as none when the directory phone was readable', () => {
    expect(visitCaseBody(1, form, false)).toMatchObject({ contact_person: '王建国', contact_phone: null })
  })
})

describe('enterprise fields of a record form', () => {
  const field: FieldSpec = { key: 'enterprise_uscc', label: 'x', kind: 'enterprise', fills: { enterprise_name: 'name' } }
  const name: FieldSpec = { key: 'enterprise_name', label: 'y', kind: 'text', hidden: true }

  it('sends the picked code and the name it filled in', () => {
    const body = createBody([field, name], { enterprise_uscc: '91411522ma47k2p10x', enterprise_name: '光山县茶业有限公司' })
    expect(body).toEqual({ enterprise_uscc: '91411522MA47K2P10X', enterprise_name: '光山县茶业有限公司' })
  })

  it('checks the code like a typed one', () => {
    expect(checkField(field, 'not-a-code', t)).toBeInstanceOf(Error)
    expect(checkField(field, null, t)).toBeNull()
  })
})
