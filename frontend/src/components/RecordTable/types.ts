/** Describes a simple record collection once — its fields, columns and filters — for the shared table and form. */
import type { DictKey } from '@/store/modules/dictionary'
import type { BaseRecord, RecordApi } from '@/api/trade'

/** How a field is edited and how its value travels. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'integer'
  /** A decimal amount kept as a string (never a float) with `decimals` places at most. */
  | 'decimal'
  | 'date'
  | 'select'
  | 'region'
  | 'switch'
  | 'uscc'
  /** An enterprise of the directory picked by name or code; the value is its USCC (see `fills`). */
  | 'enterprise'
  | 'year'

export interface FieldOption {
  value: string | number | boolean
  /** i18n key (or plain text when `plain`; unused when `dict` names the value). */
  label: string
  plain?: boolean
  /** The 业务字典 enumeration that names the value (its label wins over `label`). */
  dict?: DictKey
}

export interface FieldSpec {
  key: string
  /** i18n key of the label. */
  label: string
  kind: FieldKind
  required?: boolean
  /** Sent on create only (not editable afterwards). */
  createOnly?: boolean
  options?: readonly FieldOption[]
  /** Options fetched when the form opens (e.g. the programs a worker can join). */
  loadOptions?: () => Promise<FieldOption[]>
  maxlength?: number
  min?: number
  max?: number
  /** Decimal places allowed for `decimal` fields (2 by default). */
  decimals?: number
  /** Default value of a new record. */
  initial?: unknown
  /** Half width on a wide screen (default) or the full row. */
  wide?: boolean
  /** i18n key of a hint under the field. */
  hint?: string
  /** `enterprise` fields: other fields of the form set from the picked enterprise (form key → directory field). */
  fills?: Readonly<Record<string, 'name' | 'region_code'>>
  /** Kept in the form model and sent, but not shown (set by another field, e.g. the enterprise's name). */
  hidden?: boolean
  /** A check of its own beyond the kind's: the i18n key of the problem, or null. */
  check?: (value: string) => string | null
}

/** How a column shows a value. */
export type ColumnKind = 'text' | 'date' | 'decimal' | 'option' | 'bool' | 'region' | 'number'

export interface ColumnSpec {
  key: string
  label: string
  kind?: ColumnKind
  options?: readonly FieldOption[]
  width?: number
  minWidth?: number
  /** Shown on the phone card. */
  mobile?: boolean
}

/** A filter above the table; its value goes to the list query under `key`. */
export interface FilterSpec {
  key: string
  label: string
  kind: 'text' | 'select' | 'region' | 'date' | 'integer' | 'bool'
  options?: readonly FieldOption[]
}

export interface ResourceSpec<R extends BaseRecord = BaseRecord> {
  /** Stable name: test ids, tab names. */
  name: string
  /** i18n key of the title. */
  title: string
  api: RecordApi<R>
  fields: readonly FieldSpec[]
  columns: readonly ColumnSpec[]
  filters?: readonly FilterSpec[]
  /** Permission to create, edit and delete; reading is the page's permission. */
  managePerm: string
  /** The line a phone card leads with. */
  headline: (row: R) => string
  /** Sort key of the list (the service's default when absent). */
  sort?: string
}
