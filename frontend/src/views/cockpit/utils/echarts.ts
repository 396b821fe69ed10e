/**
 * ECharts for the cockpit: the SPA's shared parts plus the map, geo and visual-map pieces, registered only
 * when this page loads (the rest of the SPA never downloads them).
 */
import { MapChart } from 'echarts/charts'
import { GeoComponent, VisualMapComponent } from 'echarts/components'
import { echarts } from '@/components/ReChart/echarts'

echarts.use([MapChart, GeoComponent, VisualMapComponent])

export { echarts }
export type { ChartOption } from '@/components/ReChart/echarts'

/** Boundary maps shipped in `src/assets/geo` (GB/T 2260 code → loader), each its own lazy chunk. */
const GEO = import.meta.glob<{ default: GeoCollection }>('@/assets/geo/*.json')

export interface GeoCollection {
  type: 'FeatureCollection'
  features: Array<{ properties: { code: string; name: string } }>
}

/** Whether a boundary map of the region is shipped. */
export function hasMap(code: string): boolean {
  return Object.keys(GEO).some((path) => path.endsWith(`/${code}.json`))
}

/** Load a shipped boundary map and register it with ECharts under its code (once). */
export async function loadMap(code: string): Promise<GeoCollection> {
  const entry = Object.entries(GEO).find(([path]) => path.endsWith(`/${code}.json`))
  if (!entry) throw new Error(`no boundary map for ${code}`)
  const geo = (await entry[1]()).default
  if (!echarts.getMap(code)) echarts.registerMap(code, geo as unknown as Parameters<typeof echarts.registerMap>[1])
  return geo
}
