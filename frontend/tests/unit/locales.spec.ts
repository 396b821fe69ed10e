import { describe, expect, it } from 'vitest'
import { baseCompile } from '@intlify/message-compiler'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { i18n } from '@/locales'

function flatten(tree: object, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value as object, `${prefix}${key}.`)
  )
}

describe('locales', () => {
  it.each([
    ['zh-CN', zhCN],
    ['en', en]
  ])('every %s message compiles (no stray @, |, { or })', (_name, messages) => {
    for (const [key, message] of flatten(messages)) {
      const errors: string[] = []
      baseCompile(message, { onError: (e) => errors.push(`${key}: ${e.message}`) })
      expect(errors).toEqual([])
    }
  })

  it('has the same keys in both languages', () => {
    expect(flatten(en).map(([k]) => k).sort()).toEqual(flatten(zhCN).map(([k]) => k).sort())
  })

  it('renders named values and full-width punctuation as written', () => {
    expect(i18n.global.t('case.due.overdueDays', { n: 2 })).toBe('已超期2天')
    expect(i18n.global.t('report.rateTooltip', { numerator: 6, numeratorLabel: '办结件数', denominator: 12, denominatorLabel: '受理件数', basis: '期内登记' })).toBe(
      '【期内登记】办结件数 6 ÷ 受理件数 12'
    )
  })
})
