/** The dashboard's investment KPI cards: signed, started, funds in place and foreign capital of the year to date. */
import { ref } from 'vue'
import { investmentIndicators, type Figure, type Indicators } from '@/api/investment'
import { showError } from '@/utils/message'
import { figureValue, rankText, yoyText, yoyTrend } from './format'

type Translate = (key: string, named?: Record<string, unknown>) => string

export interface InvestmentKpiCard {
  key: string
  label: string
  display: string
  unit: string
  hint: string
  trend: 'up' | 'down' | 'flat' | 'none'
  to: string
}

const find = (data: Indicators, code: string): Figure | undefined => data.figures.find((f) => f.code === code)

/** Four cards; a figure the server did not send is left out rather than shown as zero. */
export function investmentKpiCards(data: Indicators | null, t: Translate): InvestmentKpiCard[] {
  if (!data) return []
  const cards: InvestmentKpiCard[] = []
  const yoy = (f: Figure) => t('investment.dashboard.yoy', { text: yoyText(f.yoy_percent, t) })
  const signed = find(data, 'projects_signed')
  const amount = find(data, 'contracted_investment')
  if (signed) {
    const hint = amount ? t('investment.dashboard.signedHint', { amount: figureValue(amount) }) : yoy(signed)
    cards.push({ key: 'signed', label: t('investment.dashboard.signed'), display: figureValue(signed), unit: signed.unit, hint, trend: yoyTrend(signed.yoy_percent), to: '/investment/projects' })
  }
  const started = find(data, 'projects_started')
  const producing = find(data, 'projects_in_production')
  if (started) {
    const hint = producing ? t('investment.dashboard.startedHint', { n: figureValue(producing) }) : yoy(started)
    cards.push({ key: 'started', label: t('investment.dashboard.started'), display: figureValue(started), unit: started.unit, hint, trend: yoyTrend(started.yoy_percent), to: '/investment/indicators' })
  }
  const funds = find(data, 'out_of_province_funds')
  if (funds) {
    cards.push({ key: 'funds', label: t('investment.dashboard.funds'), display: figureValue(funds), unit: funds.unit, hint: [yoy(funds), rankText(funds.rank, t)].filter(Boolean).join(' · '), trend: yoyTrend(funds.yoy_percent), to: '/investment/indicators' })
  }
  const capital = find(data, 'foreign_capital_local')
  if (capital) {
    cards.push({ key: 'capital', label: t('investment.dashboard.capital'), display: figureValue(capital), unit: capital.unit, hint: [yoy(capital), rankText(capital.rank, t)].filter(Boolean).join(' · '), trend: yoyTrend(capital.yoy_percent), to: '/investment/foreign-capital' })
  }
  return cards
}

/** Loads the year-to-date indicators of the user's own region for the dashboard. */
export function useInvestmentKpis() {
  const indicators = ref<Indicators | null>(null)
  async function load(period: string): Promise<void> {
    try {
      indicators.value = await investmentIndicators(period)
    } catch (error) {
      showError(error)
    }
  }
  return { indicators, load }
}
