import { describe, expect, it } from 'vitest'
import { featureOf, mapCodeFor, mapValues, overdueCases, regionLevel, type MapSources } from '@/views/cockpit/utils/data'
import type { CaseRow } from '@/api/cases'

import city from '@/assets/geo/411500.json'
import province from '@/assets/geo/410000.json'

interface Geo {
  type: string
  features: Array<{ properties: { code: string; name: string }; geometry: { type: string } }>
}
const geo = (code: string): Geo => (code === '411500' ? city : province) as Geo

const namesOf = (code: string) => new Map(geo(code).features.map((f) => [f.properties.code, f.properties.name]))

describe('boundary maps shipped for the cockpit', () => {
  it('信阳市 has its ten county-level divisions with GB/T 2260 codes and names', () => {
    const map = geo('411500')
    expect(map.type).toBe('FeatureCollection')
    expect([...namesOf('411500')]).toEqual([
      ['411502', '浉河区'],
      ['411503', '平桥区'],
      ['411521', '罗山县'],
      ['411522', '光山县'],
      ['411523', '新县'],
      ['411524', '商城县'],
      ['411525', '固始县'],
      ['411526', '潢川县'],
      ['411527', '淮滨县'],
      ['411528', '息县']
    ])
    expect(map.features.every((f) => f.geometry.type === 'MultiPolygon')).toBe(true)
  })

  it('河南省 has its seventeen cities and 济源', () => {
    const names = namesOf('410000')
    expect(names.size).toBe(18)
    expect(names.get('411500')).toBe('信阳市')
    expect(names.get('419001')).toBe('济源市')
  })
})

describe('which map and which region a figure falls on', () => {
  it('reads the level of a code', () => {
    expect([regionLevel('410000'), regionLevel('411500'), regionLevel('411522')]).toEqual([1, 2, 3])
  })

  it('shows a province the cities, a city and its counties the city map', () => {
    const shipped = (code: string) => ['410000', '411500'].includes(code)
    expect(mapCodeFor('410000', shipped)).toBe('410000')
    expect(mapCodeFor('411500', shipped)).toBe('411500')
    expect(mapCodeFor('411522', shipped)).toBe('411500')
    // A city without a shipped county map falls back to the province's cities.
    expect(mapCodeFor('410100', shipped)).toBe('410000')
  })

  it('rolls a county up to its city on the province map and drops codes off the map', () => {
    const province = new Set(namesOf('410000').keys())
    expect(featureOf('411522', '410000', province)).toBe('411500')
    expect(featureOf('411500', '410000', province)).toBe('411500')
    expect(featureOf('419001', '410000', province)).toBe('419001')
    const counties = new Set(namesOf('411500').keys())
    expect(featureOf('411522', '411500', counties)).toBe('411522')
    expect(featureOf('411571', '411500', counties)).toBeNull() // a functional zone has no boundary
    expect(featureOf('410102', '411500', counties)).toBeNull()
  })
})

describe('map values by indicator', () => {
  const block = (open: number, overdue: number) => ({ snapshot: { open, overdue } })
  const sources = {
    cases: {
      by_region: [
        { region_code: '411522', ...block(10, 4) },
        { region_code: '411523', ...block(5, 0) },
        { region_code: '411571', ...block(3, 3) }
      ]
    },
    funds: { items: [{ region_code: '411522', values: { out_of_province_funds: '12.50' } }] },
    trade: {
      items: [
        {
          key: 'labour_dispatched',
          breakdown: [
            { code: '411522', label: '光山县', value: 30 },
            { code: '411528', label: '息县', value: 12 },
            { code: 'EPS', label: '中韩雇佣制', value: 42 }
          ]
        }
      ]
    }
  } as unknown as MapSources

  it('counts open cases and divides overdue by open per county (no open cases: no rate)', () => {
    const names = namesOf('411500')
    const open = new Map(mapValues('open', sources, '411500', names).map((v) => [v.code, v.value]))
    expect([open.get('411522'), open.get('411523'), open.get('411528')]).toEqual([10, 5, 0])
    const rate = new Map(mapValues('overdueRate', sources, '411500', names).map((v) => [v.code, v.value]))
    expect([rate.get('411522'), rate.get('411523'), rate.get('411528')]).toEqual([40, 0, null])
  })

  it('reads funds and workers per county, leaving programmes out', () => {
    const names = namesOf('411500')
    const funds = mapValues('funds', sources, '411500', names).find((v) => v.code === '411522')
    expect(funds?.value).toBe(12.5)
    const workers = new Map(mapValues('workers', sources, '411500', names).map((v) => [v.code, v.value]))
    expect([workers.get('411522'), workers.get('411528')]).toEqual([30, 12])
  })

  it('sums the counties into their city on the province map', () => {
    const names = namesOf('410000')
    const open = mapValues('open', sources, '410000', names)
    expect(open.find((v) => v.code === '411500')?.value).toBe(18)
    expect(open.find((v) => v.code === '410100')?.value).toBe(0)
  })
})

describe('the most overdue cases', () => {
  it('keeps only cases past their deadline and counts whole days late', () => {
    const now = new Date('2021-12-31T12:00:00+08:00')
    const row = (id: number, due: string | null) =>
      ({
        id,
        case_no: `XY${id}`,
        title: `诉求${id}`,
        enterprise_name: '企业',
        region_name: '光山县',
        lead_unit_name: '市自然资源和规划局',
        resolve_due: due,
        warning_label: '红色预警',
        warning_level: 'RED'
      }) as unknown as CaseRow
    const got = overdueCases([row(1, '2021-12-01T12:00:00+08:00'), row(2, '2021-12-31T11:00:00+08:00'), row(3, '2022-01-05T00:00:00+08:00'), row(4, null)], now)
    expect(got.map((c) => [c.id, c.daysLate])).toEqual([
      [1, 30],
      [2, 1]
    ])
  })
})
