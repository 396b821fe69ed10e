/** The rows an all-or-nothing import refused (`422 import.rows_invalid`), for the table under the upload. */
import { ApiError } from '@/utils/http'

export interface RowError {
  row: number | null
  column: string
  message: string
}

/** Every row error of a refused import, in row order; an empty list when the error is something else. */
export function importRowErrors(error: unknown): RowError[] {
  if (!(error instanceof ApiError) || error.code !== 'import.rows_invalid') return []
  const items = (error.problem?.errors ?? []) as unknown as Array<Record<string, unknown>>
  return items
    .map((e) => ({
      row: typeof e.row === 'number' ? e.row : null,
      column: String(e.column ?? e.field ?? ''),
      message: String(e.message ?? '')
    }))
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
}
