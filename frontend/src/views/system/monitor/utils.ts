/** Formatting of the server monitor's figures. */

/** Days, hours and minutes of an uptime in seconds. */
export function uptimeParts(seconds: number): { days: number; hours: number; minutes: number } {
  const total = Math.max(0, Math.floor(seconds))
  return { days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600), minutes: Math.floor((total % 3600) / 60) }
}

/** A size in bytes with a unit a reader takes in at a glance (KB, MB, GB; one decimal). */
export function bytesText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** The tag colour of a breaker state. */
export function breakerTag(state: string): 'success' | 'warning' | 'danger' {
  return state === 'closed' ? 'success' : state === 'half_open' ? 'warning' : 'danger'
}
