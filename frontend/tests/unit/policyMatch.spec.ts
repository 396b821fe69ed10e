import { describe, expect, it } from 'vitest'
import { conditionsBody, conditionsForm, rateText } from '@/views/policies/utils/match'
import { notificationTarget } from '@/views/notifications/utils/hook'

describe('policy conditions form', () => {
  it('reads an untargeted policy as every condition open', () => {
    expect(conditionsForm(null)).toEqual({ industries: [], sizes: [], enterprise_types: [], region_codes: [], key: 'any' })
  })

  it('round-trips the key-enterprise flag through the three choices', () => {
    const base = { policy_id: 1, targeted: true, region_names: [], version: 2, industries: ['茶叶加工'], sizes: ['small' as const], enterprise_types: ['private' as const], region_codes: ['411522'] }
    expect(conditionsForm({ ...base, key_enterprise: true }).key).toBe('key')
    expect(conditionsForm({ ...base, key_enterprise: false }).key).toBe('not_key')
    expect(conditionsForm({ ...base, key_enterprise: null }).key).toBe('any')
    const form = conditionsForm({ ...base, key_enterprise: false })
    expect(conditionsBody(form)).toEqual({ industries: ['茶叶加工'], sizes: ['small'], enterprise_types: ['private'], region_codes: ['411522'], key_enterprise: false })
    expect(conditionsBody({ ...form, key: 'any', industries: [' 茶叶加工 ', ' '] })).toMatchObject({ industries: ['茶叶加工'], key_enterprise: null })
  })
})

describe('rateText', () => {
  it('shows the percent with its numerator and denominator', () => {
    expect(rateText({ numerator: 1, denominator: 2, percent: 50 })).toBe('50.0%（1 / 2）')
    expect(rateText({ numerator: 0, denominator: 0, percent: null })).toBe('—（0 / 0）')
  })
})

describe('a pushed policy notice', () => {
  it('leads an enterprise to its home page and a cadre to the policy list', () => {
    const notice = { case_id: null, supervision_id: null, kind: 'policy' }
    expect(notificationTarget(notice, true)).toBe('/')
    expect(notificationTarget(notice)).toBe('/policies')
    expect(notificationTarget({ case_id: 7, supervision_id: null, kind: 'assigned' })).toBe('/cases/7')
  })
})
