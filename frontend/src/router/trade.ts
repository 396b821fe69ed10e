/** The trade (对外经贸) pages: one per backend menu entry under `/trade`. */
import type { RouteRecordRaw } from 'vue-router'

const group = 'trade.menu.group'

export const tradeRoutes: RouteRecordRaw[] = [
  {
    path: '/trade/indicators',
    name: 'TradeIndicators',
    component: () => import('@/views/trade/indicators/index.vue'),
    meta: { title: 'trade.menu.indicators', perms: ['trade:indicator:read'], icon: 'TrendCharts', group }
  },
  {
    path: '/trade/labour',
    name: 'TradeLabour',
    component: () => import('@/views/trade/labour/index.vue'),
    meta: { title: 'trade.menu.labour', perms: ['trade:labour:list'], icon: 'Avatar', group }
  },
  {
    path: '/trade/funds',
    name: 'TradeFunds',
    component: () => import('@/views/trade/funds/index.vue'),
    meta: { title: 'trade.menu.funds', perms: ['trade:fund:list'], icon: 'Money', group }
  },
  {
    path: '/trade/fairs',
    name: 'TradeFairs',
    component: () => import('@/views/trade/fairs/index.vue'),
    meta: { title: 'trade.menu.fairs', perms: ['trade:fair:list'], icon: 'Tickets', group }
  },
  {
    path: '/trade/exports',
    name: 'TradeExports',
    component: () => import('@/views/trade/exports/index.vue'),
    meta: { title: 'trade.menu.exports', perms: ['trade:export:list'], icon: 'Van', group }
  },
  {
    path: '/trade/statistics',
    name: 'TradeStatistics',
    component: () => import('@/views/trade/statistics/index.vue'),
    meta: { title: 'trade.menu.statistics', perms: ['trade:statistics:list'], icon: 'Histogram', group }
  },
  {
    path: '/trade/domestic',
    name: 'TradeDomestic',
    component: () => import('@/views/trade/domestic/index.vue'),
    meta: { title: 'trade.menu.domestic', perms: ['trade:domestic:list'], icon: 'ShoppingCart', group }
  },
  {
    path: '/trade/ecommerce',
    name: 'TradeEcommerce',
    component: () => import('@/views/trade/ecommerce/index.vue'),
    meta: { title: 'trade.menu.ecommerce', perms: ['trade:ecommerce:list'], icon: 'Shop', group }
  }
]
