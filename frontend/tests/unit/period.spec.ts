import { describe, expect, it } from 'vitest'
import { defaultSelection, parsePeriod, periodDays, toPeriod, type PeriodSelection } from '@/utils/period'

const sel = (over: Partial<PeriodSelection>): PeriodSelection => ({ ...defaultSelection(new Date(2021, 6, 15)), ...over })

describe('period picker → the backend period syntax', () => {
  it('renders each kind as the API reads it', () => {
    expect(toPeriod(sel({ kind: 'year', year: 2021 }))).toBe('2021')
    expect(toPeriod(sel({ kind: 'quarter', year: 2021, quarter: 3 }))).toBe('2021-Q3')
    expect(toPeriod(sel({ kind: 'month', year: 2021, month: 7 }))).toBe('2021-07')
    expect(toPeriod(sel({ kind: 'month', year: 2021, month: 12 }))).toBe('2021-12')
    expect(toPeriod(sel({ kind: 'ytd', year: 2021, month: 7 }))).toBe('2021-07-YTD')
    expect(toPeriod(sel({ kind: 'custom', from: '2021-03-01', to: '2021-06-30' }))).toBe('2021-03-01..2021-06-30')
  })

  it('orders a custom range and refuses an incomplete or impossible one', () => {
    expect(toPeriod(sel({ kind: 'custom', from: '2021-06-30', to: '2021-03-01' }))).toBe('2021-03-01..2021-06-30')
    expect(toPeriod(sel({ kind: 'custom', from: '', to: '2021-06-30' }))).toBeNull()
    expect(toPeriod(sel({ kind: 'custom', from: '2021-02-30', to: '2021-06-30' }))).toBeNull()
  })

  it('opens on the current month, quarter and year', () => {
    const d = defaultSelection(new Date(2021, 7, 20))
    expect(d).toMatchObject({ kind: 'month', year: 2021, month: 8, quarter: 3, from: '2021-08-01', to: '2021-08-20' })
    expect(toPeriod(defaultSelection(new Date(2021, 7, 20), 'ytd'))).toBe('2021-08-YTD')
  })

  it('reads every period string back (round trip)', () => {
    for (const text of ['2021', '2021-Q3', '2021-07', '2021-07-YTD', '2021-03-01..2021-06-30']) {
      const parsed = parsePeriod(text)
      expect(parsed).not.toBeNull()
      expect(toPeriod(parsed!)).toBe(text)
    }
    expect(parsePeriod('2021-q2')?.quarter).toBe(2)
    expect(parsePeriod('2021-13')).toBeNull()
    expect(parsePeriod('2021-Q5')).toBeNull()
    expect(parsePeriod('2021-06-30..2021-03-01')).toBeNull()
    expect(parsePeriod('last year')).toBeNull()
  })

  it('knows the days a period covers', () => {
    expect(periodDays('2021-Q1')).toEqual({ first: '2021-01-01', last: '2021-03-31' })
    expect(periodDays('2020-02')).toEqual({ first: '2020-02-01', last: '2020-02-29' })
    expect(periodDays('2021-07-YTD')).toEqual({ first: '2021-01-01', last: '2021-07-31' })
    expect(periodDays('2021')).toEqual({ first: '2021-01-01', last: '2021-12-31' })
  })
})
