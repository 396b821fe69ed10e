import { describe, expect, it } from 'vitest'
import { durationText, intervalParts, outcomeTag } from '@/views/system/jobs/utils'

describe('scheduled jobs page', () => {
  it('names an interval in its largest whole unit', () => {
    expect(intervalParts(300)).toEqual(['everyMinutes', 5])
    expect(intervalParts(3600)).toEqual(['everyHours', 1])
    expect(intervalParts(86400)).toEqual(['everyDays', 1])
    expect(intervalParts(90)).toEqual(['everySeconds', 90])
  })

  it('colours outcomes and reads durations', () => {
    expect(outcomeTag('ok')).toBe('success')
    expect(outcomeTag('failed')).toBe('danger')
    expect(outcomeTag('running')).toBe('warning')
    expect(durationText(null)).toBe('—')
    expect(durationText(140)).toBe('140 毫秒')
    expect(durationText(2500)).toBe('2.5 秒')
  })
})
