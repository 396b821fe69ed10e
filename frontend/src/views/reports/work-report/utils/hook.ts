/** Helpers of the work report page: the default period, figure lookup from a clicked placeholder, comparisons. */
import type { ReportFigure } from '@/api/workReport'

/** Last full year while January lasts (the annual report is written then), else this year. */
export function defaultReportYear(now: Date = new Date()): string {
  return String(now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear())
}

/** The figure a placeholder such as `out_of_province_funds.rank` refers to. */
export function figureOfPlaceholder(placeholder: string | undefined, figures: readonly ReportFigure[]): ReportFigure | undefined {
  if (!placeholder) return undefined
  const key = placeholder.split('.')[0]
  return figures.find((f) => f.key === key)
}

/** A percentage with its sign, or a dash. */
export function percentText(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}%`
}
