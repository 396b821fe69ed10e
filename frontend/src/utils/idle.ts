/**
 * Idle timeout: after `timeoutMs` without user activity the session ends; `warnMs` before that the
 * user is warned and may stay. Activity while the warning shows does not cancel it silently: the
 * user has to answer the warning.
 */

export interface IdleOptions {
  timeoutMs: number
  warnMs: number
  onWarn: (secondsLeft: number) => void
  onTimeout: () => void
  /** Wall clock, replaceable in tests. */
  now?: () => number
}

export class IdleWatcher {
  private lastActivity = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private warning = false
  private running = false
  private readonly now: () => number

  constructor(private readonly options: IdleOptions) {
    if (options.warnMs >= options.timeoutMs) throw new Error('warnMs must be shorter than timeoutMs')
    this.now = options.now ?? (() => Date.now())
  }

  get isWarning(): boolean {
    return this.warning
  }

  start(): void {
    this.running = true
    this.lastActivity = this.now()
    this.warning = false
    this.schedule(this.options.timeoutMs - this.options.warnMs)
  }

  stop(): void {
    this.running = false
    this.warning = false
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  /** Records user activity; ignored while the warning is up. */
  activity(): void {
    if (!this.running || this.warning) return
    this.lastActivity = this.now()
  }

  /** The user answered the warning with "stay signed in". */
  stay(): void {
    if (!this.running) return
    this.start()
  }

  private schedule(delay: number): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.tick(), Math.max(0, delay))
  }

  private tick(): void {
    if (!this.running) return
    const idleFor = this.now() - this.lastActivity
    const { timeoutMs, warnMs } = this.options
    if (idleFor >= timeoutMs) {
      this.stop()
      this.options.onTimeout()
      return
    }
    if (idleFor >= timeoutMs - warnMs) {
      if (!this.warning) {
        this.warning = true
        this.options.onWarn(Math.ceil((timeoutMs - idleFor) / 1000))
      }
      this.schedule(timeoutMs - idleFor)
      return
    }
    this.schedule(timeoutMs - warnMs - idleFor)
  }
}

export const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const
