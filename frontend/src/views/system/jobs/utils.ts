/** Words and tags of the scheduled jobs page, kept out of the component for the unit tests. */

/** An interval in its largest whole unit: `['everyHours', 1]` for 3600 s. */
export function intervalParts(seconds: number): [key: 'everyDays' | 'everyHours' | 'everyMinutes' | 'everySeconds', n: number] {
  if (seconds >= 86400 && seconds % 86400 === 0) return ['everyDays', seconds / 86400]
  if (seconds >= 3600 && seconds % 3600 === 0) return ['everyHours', seconds / 3600]
  if (seconds >= 60 && seconds % 60 === 0) return ['everyMinutes', seconds / 60]
  return ['everySeconds', Math.round(seconds)]
}

/** The tag colour of a run's outcome. */
export function outcomeTag(outcome: string): 'success' | 'danger' | 'warning' {
  if (outcome === 'ok') return 'success'
  if (outcome === 'failed') return 'danger'
  return 'warning'
}

/** A duration in milliseconds as people read it. */
export function durationText(ms: number | null | undefined): string {
  if (ms == null) return '—'
  if (ms < 1000) return `${ms} 毫秒`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} 秒`
}
