import { describe, expect, it } from 'vitest'
import { USCC_WEIGHTS, isValidUscc, normalizeUscc, usccCheckChar, usccProblem } from '@/utils/uscc'
import { usccMessageKey } from '@/views/enterprises/utils/rule'

const VALID = ['914403001922038216', '91330100716105852F', '9144030071526726XG']

describe('USCC (GB 32100-2015)', () => {
  it('uses the weights 3^(i-1) mod 31', () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
  })

  it.each(VALID)('accepts the published code %s', (code) => {
    expect(isValidUscc(code)).toBe(true)
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17])
  })

  it('maps a check value of 31 to 0', () => {
    // Find a 17-character body whose weighted sum is a multiple of 31: its check character is '0'.
    const body = '9141150000000000'
    let found: string | null = null
    for (const ch of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      if (usccCheckChar(body + ch) === '0') found = body + ch
    }
    expect(found).not.toBeNull()
    expect(isValidUscc(`${found}0`)).toBe(true)
  })

  it('rejects a wrong check character', () => {
    expect(usccProblem('914403001922038217')).toBe('check')
    expect(usccProblem('91330100716105852G')).toBe('check')
  })

  it('rejects letters outside the charset (I, O, S, V, Z)', () => {
    expect(usccProblem('9144030071526726XO')).toBe('charset')
    expect(usccProblem('9I4403001922038216')).toBe('charset')
    expect(usccProblem('91440300192203821Z')).toBe('charset')
  })

  it('rejects wrong lengths and empty input', () => {
    expect(usccProblem('')).toBe('required')
    expect(usccProblem(null)).toBe('required')
    expect(usccProblem('91440300192203821')).toBe('length')
    expect(usccProblem('9144030019220382160')).toBe('length')
  })

  it('accepts lower case and blanks by normalising them', () => {
    expect(normalizeUscc(' 9133 0100 7161 0585 2f ')).toBe('91330100716105852F')
    expect(isValidUscc('9144030071526726xg')).toBe(true)
  })

  it('gives the form a message key per problem', () => {
    expect(usccMessageKey(VALID[0])).toBeNull()
    expect(usccMessageKey('914403001922038217')).toBe('enterprise.usccCheck')
    expect(usccMessageKey('123')).toBe('enterprise.usccLength')
    expect(usccMessageKey('')).toBe('enterprise.usccRequired')
  })
})
