import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { baseCompile } from '@intlify/message-compiler'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'
import { compileMessage, parseMessage } from '@/locales/compile'

type Tree = { [key: string]: string | Tree }

function flatten(tree: object, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value as object, `${prefix}${key}.`)
  )
}

/** The same messages as vue-i18n's own compiler turns them into (message ASTs, which vue-i18n renders itself). */
function compiledByVueI18n(tree: object): Tree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => [key, typeof value === 'string' ? (baseCompile(value, { jit: true, location: false }).ast as unknown as string) : compiledByVueI18n(value as object)])
  )
}

/** A value for each placeholder of a message, named after it (so a swapped placeholder shows). */
function sampleValues(message: string): Record<string, string> {
  return Object.fromEntries([...message.matchAll(/\{\s*([A-Za-z_$][\w$-]*)\s*\}/g)].map((m) => [m[1], `«${m[1]}»`]))
}

describe('the shipped message compiler', () => {
  it.each([
    ['zh-CN', zhCN],
    ['en', en]
  ])('renders every %s message as vue-i18n does', (locale, messages) => {
    const ours = createI18n({ legacy: false, locale, messages: { [locale]: messages }, messageCompiler: compileMessage })
    const theirs = createI18n({ legacy: false, locale, messages: { [locale]: compiledByVueI18n(messages) } })
    for (const [key, message] of flatten(messages)) {
      const values = sampleValues(message)
      expect(ours.global.t(key, values), key).toBe(theirs.global.t(key, values))
    }
  })

  it('reads named and list placeholders and literals', () => {
    expect(parseMessage("共 {n} 条，{ 0 } 与 {'{'}seq{'}'}")).toEqual(['共 ', { named: 'n' }, ' 条，', { list: 0 }, ' 与 {seq}'])
    const i18n = createI18n({ legacy: false, locale: 'x', messages: { x: { a: '{who} 于 {when}', l: '{0} 与 {1}', b: '纯文本' } }, messageCompiler: compileMessage })
    expect(i18n.global.t('a', { who: '张三', when: '今天' })).toBe('张三 于 今天')
    expect(i18n.global.t('l', ['甲', '乙'])).toBe('甲 与 乙')
    expect(i18n.global.t('b')).toBe('纯文本')
  })
})
