/**
 * The 业务字典 is the only label table of a dictionary-backed enumeration: no locale file and no page may
 * name its codes itself (an administrator's edit would not reach that page). The enumerations are the dump of
 * `platform_core.enumerations` (`npm run dump:enums`); a failure names the file and the key to remove, and
 * docs/dictionaries-and-parameters.md says how to convert it.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ENUMERATIONS, loadDefaultDictionary } from './dictionary'
import { dictAllCodes, dictCodes, dictColour, dictLabel, useDictionaryStore, type DictKey } from '@/store/modules/dictionary'
import { pinia } from '@/store'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'

/** Every page, component and helper of the SPA as text (the locales are checked as objects above). */
const SOURCES = import.meta.glob(['/src/**/*.ts', '/src/**/*.vue', '!/src/locales/**', '!/src/**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true
}) as Record<string, string>

/** How many of an enumeration's codes a table must name to count as a copy of it (all of a short one). */
const needed = (codes: string[]) => Math.min(codes.length, 3)

/** Every object of a locale tree whose values are all strings, with its dotted path. */
/** A name is short; a table of sentences keyed by codes (hints, explanations) is not a label table. */
const NAME_LENGTH = 10

function tables(node: unknown, path: string[] = []): Array<{ path: string; keys: string[] }> {
  if (!node || typeof node !== 'object') return []
  const entries = Object.entries(node as Record<string, unknown>)
  const names = entries.length && entries.every(([, v]) => typeof v === 'string' && v.length <= NAME_LENGTH)
  const own = names ? [{ path: path.join('.'), keys: entries.map(([k]) => k) }] : []
  return [...own, ...entries.flatMap(([k, v]) => tables(v, [...path, k]))]
}

describe('业务字典: no hard-coded label table', () => {
  it('has no locale table naming the codes of a dictionary-backed enumeration', () => {
    const offences: string[] = []
    for (const [file, messages] of [['src/locales/zh-CN.ts (and its modules)', zhCN], ['src/locales/en.ts (and its modules)', en]] as const) {
      for (const table of tables(messages)) {
        for (const e of DEFAULT_ENUMERATIONS) {
          const codes = e.items.map((i) => i.code)
          const named = codes.filter((c) => table.keys.includes(c))
          if (named.length >= needed(codes) && named.length * 2 > table.keys.length) {
            offences.push(`${file}: key "${table.path}" names ${named.join(', ')} of enumeration ${e.key} (${e.name}); use dictLabel('${e.key}', code)`)
          }
        }
      }
    }
    expect(offences, offences.join('\n')).toEqual([])
  })

  it('has no page or helper with an object naming those codes in Chinese', () => {
    const offences: string[] = []
    for (const [file, text] of Object.entries(SOURCES)) {
      // `code: '中文'` pairs, the shape of a label table ('IN_PROGRESS': '办理中', sea: '海运').
      const pairs = new Map<string, number>()
      for (const m of text.matchAll(/['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*:\s*['"`][^'"`\n]{0,16}[\u4e00-\u9fff][^'"`\n]{0,16}['"`]/g)) {
        pairs.set(m[1], (m.index ?? 0))
      }
      for (const e of DEFAULT_ENUMERATIONS) {
        const codes = e.items.map((i) => i.code)
        const named = codes.filter((c) => pairs.has(c) && e.items.find((i) => i.code === c)!.label.length > 0)
        if (named.length >= needed(codes)) {
          const line = text.slice(0, pairs.get(named[0])).split('\n').length
          offences.push(`${file.slice(1)}:${line}: names ${named.join(', ')} of enumeration ${e.key} (${e.name}); use dictLabel('${e.key}', code)`)
        }
      }
    }
    expect(offences, offences.join('\n')).toEqual([])
  })

  it('declares every served enumeration in the store type', () => {
    const store = SOURCES['/src/store/modules/dictionary.ts']
    for (const e of DEFAULT_ENUMERATIONS) expect(store, e.key).toContain(`'${e.key}'`)
  })
})

describe('dictionary store', () => {
  beforeAll(loadDefaultDictionary)

  it('names codes, orders and filters choices and colours tags as the administrator set them', () => {
    expect(dictLabel('case_source', 'hotline')).toBe('12345热线')
    expect(dictLabel('case_source', 'new_source')).toBe('new_source')
    expect(dictLabel('case_source', null)).toBe('')
    const store = useDictionaryStore(pinia)
    const sources = store.enumerations.find((e) => e.key === 'case_source')!
    const hotline = sources.items.find((i) => i.code === 'hotline')!
    Object.assign(hotline, { label: '政务热线', enabled: false, colour: '#123456' })
    sources.items.sort((a, b) => (a.code === 'leader' ? -1 : b.code === 'leader' ? 1 : 0))
    expect(dictLabel('case_source', 'hotline')).toBe('政务热线')
    expect(dictCodes('case_source' as DictKey)).not.toContain('hotline')
    expect(dictCodes('case_source', 'hotline')).toContain('hotline')
    expect(dictAllCodes('case_source')[0]).toBe('leader')
    expect(dictColour('case_source', 'hotline')).toEqual({ color: '#123456' })
    expect(dictColour('case_urgency', 'critical')).toEqual({ type: 'danger' })
    loadDefaultDictionary()
  })
})
