/** What a KpiCard shows. */
import type { Component } from 'vue'

export interface KpiCardProps {
  icon: Component
  color: string
  label: string
  value: string
  unit?: string
  hint?: string
  /** up / down colour the hint (rises red, falls green, as Chinese figures are read); flat / none leave it grey. */
  trend?: 'up' | 'down' | 'flat' | 'none'
  /** Danger colours the value itself (overdue cases). */
  danger?: boolean
  link?: boolean
  /** What the figure counts, as a small label (期内发生 / 期内登记 / 统计时点). */
  basis?: string
}
