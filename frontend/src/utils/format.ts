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
