/** Server field errors (`errors[].field` of a 422) shown under the matching form items. */
import { reactive } from 'vue'
import { ApiError } from './http'

export interface ServerErrors {
  /** `{field: message}`, bound as `:error="serverErrors.fields.uscc"` on `el-form-item`. */
  fields: Record<string, string>
  /** Clears all, or one field (call on input so a fixed field stops showing the old error). */
  clear(field?: string): void
  /**
   * Takes the field errors of a failed call; returns true when at least one matched a field of
   * the form (the caller then shows no extra toast).
   */
  apply(error: unknown, knownFields: readonly string[]): boolean
}

export function useServerErrors(): ServerErrors {
  const fields = reactive<Record<string, string>>({})
  return {
    fields,
    clear(field?: string) {
      for (const key of Object.keys(fields)) {
        if (field === undefined || key === field) delete fields[key]
      }
    },
    apply(error: unknown, knownFields: readonly string[]) {
      this.clear()
      if (!(error instanceof ApiError)) return false
      const known = new Set(knownFields)
      let matched = false
      for (const [field, message] of Object.entries(error.fieldErrors)) {
        // `address.line1` belongs to the `address` item when only that item exists.
        const target = known.has(field) ? field : known.has(field.split('.')[0]) ? field.split('.')[0] : null
        if (target && !fields[target]) {
          fields[target] = message
          matched = true
        }
      }
      return matched
    }
  }
}
