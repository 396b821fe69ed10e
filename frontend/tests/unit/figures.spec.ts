import { describe, expect, it } from 'vitest'
import type { Indicator } from '@/api/trade'
import { figureParts, figureText, formatAmount } from '@/utils/format'
import { countyEmpty, tradeKpis, valueText, yoyRows } from '@/views/trade/utils/indicators'

describe('figures with a sensible precision', () => {
  it('shows money with at most two decimals and never 0.0000', () => {
    expect(figureText('0.0000', '亿元')).toBe('0 亿元')
    expect(figureText('12.3456', '亿元')).toBe('12.35 亿元')
    expect(figureText('123456.70', '万元')).toBe('123,456.7 万元')
    expect(figureText('-0.0001', '万美元')).toBe('0 万美元')
    // A tiny amount in 亿元 reads in 万元 rather than rounding to nothing.
    expect(figureText('0.0012', '亿元')).toBe('12 万元')
    expect(figureParts('0.0012', '亿元')).toEqual({ text: '12', unit: '万元' })
  })

  it('shows rates with one decimal, counts grouped, nothing as a dash', () => {
    expect(figureText(85.66, '%')).toBe('85.7%')
    expect(figureText('-0.01', '%')).toBe('0.0%')
    expect(figureText(12345, '人')).toBe('12,345 人')
    expect(figureText(null, '亿元')).toBe('—')
    expect(figureText('', '人')).toBe('—')
    expect(formatAmount(0.004)).toBe('0')
    expect(formatAmount(-0.004)).toBe('0')
  })

  it('gives trade cards the same formatting', () => {
    expect(valueText('0.0000', '亿元')).toBe('0 亿元')
    const item = (key: string, value: string | number, unit: string, extra: Partial<Indicator> = {}) =>
      ({ key, title: key, value, unit, rows: [26, 27], yoy_percent: null, last_year_value: null, breakdown: [], ...extra }) as unknown as Indicator
    const kpis = tradeKpis([item('labour_dispatched', 1200, '人'), item('promotion_events', '0.0000', '亿元')])
    expect(kpis.map((k) => [k.key, k.value, k.unit])).toEqual([
      ['labour_dispatched', '1,200', '人'],
      ['promotion_events', '0', '亿元']
    ])
  })

  it('leaves charts empty rather than drawing zero bars', () => {
    const item = (key: string, extra: Partial<Indicator>) => ({ key, title: key, value: 0, unit: '人', rows: [25], yoy_percent: null, last_year_value: 0, breakdown: [], ...extra }) as unknown as Indicator
    const zeros = item('labour_dispatched', { breakdown: [{ code: '411522', label: '光山县', value: 0 }] as never })
    expect(countyEmpty([zeros])).toBe(true)
    expect(countyEmpty([item('labour_dispatched', { breakdown: [{ code: '411522', label: '光山县', value: 3 }] as never })])).toBe(false)
    expect(countyEmpty([])).toBe(true)
    // Nothing either year: no 0 % bar; a real change is drawn.
    expect(yoyRows([item('a', { yoy_percent: 0, value: 0, last_year_value: 0 }), item('b', { yoy_percent: 25, value: 5, last_year_value: 4 })]).map((i) => i.key)).toEqual(['b'])
  })
})
