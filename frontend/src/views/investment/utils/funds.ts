/** Funds in place month by month: the current revision of each month with its corrections as history. */
import type { Fund } from '@/api/investment'

export interface FundMonth {
  month: string
  /** The revision that counts (null only if every revision was superseded, which the server never leaves). */
  current: Fund | null
  /** Earlier revisions, newest first. */
  history: Fund[]
}

/** Months newest first; within a month the current revision and the superseded ones after it. */
export function groupFundsByMonth(items: readonly Fund[]): FundMonth[] {
  const byMonth = new Map<string, Fund[]>()
  for (const item of items) {
    const list = byMonth.get(item.month) ?? []
    list.push(item)
    byMonth.set(item.month, list)
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([month, list]) => {
      const sorted = [...list].sort((a, b) => b.revision - a.revision)
      return { month, current: sorted.find((f) => f.is_current) ?? null, history: sorted.filter((f) => !f.is_current) }
    })
}
