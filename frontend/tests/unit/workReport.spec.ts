import { beforeAll, describe, expect, it } from 'vitest'
import { loadDefaultDictionary } from './dictionary'
import { figureRoute, figureValue } from '@/api/workReport'
import { defaultReportYear, figureOfPlaceholder, percentText } from '@/views/reports/work-report/utils/hook'
import { labelOf, partColumns } from '@/views/enterprises/profile/utils/hook'

const figure = {
  key: 'out_of_province_funds',
  display: '70.01',
  unit: '亿元',
  missing: false,
  provenance: { link: { path: '/investment/funds', query: { period: '2021' } } }
}

beforeAll(loadDefaultDictionary)

describe('work report helpers', () => {
  it('finds the figure of a placeholder, comparison parts included', () => {
    const figures = [figure] as never[]
    expect(figureOfPlaceholder('out_of_province_funds.rank', figures)).toBe(figure)
    expect(figureOfPlaceholder('nothing', figures)).toBeUndefined()
    expect(figureOfPlaceholder(undefined, figures)).toBeUndefined()
  })

  it('writes a missing figure as missing, never as 0', () => {
    expect(figureValue(figure, '（暂无数据）')).toBe('70.01 亿元')
    expect(figureValue({ display: null, unit: '家', missing: true }, '（暂无数据）')).toBe('（暂无数据）')
    expect(figureValue({ display: '100.0', unit: '%', missing: false }, '-')).toBe('100.0%')
  })

  it('opens the records page of a figure with its period', () => {
    expect(figureRoute(figure as never)).toEqual({ path: '/investment/funds', query: { period: '2021' } })
  })

  it('formats comparisons and picks the report year', () => {
    expect(percentText(6.5)).toBe('+6.5%')
    expect(percentText(-4)).toBe('-4.0%')
    expect(percentText(null)).toBe('—')
    expect(defaultReportYear(new Date(2022, 0, 15))).toBe('2021')
    expect(defaultReportYear(new Date(2022, 5, 1))).toBe('2022')
  })

  it('shows the fields that say most about each profile part', () => {
    const t = (key: string) => (key === 'case.states.IN_PROGRESS' ? '办理中' : key)
    expect(partColumns('cases', t).map((c) => c.key)).toContain('state')
    expect(partColumns('cases', t).find((c) => c.key === 'state')?.label).toBe('reports.profile.columns.cases.state')
    expect(partColumns('unknown', t)).toEqual([])
    expect(labelOf('cases', 'state', 'IN_PROGRESS')).toBe('办理中')
    expect(labelOf('cases', 'state', 'NEW_STATE')).toBe('NEW_STATE')
    expect(labelOf('cases', 'title', 'IN_PROGRESS')).toBe('IN_PROGRESS')
  })
})
