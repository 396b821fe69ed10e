/** Server field errors (`errors[].field` of a 422) shown under the matching form items. */
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError, toApiError } from './http'
import { showError } from './message'

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

/**
 * A failed save of a versioned record: a 412 (someone saved first) warns and reloads it, field errors go under
 * their items, anything else is a toast.
 */
export async function reportSaveError(
  error: unknown,
  server: ServerErrors,
  knownFields: readonly string[],
  stale: { message: string; reload: () => Promise<void> | void }
): Promise<void> {
  const e = error instanceof ApiError ? error : toApiError(error)
  if (e.status === 412) {
    ElMessage.warning(stale.message)
    await stale.reload()
  } else if (!server.apply(e, knownFields)) {
    showError(e)
  }
}
