import { describe, expect, it } from 'vitest'
import { breakerTag, bytesText, uptimeParts } from '@/views/system/monitor/utils'

describe('server monitor formatting', () => {
  it('splits an uptime into days, hours and minutes', () => {
    expect(uptimeParts(0)).toEqual({ days: 0, hours: 0, minutes: 0 })
    expect(uptimeParts(90_061)).toEqual({ days: 1, hours: 1, minutes: 1 })
    expect(uptimeParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 })
  })

  it('writes sizes with a unit', () => {
    expect(bytesText(512)).toBe('512 B')
    expect(bytesText(8_388_608)).toBe('8.0 MB')
    expect(bytesText(1_610_612_736)).toBe('1.5 GB')
  })

  it('colours the breaker by its state', () => {
    expect(breakerTag('closed')).toBe('success')
    expect(breakerTag('half_open')).toBe('warning')
    expect(breakerTag('open')).toBe('danger')
  })
})
