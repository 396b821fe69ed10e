import type records from './zh-CN'

/** Shared record table and form. */
const en: typeof records = {
  createTitle: 'New {what}',
  editTitle: 'Edit {what}',
  deleteConfirm: 'Delete “{name}”?',
  required: '{label} is required',
  integer: '{label} must be a whole number',
  min: '{label} must be at least {min}',
  max: '{label} must be at most {max}',
  decimal: '{label} must be a non-negative number with at most {places} decimals',
  tooLong: '{label} must be at most {max} characters',
  uscc: 'The credit code has 18 digits or capital letters (no I, O, S, V, Z)',
  conflict: 'Someone changed this record meanwhile; the latest version was reloaded. Please check it and try again.',
  conflictTitle: 'Record changed'
}
export default en
