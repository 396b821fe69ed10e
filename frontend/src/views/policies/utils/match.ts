/** 政策找企业 helpers: the conditions form ↔ body, a rate as text with its parts. */
import type { PolicyConditions, PolicyConditionsBody } from '@/api/campaign'

export type KeyChoice = 'any' | 'key' | 'not_key'

export interface ConditionsForm {
  industries: string[]
  sizes: PolicyConditionsBody['sizes'] & string[]
  enterprise_types: NonNullable<PolicyConditionsBody['enterprise_types']> & string[]
  region_codes: string[]
  key: KeyChoice
}

/** The fields a 422 may name (`region_codes.1` belongs to `region_codes`). */
export const CONDITION_FIELDS = ['industries', 'sizes', 'enterprise_types', 'region_codes', 'key_enterprise'] as const

export function conditionsForm(c: PolicyConditions | null): ConditionsForm {
  return {
    industries: [...(c?.industries ?? [])],
    sizes: [...(c?.sizes ?? [])],
    enterprise_types: [...(c?.enterprise_types ?? [])],
    region_codes: [...(c?.region_codes ?? [])],
    key: c?.key_enterprise === true ? 'key' : c?.key_enterprise === false ? 'not_key' : 'any'
  }
}

export function conditionsBody(form: ConditionsForm): PolicyConditionsBody {
  return {
    industries: form.industries.map((s) => s.trim()).filter((s) => s.length > 0),
    sizes: [...form.sizes],
    enterprise_types: [...form.enterprise_types],
    region_codes: [...form.region_codes],
    key_enterprise: form.key === 'any' ? null : form.key === 'key'
  }
}

/** `50.0%（2 / 4）`, or `—（0 / 0）` over an empty denominator. */
export function rateText(rate: { numerator: number; denominator: number; percent: number | null }): string {
  const value = rate.percent === null ? '—' : `${rate.percent.toFixed(1)}%`
  return `${value}（${rate.numerator} / ${rate.denominator}）`
}
