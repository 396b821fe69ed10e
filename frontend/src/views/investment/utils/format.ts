/** Figures of the investment pages: money in 万元 / 亿元 / 万美元, YoY, ranks, and capital kept apart by caliber. */
import { dictLabel } from '@/store/modules/dictionary'
import type { Caliber, Capital, Figure, IndicatorRank, RateFigure } from '@/api/investment'

type Translate = (key: string, named?: Record<string, unknown>) => string

// Shared with the trade pages and the dashboard: one way to show an amount.
export { formatAmount, toNumber } from '@/utils/format'
import { formatAmount, toNumber } from '@/utils/format'

/** 万元 → 亿元 text (`123,456.7` 万元 → `12.35`), the unit the report uses for investment and funds. */
export function wanToYi(wanYuan: string | number | null | undefined, digits = 2): string {
  if (wanYuan === null || wanYuan === undefined || wanYuan === '') return '—'
  return formatAmount(toNumber(wanYuan) / 10_000, digits)
}

/** `+6.5%`, `-12.0%`, `持平` or `—` (no figure last year: no YoY). */
export function yoyText(percent: number | null | undefined, t: Translate): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '—'
  if (Math.abs(percent) < 0.05) return t('investment.yoyFlat')
  return `${percent > 0 ? '+' : ''}${percent.toFixed(1)}%`
}

/** up / down / flat / none: colours the YoY arrow. */
export function yoyTrend(percent: number | null | undefined): 'up' | 'down' | 'flat' | 'none' {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return 'none'
  if (Math.abs(percent) < 0.05) return 'flat'
  return percent > 0 ? 'up' : 'down'
}

/** `全省第3位（共18个）` / `全国第1位（共20个）`, or '' without a bulletin. */
export function rankText(rank: IndicatorRank | null | undefined, t: Translate, period?: string): string {
  if (!rank) return ''
  const scope = dictLabel('bulletin_scope', rank.scope)
  const text = t('investment.rankOf', { scope, rank: rank.rank, of: rank.of })
  // A year in progress is ranked by the newest cumulative bulletin: say which one.
  return period && rank.period !== period ? `${text}${t('investment.rankFrom', { label: rank.period_label })}` : text
}

/** A figure's value in its own unit, with the decimals that unit carries. */
export function figureValue(figure: Pick<Figure, 'value' | 'unit'>): string {
  return formatAmount(figure.value, figure.unit === '亿元' ? 2 : figure.unit === '万美元' ? 2 : 0)
}

/** A rate as `85.7%` with its parts, or '—' without a denominator. */
export function rateValue(rate: Pick<RateFigure, 'value'>): string {
  return rate.value === null || rate.value === undefined ? '—' : `${toNumber(rate.value).toFixed(1)}%`
}

/** Each caliber's records and sum kept apart: the province's local caliber and MOFCOM's are never added together. */
export function totalsByCaliber(rows: readonly Pick<Capital, 'caliber' | 'amount_wan_usd'>[]): Record<Caliber, number> {
  const out: Record<Caliber, number> = { local: 0, mofcom: 0 }
  // Cents as integers, so a long list adds up exactly (amounts carry two decimals).
  const cents: Record<Caliber, number> = { local: 0, mofcom: 0 }
  for (const row of rows) cents[row.caliber] += Math.round(toNumber(row.amount_wan_usd) * 100)
  for (const caliber of Object.keys(cents) as Caliber[]) out[caliber] = cents[caliber] / 100
  return out
}

/** The figures of a caliber only (a chart or card shows one caliber at a time). */
export function figuresOfCaliber<T extends { caliber: Caliber | null }>(figures: readonly T[], caliber: Caliber): T[] {
  return figures.filter((f) => f.caliber === null || f.caliber === caliber)
}

/** `2021-07` → `2021年7月`. */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month)
  return m ? `${m[1]}年${Number(m[2])}月` : month
}

/** The current month as `YYYY-MM` in Asia/Shanghai (the platform's periods), whatever the browser's zone. */
export function currentMonth(now: Date = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000)
  return `${shanghai.getUTCFullYear()}-${String(shanghai.getUTCMonth() + 1).padStart(2, '0')}`
}

/** Today as `YYYY-MM-DD` in Asia/Shanghai. */
export function todayInShanghai(now: Date = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000)
  return shanghai.toISOString().slice(0, 10)
}

/** A date picker's day (local midnight) that lies after today in Asia/Shanghai: steps cannot be dated ahead. */
export function isFutureDay(day: Date, now: Date = new Date()): boolean {
  const local = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`
  return local > todayInShanghai(now)
}
