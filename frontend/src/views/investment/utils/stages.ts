/** The project pipeline as the pages show it: kanban columns, colours, and the step form each next stage needs. */
import type { Project, Stage } from '@/api/investment'

/** The pipeline in order, the kanban's columns left to right; stalled and cancelled come after it. */
export const PIPELINE: readonly Stage[] = ['negotiating', 'signed', 'landed', 'started', 'in_production', 'at_capacity']
export const OFF_PIPELINE: readonly Stage[] = ['stalled', 'cancelled']
export const KANBAN_COLUMNS: readonly Stage[] = [...PIPELINE, ...OFF_PIPELINE]

/** 三个一批 lists a batch signed, started and in production: only those steps name a round. */
export const ROUND_STAGES: ReadonlySet<Stage> = new Set<Stage>(['signed', 'started', 'in_production'])

export const STAGE_COLORS: Readonly<Record<Stage, string>> = {
  negotiating: '#8c9aab',
  signed: '#1d5dc8',
  landed: '#13a8c2',
  started: '#2fa37b',
  in_production: '#5f8f3d',
  at_capacity: '#7b5cd6',
  stalled: '#e6a23c',
  cancelled: '#b0b3b8'
}

/** Element Plus tag type of a stage. */
export function stageTagType(stage: Stage): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  if (stage === 'stalled') return 'warning'
  if (stage === 'cancelled' || stage === 'negotiating') return 'info'
  if (stage === 'started' || stage === 'in_production' || stage === 'at_capacity') return 'success'
  return 'primary'
}

/** 0-based place in the pipeline; -1 off it. */
export function pipelineIndex(stage: Stage): number {
  return PIPELINE.indexOf(stage)
}

/** A step moving the project forward (as opposed to stalling, cancelling or resuming at the same place). */
export function isForward(from: Stage, to: Stage, beforeStall: Stage | null = null): boolean {
  const origin = from === 'stalled' ? beforeStall : from
  if (!origin) return pipelineIndex(to) >= 0
  return pipelineIndex(to) > pipelineIndex(origin)
}

/**
 * The steps offered on a project, as the server allows them (`next_stages`), forward steps first in
 * pipeline order, then stall, then cancel; nothing the server did not list is ever offered.
 */
export function offeredSteps(project: Pick<Project, 'stage' | 'next_stages' | 'stage_before_stall'>): Stage[] {
  const allowed = new Set(project.next_stages)
  const forward = PIPELINE.filter((s) => allowed.has(s))
  const rest = OFF_PIPELINE.filter((s) => allowed.has(s) && s !== project.stage)
  return [...forward, ...rest]
}

/** Whether the step form asks for a round (only steps 三个一批 lists). */
export function stepNeedsRound(target: Stage): boolean {
  return ROUND_STAGES.has(target)
}

/** The rows grouped by stage, one (possibly empty) list per kanban column, rows kept in their order. */
export function groupByStage<T extends { stage: Stage }>(rows: readonly T[]): Record<Stage, T[]> {
  const out = Object.fromEntries(KANBAN_COLUMNS.map((s) => [s, [] as T[]])) as Record<Stage, T[]>
  for (const row of rows) out[row.stage].push(row)
  return out
}

/** The milestone date a stage sets on a project (negotiating, stalled and cancelled set none). */
export const MILESTONE_FIELD: Partial<Record<Stage, keyof Project>> = {
  signed: 'signed_on',
  landed: 'landed_on',
  started: 'started_on',
  in_production: 'in_production_on',
  at_capacity: 'at_capacity_on'
}

/** The date of the project's current milestone, or null. */
export function currentMilestone(project: Project): string | null {
  const field = MILESTONE_FIELD[project.stage === 'stalled' ? (project.stage_before_stall ?? 'stalled') : project.stage]
  return field ? ((project[field] as string | null) ?? null) : null
}
