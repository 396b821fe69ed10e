import dayjs from 'dayjs'

/** `2021-07-10 14:03` in the browser's time zone; '—' for nothing. */
export function formatDateTime(value: string | null | undefined, withSeconds = false): string {
  if (!value) return '—'
  const d = dayjs(value)
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : value
}

/** Whole minutes left, rounded up, never below 1 (for "locked, retry in N minutes"). */
export function minutesLeft(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60))
}

/** Decimal strings from the API (`"12345.60"`); a number only for display and charts, never for sums sent back. */
export function toNumber(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : 0
}

/** Grouped digits with at most `digits` decimals, trailing zeros dropped (`66,006`, `1.25`, `0`); '—' for nothing. */
export function formatAmount(value: string | number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = toNumber(value)
  // -0 and amounts that round to zero read as 0, never "-0" or "0.0000".
  const shown = Math.abs(n) < 0.5 * 10 ** -digits ? 0 : n
  return shown.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** Money units a figure may carry; their amounts show at most two decimals. */
const MONEY_UNITS = new Set(['元', '万元', '亿元', '美元', '万美元', '亿美元'])
/** A smaller unit for a tiny non-zero amount (0.0012 亿元 reads as 12 万元, not 0). */
const SMALLER: Record<string, [string, number]> = { 亿元: ['万元', 10_000], 亿美元: ['万美元', 10_000] }

/**
 * A figure's value and unit as shown: rates with one decimal and `%`, money with at most two decimals (a tiny
 * amount in the next smaller unit), counts as grouped integers; text as it came; '—' for nothing.
 */
export function figureParts(value: string | number | null | undefined, unit: string): { text: string; unit: string } {
  if (value === null || value === undefined || value === '') return { text: '—', unit: '' }
  if (typeof value === 'string' && !Number.isFinite(Number(value))) return { text: value, unit }
  const n = toNumber(value)
  if (unit === '%') return { text: `${(Math.abs(n) < 0.05 ? 0 : n).toFixed(1)}`, unit: '%' }
  if (MONEY_UNITS.has(unit)) {
    const smaller = SMALLER[unit]
    if (smaller && n !== 0 && Math.abs(n) < 0.01) return { text: formatAmount(n * smaller[1], 2), unit: smaller[0] }
    return { text: formatAmount(n, 2), unit }
  }
  return { text: formatAmount(n, 2), unit }
}

/** A figure as one string: `12.35 亿元`, `85.7%`, `1,234 人`, `—`. */
export function figureText(value: string | number | null | undefined, unit: string): string {
  const parts = figureParts(value, unit)
  if (parts.text === '—' || !parts.unit) return parts.text
  return parts.unit === '%' ? `${parts.text}%` : `${parts.text} ${parts.unit}`
}

export function percent(part: number, whole: number): string {
  if (!whole) return '0%'
  return `${((part / whole) * 100).toFixed(1)}%`
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe inside the HTML of a chart tooltip: names there come from user data. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

/** An item tooltip `名称：值` (and `（占比%）`), the name and value escaped. */
export function itemTooltip(withPercent = false) {
  return (p: { name: string; value: unknown; percent?: number }): string =>
    `${escapeHtml(p.name)}：${escapeHtml(p.value)}${withPercent ? `（${p.percent ?? 0}%）` : ''}`
}
