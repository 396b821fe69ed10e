import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IdleWatcher } from '@/utils/idle'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function watcher() {
  const onWarn = vi.fn()
  const onTimeout = vi.fn()
  const w = new IdleWatcher({ timeoutMs: 10 * 60_000, warnMs: 60_000, onWarn, onTimeout, now: () => Date.now() })
  return { w, onWarn, onTimeout }
}

describe('idle timeout', () => {
  it('warns a minute before and signs out at the limit', () => {
    const { w, onWarn, onTimeout } = watcher()
    w.start()
    vi.advanceTimersByTime(9 * 60_000 - 1)
    expect(onWarn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onWarn).toHaveBeenCalledWith(60)
    expect(onTimeout).not.toHaveBeenCalled()
    vi.advanceTimersByTime(60_000)
    expect(onTimeout).toHaveBeenCalledTimes(1)
  })

  it('postpones everything while the user is active', () => {
    const { w, onWarn, onTimeout } = watcher()
    w.start()
    vi.advanceTimersByTime(8 * 60_000)
    w.activity()
    vi.advanceTimersByTime(8 * 60_000)
    expect(onWarn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(60_000)
    expect(onWarn).toHaveBeenCalledTimes(1)
    expect(onTimeout).not.toHaveBeenCalled()
  })

  it('needs an answer to the warning: activity alone does not cancel it, "stay" does', () => {
    const { w, onWarn, onTimeout } = watcher()
    w.start()
    vi.advanceTimersByTime(9 * 60_000)
    expect(w.isWarning).toBe(true)
    w.activity()
    vi.advanceTimersByTime(30_000)
    w.stay()
    expect(w.isWarning).toBe(false)
    vi.advanceTimersByTime(60_000)
    expect(onTimeout).not.toHaveBeenCalled()
    expect(onWarn).toHaveBeenCalledTimes(1)
  })

  it('does nothing after stop', () => {
    const { w, onWarn, onTimeout } = watcher()
    w.start()
    w.stop()
    vi.advanceTimersByTime(60 * 60_000)
    expect(onWarn).not.toHaveBeenCalled()
    expect(onTimeout).not.toHaveBeenCalled()
  })
})
