/** The dashboard's trade cards: departures, supervised batches, promotion events and e-commerce trainees. */
import { computed, ref } from 'vue'
import { tradeIndicators, type IndicatorReport } from '@/api/trade'
import { tradeKpis } from './indicators'

/** Loads the trade indicators of the user's own region for a period; the dashboard stays useful without them. */
export function useTradeKpis() {
  const report = ref<IndicatorReport | null>(null)
  const cards = computed(() => tradeKpis(report.value?.items ?? []))
  async function load(period: string): Promise<void> {
    try {
      report.value = await tradeIndicators(period)
    } catch {
      report.value = null
    }
  }
  return { report, cards, load }
}
