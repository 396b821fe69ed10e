/** One look for each warning level everywhere: tag type, colour and the list row's left border (the names are
 * the 业务字典's `case_warning`). */
import type { WarningLevel } from '@/api/cases'

export interface WarningStyle {
  /** Element Plus tag type. */
  tag: 'success' | 'warning' | 'danger' | 'primary'
  /** Hex colour for borders, dots and charts. */
  color: string
}

export const WARNING_STYLES: Readonly<Record<WarningLevel, WarningStyle>> = {
  green: { tag: 'success', color: '#2fa37b' },
  yellow: { tag: 'warning', color: '#e6a23c' },
  red: { tag: 'danger', color: '#d93026' },
  escalated: { tag: 'primary', color: '#7b2cbf' }
}

/** The style of a level; an unknown value (a newer backend) looks green rather than breaking the page. */
export function warningStyle(level: string | null | undefined): WarningStyle {
  return WARNING_STYLES[(level ?? 'green') as WarningLevel] ?? WARNING_STYLES.green
}

/** The class of a table row, giving it the level's left border. */
export function warningRowClass(level: string | null | undefined): string {
  return `warning-row warning-row--${level && level in WARNING_STYLES ? level : 'green'}`
}

/** Red and escalated cases need attention now. */
export function isAlarming(level: string | null | undefined): boolean {
  return level === 'red' || level === 'escalated'
}

const STATE_TAGS: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  SUBMITTED: 'info',
  ACCEPTED: 'primary',
  ASSIGNED: 'primary',
  RETURN_REQUESTED: 'warning',
  IN_PROGRESS: 'primary',
  EXTENSION_REQUESTED: 'warning',
  ESCALATED: 'danger',
  LONG_TERM_TRACKING: 'warning',
  PENDING_REVIEW: 'warning',
  PAUSED: 'info',
  RESOLVED: 'success',
  VISITED: 'success',
  CLOSED: 'info'
}

/** The tag type of a state. */
export function stateTagType(state: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  return STATE_TAGS[state] ?? 'info'
}
