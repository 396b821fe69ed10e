/**
 * The create-or-edit dialog of a versioned record, once: the model reset on opening, one `Idempotency-Key` per
 * submission (kept for a retry of an unanswered request, spent by any answer), `If-Match` edits that send only
 * what changed, a 412 (someone saved first) warned about and the list reloaded, and field errors under their items.
 */
import { reactive, ref, useTemplateRef, watch, type Ref, type ShallowRef } from 'vue'
import { ElMessage, ElMessageBox, type FormInstance } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { newIdempotencyKey } from '@/api/etag'
import { ApiError } from './http'
import { useServerErrors, type ServerErrors } from './form'
import { showError } from './message'

export interface RecordDialogOptions<M extends object, R, C extends object, S = unknown> {
  /** Whether the dialog is open (the component's `modelValue`). */
  open: () => boolean
  /** Closes the dialog. */
  close: () => void
  /** The record being edited, or null for a new one. */
  record: () => R | null | undefined
  /** The model of a new record. */
  empty: () => M
  /** The model of an existing record. */
  fromRecord: (record: R) => M
  /** The form's field names, for server field errors (a getter when they follow a prop). */
  fields: readonly string[] | (() => readonly string[])
  /** Sends a new record with its idempotency key. */
  create: (model: M, idempotencyKey: string) => Promise<S>
  /** The changed fields of an edit (empty: nothing is sent). */
  changes: (original: M, model: M) => C
  /** Sends the changes of an edit with the record's version. */
  update: (record: R, changes: C) => Promise<S>
  /** After a save (with what the server answered; the record itself for an edit that changed nothing), or after a
   * 412 (with the record as it was opened: the list reloads either way). */
  saved: (result: S | R) => void
  /** Runs each time the dialog opens, after the model is reset (options to load, …). */
  opened?: () => void | Promise<void>
  /** A copy of the model kept as the original (default: a shallow copy; give one for nested arrays). */
  copy?: (model: M) => M
  /** The message of a save (default: `common.created` for a new record, `common.saved` for an edit). */
  message?: (created: boolean) => string
  /** The dialog stays open after a save, on the saved record (a draft that takes attachments next): `saved` makes
   * `record()` answer it, and the model and its original become that record's. A 412 closes the dialog all the same. */
  keepOpen?: boolean
}

export interface RecordDialog<M extends object> {
  form: M
  original: Ref<M>
  /** The `el-form` of the template, bound by `ref="formRef"`. */
  formRef: Readonly<ShallowRef<FormInstance | null>>
  server: ServerErrors
  submitting: Ref<boolean>
  submit: () => Promise<void>
}

/** State and submit of a record's create/edit dialog (see the module comment). */
export function useRecordDialog<M extends object, R, C extends object, S = unknown>(
  options: RecordDialogOptions<M, R, C, S>
): RecordDialog<M> {
  const { t } = useI18n()
  const copy = options.copy ?? ((model: M) => ({ ...model }))
  const form = reactive(options.empty()) as M
  const original = ref(options.empty()) as Ref<M>
  const formRef = useTemplateRef<FormInstance>('formRef')
  const server = useServerErrors()
  const submitting = ref(false)
  let idempotencyKey = newIdempotencyKey()

  /** The model shown and kept as the original. */
  function load(model: M): void {
    // Keys of an earlier model go too: a dialog may be reused for another shape of record.
    for (const key of Object.keys(form)) delete (form as Record<string, unknown>)[key]
    Object.assign(form, model)
    original.value = copy(model)
  }

  watch(
    options.open,
    async (open) => {
      if (!open) return
      const record = options.record()
      load(record ? options.fromRecord(record) : options.empty())
      server.clear()
      formRef.value?.clearValidate()
      idempotencyKey = newIdempotencyKey()
      await options.opened?.()
    },
    { immediate: true }
  )

  async function submit(): Promise<void> {
    server.clear()
    const valid = await formRef.value?.validate().catch(() => false)
    if (!valid) return
    submitting.value = true
    try {
      const record = options.record()
      let result: S | R
      if (record) {
        const changes = options.changes(original.value, form)
        result = Object.keys(changes).length > 0 ? await options.update(record, changes) : record
      } else {
        result = await options.create(form, idempotencyKey)
      }
      ElMessage.success(options.message?.(!record) ?? t(record ? 'common.saved' : 'common.created'))
      options.saved(result)
      if (options.keepOpen) {
        const kept = options.record()
        if (kept) load(options.fromRecord(kept))
        idempotencyKey = newIdempotencyKey()
      } else {
        options.close()
      }
    } catch (error) {
      // A definite answer spends the key; only an unanswered request may be retried with it.
      if (error instanceof ApiError && error.kind === 'problem') idempotencyKey = newIdempotencyKey()
      const record = options.record()
      if (error instanceof ApiError && error.status === 412 && record) {
        // Someone saved the record meanwhile: show theirs rather than overwrite it.
        await ElMessageBox.alert(t('records.conflict'), t('records.conflictTitle'), { type: 'warning' }).catch(() => undefined)
        options.saved(record)
        options.close()
      } else if (!server.apply(error, typeof options.fields === 'function' ? options.fields() : options.fields)) {
        showError(error)
      }
    } finally {
      submitting.value = false
    }
  }

  return { form, original, formRef, server, submitting, submit }
}

/** The fields of a request body that differ from the body of the original (lists compared by their items). */
export function changedFields<B extends object>(before: B, after: B): Partial<B> {
  const old = before as Record<string, unknown>
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(old[key]))) as Partial<B>
}
