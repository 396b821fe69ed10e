/** The pure part of the record form and table: models, request bodies, validation rules and display values. */
import { dictLabel } from '@/store/modules/dictionary'
import type { ColumnSpec, FieldOption, FieldSpec } from './types'

export type FormModel = Record<string, unknown>

const blank = (value: unknown): boolean => value === undefined || value === null || value === ''

/** A new record's form: each field's initial value, the caller's defaults (e.g. the user's region) on top. */
export function emptyModel(fields: readonly FieldSpec[], defaults: FormModel = {}): FormModel {
  const model: FormModel = {}
  for (const f of fields) {
    const fallback = f.kind === 'switch' ? false : null
    model[f.key] = defaults[f.key] ?? f.initial ?? fallback
  }
  return model
}

/** The form of an existing record: its values, decimals as the strings the API sent. */
export function modelFromRecord(fields: readonly FieldSpec[], record: Record<string, unknown>): FormModel {
  const model: FormModel = {}
  for (const f of fields) {
    const value = record[f.key]
    model[f.key] = value === undefined ? null : f.kind === 'decimal' && value !== null ? String(value) : value
  }
  return model
}

/** One field's value as the API takes it: trimmed text, integers as numbers, decimals as strings. */
export function toApiValue(field: FieldSpec, value: unknown): unknown {
  if (blank(value)) return null
  switch (field.kind) {
    case 'integer':
    case 'year':
      return typeof value === 'number' ? value : Number(String(value).trim())
    case 'decimal':
      return String(value).trim()
    case 'uscc':
    case 'enterprise':
      return String(value).trim().toUpperCase()
    case 'text':
    case 'textarea': {
      const text = String(value).trim()
      return text === '' ? null : text
    }
    default:
      return value
  }
}

/** The body of a create: every field with a value (blank optional fields left out for the server's default). */
export function createBody(fields: readonly FieldSpec[], model: FormModel): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const f of fields) {
    const value = toApiValue(f, model[f.key])
    if (value !== null) body[f.key] = value
  }
  return body
}

/** The body of a patch: only what changed, a cleared optional field as null; create-only fields never. */
export function updateBody(fields: readonly FieldSpec[], original: FormModel, model: FormModel): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const f of fields) {
    if (f.createOnly) continue
    const before = toApiValue(f, original[f.key])
    const after = toApiValue(f, model[f.key])
    if (before !== after) body[f.key] = after
  }
  return body
}

/** Whether a decimal text has at most `places` decimals and no sign or exponent. */
export function isDecimalText(text: string, places: number): boolean {
  const pattern = places > 0 ? new RegExp(`^\\d{1,12}(\\.\\d{1,${places}})?$`) : /^\d{1,12}$/
  return pattern.test(text.trim())
}

type Translate = (key: string, named?: Record<string, unknown>) => string

export interface RuleItem {
  validator: (rule: unknown, value: unknown, callback: (error?: Error) => void) => void
  trigger: string
}

/** Client-side checks (the server's problem+json has the last word): required, lengths, ranges, decimals. */
export function fieldRules(fields: readonly FieldSpec[], t: Translate, editing: boolean): Record<string, RuleItem[]> {
  const rules: Record<string, RuleItem[]> = {}
  for (const f of fields) {
    if (editing && f.createOnly) continue
    rules[f.key] = [
      {
        trigger: f.kind === 'select' || f.kind === 'date' || f.kind === 'region' ? 'change' : 'blur',
        validator: (_rule, value, callback) => callback(checkField(f, value, t) ?? undefined)
      }
    ]
  }
  return rules
}

/** The first problem with one value, or null. */
export function checkField(f: FieldSpec, value: unknown, t: Translate): Error | null {
  const label = t(f.label)
  if (blank(value)) return f.required ? new Error(t('records.required', { label })) : null
  if (f.kind === 'integer' || f.kind === 'year') {
    const n = typeof value === 'number' ? value : Number(String(value).trim())
    if (!Number.isInteger(n)) return new Error(t('records.integer', { label }))
    if (f.min !== undefined && n < f.min) return new Error(t('records.min', { label, min: f.min }))
    if (f.max !== undefined && n > f.max) return new Error(t('records.max', { label, max: f.max }))
  }
  if (f.kind === 'decimal' && !isDecimalText(String(value), f.decimals ?? 2)) {
    return new Error(t('records.decimal', { label, places: f.decimals ?? 2 }))
  }
  if ((f.kind === 'text' || f.kind === 'textarea') && f.maxlength && String(value).trim().length > f.maxlength) {
    return new Error(t('records.tooLong', { label, max: f.maxlength }))
  }
  if ((f.kind === 'uscc' || f.kind === 'enterprise') && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(String(value).trim().toUpperCase())) {
    return new Error(t('records.uscc'))
  }
  const own = f.check?.(String(value))
  return own ? new Error(t(own)) : null
}

/** The label of an option value (the raw value when no option matches). */
export function optionLabel(options: readonly FieldOption[] | undefined, value: unknown, t: Translate): string {
  const option = options?.find((o) => o.value === value)
  if (!option) return blank(value) ? '' : String(value)
  if (option.dict) return dictLabel(option.dict, String(option.value))
  return option.plain ? option.label : t(option.label)
}

/** A cell's text. */
export function cellText(column: ColumnSpec, row: Record<string, unknown>, t: Translate): string {
  const value = row[column.key]
  switch (column.kind) {
    case 'option':
      return optionLabel(column.options, value, t)
    case 'bool':
      return blank(value) ? '' : t(value ? 'common.yes' : 'common.no')
    case 'region':
      return String(row.region_name ?? value ?? '')
    default:
      return blank(value) ? '' : String(value)
  }
}

/** The list query of the filters: blank values left out. */
export function filterQuery(filters: FormModel): Record<string, unknown> {
  const query: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filters)) if (!blank(value)) query[key] = value
  return query
}
