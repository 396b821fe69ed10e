/** Lists kept per level (the province's defaults, a city's additions): how an entry's keeper reads. */

/** What an entry kept per level says of its keeper. */
export interface LevelOwned {
  level: 'province' | 'city' | string
  region_name?: string | null
  region_code?: string | null
}

/** 省级, or 市级（城市名）. */
export function levelText(entry: LevelOwned, province: string, city: string): string {
  return entry.level === 'province' ? province : `${city}（${entry.region_name ?? entry.region_code ?? ''}）`
}
