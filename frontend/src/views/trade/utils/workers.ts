/** Workers: the one-way status path, the date each step was taken, and the GB 11643 ID number check. */
import type { Worker, WorkerStatus } from '@/api/trade'

const PATH: readonly WorkerStatus[] = ['registered', 'trained', 'departed', 'returned']

/** The date field each status is reached on. */
export const STEP_DATE: Record<WorkerStatus, 'registered_on' | 'trained_on' | 'departed_on' | 'returned_on'> = {
  registered: 'registered_on',
  trained: 'trained_on',
  departed: 'departed_on',
  returned: 'returned_on'
}

/** The only status a worker may move to next (registered → trained → departed → returned), or null at the end. */
export function nextStatus(status: WorkerStatus): WorkerStatus | null {
  const i = PATH.indexOf(status)
  return i >= 0 && i < PATH.length - 1 ? PATH[i + 1] : null
}

/** The steps for a timeline: each status with its date (null when not reached yet). */
export function workerSteps(worker: Pick<Worker, 'registered_on' | 'trained_on' | 'departed_on' | 'returned_on'>) {
  return PATH.map((status) => ({ status, on: worker[STEP_DATE[status]] ?? null }))
}

/** The earliest day the next step may be dated: the day of the current one. */
export function earliestNextDay(worker: Pick<Worker, 'status' | 'registered_on' | 'trained_on' | 'departed_on' | 'returned_on'>): string | null {
  return worker[STEP_DATE[worker.status]] ?? null
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The GB 11643 check character of the first 17 digits: Σ(digit × weight) mod 11 → 1 0 X 9 8 7 6 5 4 3 2. */
export function idCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

export type IdProblem = 'length' | 'birth' | 'check'

/** Why an ID number is not valid (null when it is): length/characters, birth date, or check character. */
export function idNumberProblem(value: string, today: Date = new Date()): IdProblem | null {
  const text = value.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(text)) return 'length'
  const y = Number(text.slice(6, 10))
  const m = Number(text.slice(10, 12))
  const d = Number(text.slice(12, 14))
  const born = new Date(Date.UTC(y, m - 1, d))
  const valid = born.getUTCFullYear() === y && born.getUTCMonth() === m - 1 && born.getUTCDate() === d
  if (!valid || y < 1900 || born.getTime() > today.getTime()) return 'birth'
  return idCheckCharacter(text) === text[17] ? null : 'check'
}

/** The i18n key of an ID number's problem, for the form's own check. */
export function idNumberCheck(value: string): string | null {
  const problem = idNumberProblem(value)
  return problem ? `trade.worker.id${problem[0].toUpperCase()}${problem.slice(1)}` : null
}
