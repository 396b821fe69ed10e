/** Label tables: every code the UI shows in place of text has its Chinese name, for every value the API sends. */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadDefaultDictionary } from './dictionary'
import spec from '../../openapi.json'
import { i18n } from '@/locales'
import { RANKED_INDICATORS } from '@/api/trade'
import { CODED_FIELDS, labelOf } from '@/views/enterprises/profile/utils/hook'
import { AUDIT_ACTION_GROUPS } from '@/views/audit/logs/utils/types'
import { toAuditQuery } from '@/views/audit/logs/utils/hook'
import { descriptionsLayout } from '@/utils/descriptions'

const t = (key: string) => i18n.global.t(key)
const schemas = spec.components.schemas as Record<string, { enum?: string[] }>

/** The values of one of the API's enums, as the OpenAPI document declares them. */
function enumValues(name: string): string[] {
  const values = schemas[name]?.enum
  expect(values, `${name} is an enum of the API`).toBeDefined()
  return values ?? []
}

/** The profile's coded fields and the API enum whose values each one holds. */
const PROFILE_ENUMS: Record<string, string> = {
  'cases.state': 'CaseState',
  'cases.warning_level': 'WarningLevel',
  'pairings.kind': 'PairingKind',
  'projects.stage': 'Stage',
  'foreign_capital.caliber': 'Caliber',
  'fairs.mode': 'Mode'
}

const isChinese = (text: string) => /[\u4e00-\u9fff]/.test(text)

beforeAll(loadDefaultDictionary)

describe('一企一档 labels', () => {
  it('names every value of every coded field in Chinese', () => {
    expect([...CODED_FIELDS].sort()).toEqual(Object.keys(PROFILE_ENUMS).sort())
    for (const field of CODED_FIELDS) {
      const [part, key] = field.split('.')
      for (const value of enumValues(PROFILE_ENUMS[field])) {
        const label = labelOf(part, key, value)
        expect(label, `${field}=${value}`).not.toBe(value)
        expect(isChinese(label), `${field}=${value} → ${label}`).toBe(true)
      }
    }
  })

  it('shows the fairs mode and the caliber by name', () => {
    expect(labelOf('fairs', 'mode', 'hybrid')).toBe('线上线下')
    expect(labelOf('fairs', 'mode', 'online')).toBe('线上')
    expect(labelOf('foreign_capital', 'caliber', 'mofcom')).toBe('商务部口径')
    // Free text stays as written.
    expect(labelOf('visits', 'notes', 'online')).toBe('online')
  })
})

describe('audit log labels', () => {
  it('names every action group and system actor in Chinese', () => {
    for (const group of AUDIT_ACTION_GROUPS) expect(isChinese(t(`audit.actionGroups.${group}`)), group).toBe(true)
    for (const actor of ['system_seed', 'system_installer', 'anonymous']) expect(isChinese(t(`audit.actors.${actor}`)), actor).toBe(true)
  })

  it('filters by the group as a code prefix', () => {
    expect(toAuditQuery({ service: '', actor: '', action: 'fund', entity_id: '', range: null }, 1, 20).action).toBe('fund.')
  })
})

describe('trade bulletin indicators', () => {
  it('names every indicator a bulletin may rank', () => {
    for (const code of RANKED_INDICATORS) expect(isChinese(t(`trade.rankedIndicators.${code}`)), code).toBe(true)
  })
})

describe('detail layout', () => {
  it('stacks labels above values in one column on a phone', () => {
    expect(descriptionsLayout(true, 3, 140)).toEqual({ column: 1, direction: 'vertical' })
    expect(descriptionsLayout(false, 3, 140)).toEqual({ column: 3, direction: 'horizontal', labelWidth: 140 })
    expect(descriptionsLayout(false, 2)).toEqual({ column: 2, direction: 'horizontal' })
  })
})
