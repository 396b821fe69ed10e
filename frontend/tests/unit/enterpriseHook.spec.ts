import { describe, expect, it } from 'vitest'
import { createBody, emptyForm, isMaskedPhone, toQuery, toSortParam, updateBody } from '@/views/enterprises/utils/hook'
import { isPhone } from '@/views/enterprises/utils/rule'

describe('enterprise list query', () => {
  it('maps table sorting to the API sort parameter', () => {
    expect(toSortParam('name', 'ascending')).toBe('name')
    expect(toSortParam('updated_at', 'descending')).toBe('-updated_at')
    expect(toSortParam('name', null)).toBeUndefined()
    expect(toSortParam('contact_phone', 'ascending')).toBeUndefined()
  })

  it('sends only the filters that are set (unknown or empty parameters are not sent)', () => {
    expect(toQuery({ q: '  ', region_code: null, industry: ' ', is_key: '' }, 1, 20, undefined)).toEqual({ page: 1, page_size: 20 })
    expect(toQuery({ q: ' 茶业 ', region_code: '411522', industry: '制造业', is_key: 'true' }, 3, 50, '-updated_at')).toEqual({
      page: 3,
      page_size: 50,
      q: '茶业',
      region_code: '411522',
      industry: '制造业',
      is_key: true,
      sort: '-updated_at'
    })
    expect(toQuery({ q: '', region_code: null, industry: '', is_key: 'false' }, 1, 20, undefined).is_key).toBe(false)
  })
})

describe('enterprise form bodies', () => {
  const original = {
    ...emptyForm(),
    uscc: '914403001922038216',
    name: '光山县茶业有限公司',
    region_code: '411522',
    industry: '制造业',
    size: 'small' as const,
    contact_person: '张三',
    contact_phone: '138****5678',
    address: '光山县弦山街道'
  }

  it('normalises the code and turns blanks into null on create', () => {
    const body = createBody({ ...original, uscc: ' 914403001922038216 ', contact_phone: '', address: '  ' })
    expect(body.uscc).toBe('914403001922038216')
    expect(body.contact_phone).toBeNull()
    expect(body.address).toBeNull()
  })

  it('sends only what changed, and never a masked phone back', () => {
    const edited = { ...original, name: '光山县茶业股份有限公司', is_key: true }
    expect(updateBody(original, edited, true)).toEqual({ name: '光山县茶业股份有限公司', is_key: true })
    expect(updateBody(original, { ...original }, false)).toEqual({})
    expect(updateBody(original, { ...original, contact_phone: '13812345678' }, false)).toEqual({ contact_phone: '13812345678' })
    expect(updateBody(original, { ...original, contact_phone: '13812345678' }, true)).toEqual({})
  })

  it('recognises masked and valid phone numbers', () => {
    expect(isMaskedPhone('138****5678')).toBe(true)
    expect(isMaskedPhone('13812345678')).toBe(false)
    expect(isPhone('13812345678')).toBe(true)
    expect(isPhone('0376-6221234')).toBe(true)
    expect(isPhone('12345')).toBe(false)
  })
})
