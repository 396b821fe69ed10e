/** Row errors of an all-or-nothing import (422 `import.rows_invalid`), as the error table lists them. */
import { ApiError } from '@/utils/http'

export interface RowError {
  /** Spreadsheet row (the header is row 1); null for an error of the whole file or a form field. */
  row: number | null
  /** The Chinese column header, or the field name when the server gave no header. */
  column: string
  message: string
}

export const ROWS_INVALID = 'import.rows_invalid'

/** Every row error of a refused import, ordered by row; an empty list for any other failure. */
export function rowErrorsOf(error: unknown): RowError[] {
  if (!(error instanceof ApiError) || error.status !== 422) return []
  const items = (error.problem?.errors ?? []) as unknown as Array<Record<string, unknown>>
  const out: RowError[] = []
  for (const item of items) {
    const row = typeof item.row === 'number' ? item.row : null
    // Form fields of the upload (period, indicator…) are not rows: those go under their form items.
    if (row === null && error.code !== ROWS_INVALID) continue
    const column = typeof item.column === 'string' && item.column ? item.column : String(item.field ?? '')
    out.push({ row, column, message: String(item.message ?? '') })
  }
  return out.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
}

/** How many distinct rows are wrong. */
export function badRowCount(errors: readonly RowError[]): number {
  return new Set(errors.filter((e) => e.row !== null).map((e) => e.row)).size
}
