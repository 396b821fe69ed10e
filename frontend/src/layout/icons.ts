/** Menu icons by key: the backend's `icon` (an Element Plus icon name or a short key) or the route's. */
import type { Component } from 'vue'
import {
  Collection,
  Operation,
  Avatar,
  Bell,
  ChatLineSquare,
  Coin,
  Connection,
  DataAnalysis,
  Files,
  Flag,
  Guide,
  Link,
  MapLocation,
  Message,
  Money,
  Postcard,
  Reading,
  DataBoard,
  Document,
  Histogram,
  Location,
  Lock,
  Menu,
  Monitor,
  Timer,
  OfficeBuilding,
  Odometer,
  School,
  Setting,
  Stamp,
  Tickets,
  TrendCharts,
  Ship,
  Shop,
  ShoppingCart,
  Van,
  User,
  UserFilled,
  View
} from '@element-plus/icons-vue'

const ICONS: Record<string, Component> = {
  dashboard: Odometer,
  enterprise: OfficeBuilding,
  enterprises: OfficeBuilding,
  system: Setting,
  user: User,
  users: User,
  role: UserFilled,
  roles: UserFilled,
  unit: School,
  units: School,
  region: Location,
  regions: Location,
  client: Connection,
  clients: Connection,
  audit: View,
  log: Document,
  stats: Histogram,
  lock: Lock,
  monitor: Monitor,
  jobs: Timer,
  notices: Bell,
  collection: Collection,
  operation: Operation,
  stamp: Stamp,
  board: DataBoard,
  cases: Tickets,
  supervision: Bell,
  routing: Guide,
  knowledge: Reading,
  notifications: Message,
  pairings: Link,
  visits: MapLocation,
  policies: Files,
  staff: Postcard,
  reports: DataAnalysis
}

const EP_NAMES: Record<string, Component> = {
  Odometer,
  OfficeBuilding,
  Setting,
  User,
  UserFilled,
  School,
  Location,
  Connection,
  View,
  Document,
  Histogram,
  Lock,
  Monitor,
  Timer,
  Collection,
  Operation,
  Stamp,
  Tickets,
  DataBoard,
  Menu,
  Bell,
  Guide,
  Reading,
  ChatLineSquare,
  DataAnalysis,
  Files,
  Link,
  MapLocation,
  Message,
  Postcard,
  // 招商引资 menus
  Coin,
  Flag,
  Money,
  TrendCharts,
  // 对外经贸 menus
  Avatar,
  Ship,
  Shop,
  ShoppingCart,
  Van
}

function normalize(key: string): string {
  return key.replace(/^(ep:|el-icon-|i-ep-)/i, '').trim()
}

export function menuIcon(...keys: Array<string | null | undefined>): Component {
  for (const raw of keys) {
    if (!raw) continue
    const key = normalize(raw)
    const pascal = key.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase())
    const found = EP_NAMES[key] ?? EP_NAMES[pascal] ?? ICONS[key.toLowerCase()]
    if (found) return found
  }
  return Menu
}
