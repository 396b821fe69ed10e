/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last one a
 * mod-31 check character over the first 17.
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weights of positions 1..17: 3^(i-1) mod 31. */
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1
  for (let k = 0; k < i; k++) w = (w * 3) % 31
  return w
})

export type UsccProblem = 'required' | 'length' | 'charset' | 'check'

/** The check character for the first 17 characters, or null when they hold an invalid character. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i])
    if (value < 0) return null
    sum += value * USCC_WEIGHTS[i]
  }
  const check = (31 - (sum % 31)) % 31
  return USCC_CHARSET[check]
}

/** Upper-cases and strips blanks, as a user may paste `9144 0300 …` or lower-case letters. */
export function normalizeUscc(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

/** What is wrong with a code (after normalising), or null when it is valid. */
export function usccProblem(input: string | null | undefined): UsccProblem | null {
  const code = normalizeUscc(input ?? '')
  if (!code) return 'required'
  if (code.length !== 18) return 'length'
  for (const ch of code) if (!USCC_CHARSET.includes(ch)) return 'charset'
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'check'
}

export function isValidUscc(input: string | null | undefined): boolean {
  return usccProblem(input) === null
}
