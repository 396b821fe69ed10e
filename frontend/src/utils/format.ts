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
