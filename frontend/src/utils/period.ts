/**
 * Reporting periods as the backend reads them: `2021` (year), `2021-Q3` (quarter), `2021-07` (month),
 * `2021-07-YTD` (January to the end of July) and `2021-03-01..2021-06-30` (custom, both days included).
 */
import dayjs from 'dayjs'

export type PeriodKind = 'month' | 'quarter' | 'year' | 'ytd' | 'custom'

export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'ytd', 'custom']

export interface PeriodSelection {
  kind: PeriodKind
  year: number
  /** 1-12 (month and year-to-date). */
  month: number
  /** 1-4. */
  quarter: number
  /** `YYYY-MM-DD` first and last day (custom). */
  from: string
  to: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

function validDay(value: string): boolean {
  return ISO_DAY.test(value) && dayjs(value).format('YYYY-MM-DD') === value
}

/** The period string of a selection, or null when it is incomplete (a custom range without both days). */
export function toPeriod(sel: PeriodSelection): string | null {
  switch (sel.kind) {
    case 'year':
      return String(sel.year)
    case 'quarter':
      return `${sel.year}-Q${Math.min(4, Math.max(1, sel.quarter))}`
    case 'month':
      return `${sel.year}-${pad(sel.month)}`
    case 'ytd':
      return `${sel.year}-${pad(sel.month)}-YTD`
    case 'custom': {
      if (!validDay(sel.from) || !validDay(sel.to)) return null
      const [a, b] = sel.from <= sel.to ? [sel.from, sel.to] : [sel.to, sel.from]
      return `${a}..${b}`
    }
  }
}

/** The kinds the figures pages offer (the one period control): year, quarter, month. */
export const FIGURE_PERIOD_KINDS: readonly PeriodKind[] = ['year', 'quarter', 'month']

/**
 * The period a figures page asks for: the given one when it is a year, quarter or month, else the current year
 * (the control's default; a link naming another kind of period opens on the current year too).
 */
export function figurePeriod(value?: string | null, today: Date = new Date()): string {
  const sel = value ? parsePeriod(value, today) : null
  if (sel && FIGURE_PERIOD_KINDS.includes(sel.kind)) return toPeriod(sel) ?? String(today.getFullYear())
  return String(today.getFullYear())
}

/** The current month, quarter and year of `today`, as the picker opens. */
export function defaultSelection(today: Date = new Date(), kind: PeriodKind = 'month'): PeriodSelection {
  const d = dayjs(today)
  const month = d.month() + 1
  return {
    kind,
    year: d.year(),
    month,
    quarter: Math.floor((month - 1) / 3) + 1,
    from: d.startOf('month').format('YYYY-MM-DD'),
    to: d.format('YYYY-MM-DD')
  }
}

/** Reads a period string back into a selection (the rest of the fields from `today`); null if unreadable. */
export function parsePeriod(text: string, today: Date = new Date()): PeriodSelection | null {
  const value = text.trim().toUpperCase()
  const base = defaultSelection(today)
  let m: RegExpExecArray | null
  if ((m = /^(\d{4})$/.exec(value))) return { ...base, kind: 'year', year: Number(m[1]) }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) {
    const quarter = Number(m[2])
    return { ...base, kind: 'quarter', year: Number(m[1]), quarter, month: quarter * 3 - 2 }
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const month = Number(m[2])
    return { ...base, kind: 'month', year: Number(m[1]), month, quarter: Math.floor((month - 1) / 3) + 1 }
  }
  if ((m = /^(\d{4})-(\d{2})-YTD$/.exec(value)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const month = Number(m[2])
    return { ...base, kind: 'ytd', year: Number(m[1]), month, quarter: Math.floor((month - 1) / 3) + 1 }
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value)) && validDay(m[1]) && validDay(m[2]) && m[1] <= m[2]) {
    return { ...base, kind: 'custom', from: m[1], to: m[2] }
  }
  return null
}

/** First and last day (inclusive) a period string covers, for labels and date pickers. */
export function periodDays(text: string): { first: string; last: string } | null {
  const sel = parsePeriod(text)
  if (!sel) return null
  const first = (y: number, m: number) => dayjs(`${y}-${pad(m)}-01`)
  switch (sel.kind) {
    case 'year':
      return { first: `${sel.year}-01-01`, last: `${sel.year}-12-31` }
    case 'quarter': {
      const start = first(sel.year, sel.quarter * 3 - 2)
      return { first: start.format('YYYY-MM-DD'), last: start.add(2, 'month').endOf('month').format('YYYY-MM-DD') }
    }
    case 'month': {
      const start = first(sel.year, sel.month)
      return { first: start.format('YYYY-MM-DD'), last: start.endOf('month').format('YYYY-MM-DD') }
    }
    case 'ytd':
      return { first: `${sel.year}-01-01`, last: first(sel.year, sel.month).endOf('month').format('YYYY-MM-DD') }
    case 'custom':
      return { first: sel.from, last: sel.to }
  }
}

/** A date-time range picked in a search bar → `from` / `to` query parameters, ISO 8601 with the browser's offset. */
export function timeRangeParams(range: [Date, Date] | null | undefined): { from?: string; to?: string } {
  if (!range) return {}
  return { from: dayjs(range[0]).format('YYYY-MM-DDTHH:mm:ssZ'), to: dayjs(range[1]).format('YYYY-MM-DDTHH:mm:ssZ') }
}
