/**
 * Every page of the SPA. The sidebar shows what `/auth/me` sends as menus; a page is opened only
 * through a route here, whose `perms` the guard checks (display only: the gateway decides).
 */
import type { RouteRecordRaw } from 'vue-router'
import { tradeRoutes } from './trade'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title. */
    title?: string
    /** Any one of these permissions opens the page. */
    perms?: readonly string[]
    /** Reachable without a session. */
    public?: boolean
    /** Not a menu entry; highlights this menu path instead. */
    activeMenu?: string
    /** Icon key for menu fallback (see layout/icons.ts). */
    icon?: string
    /** i18n key of the menu group, for the fallback menu and the breadcrumb. */
    group?: string
  }
}

export const pageRoutes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'Dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'menu.dashboard', perms: ['dashboard:stats:read'], icon: 'dashboard' }
  },
  {
    path: '/enterprises',
    name: 'Enterprises',
    component: () => import('@/views/enterprises/index.vue'),
    meta: { title: 'menu.enterprises', perms: ['enterprise:enterprise:list'], icon: 'enterprise' }
  },
  {
    path: '/enterprises/:id(\\d+)/profile',
    name: 'EnterpriseProfile',
    component: () => import('@/views/enterprises/profile/index.vue'),
    meta: { title: 'reports.menu.profile', perms: ['enterprise:enterprise:read'], activeMenu: '/enterprises' }
  },
  {
    path: '/enterprises/:id',
    name: 'EnterpriseDetail',
    component: () => import('@/views/enterprises/detail.vue'),
    meta: {
      title: 'menu.enterpriseDetail',
      perms: ['enterprise:enterprise:read'],
      activeMenu: '/enterprises'
    }
  },
  {
    path: '/cases',
    name: 'Cases',
    component: () => import('@/views/cases/index.vue'),
    meta: { title: 'menu.cases', perms: ['case:case:list'], icon: 'cases' }
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'CaseDetail',
    component: () => import('@/views/cases/detail.vue'),
    meta: { title: 'menu.caseDetail', perms: ['case:case:read'], activeMenu: '/cases' }
  },
  {
    path: '/case-categories',
    name: 'CaseCategories',
    component: () => import('@/views/cases/categories.vue'),
    meta: { title: 'menu.caseCategories', perms: ['case:category:manage'], activeMenu: '/cases' }
  },
  {
    path: '/routing-rules',
    name: 'RoutingRules',
    component: () => import('@/views/routing-rules/index.vue'),
    meta: { title: 'menu.routingRules', perms: ['case:routing:list'], icon: 'routing' }
  },
  {
    path: '/knowledge',
    name: 'Knowledge',
    component: () => import('@/views/knowledge/index.vue'),
    meta: { title: 'menu.knowledge', perms: ['case:knowledge:list'], icon: 'knowledge' }
  },
  {
    path: '/case-quality',
    name: 'CaseQuality',
    component: () => import('@/views/case-quality/index.vue'),
    meta: { title: 'menu.caseQuality', perms: ['case:quality:list'], icon: 'stamp' }
  },
  {
    path: '/supervision',
    name: 'Supervision',
    component: () => import('@/views/supervision/index.vue'),
    meta: { title: 'menu.supervision', perms: ['case:supervision:list'], icon: 'supervision' }
  },
  {
    path: '/notifications',
    name: 'Notifications',
    component: () => import('@/views/notifications/index.vue'),
    meta: { title: 'menu.notifications', perms: ['case:notification:read'], icon: 'notifications' }
  },
  {
    path: '/pairings',
    name: 'Pairings',
    component: () => import('@/views/pairings/index.vue'),
    meta: { title: 'menu.pairings', perms: ['case:pairing:list'], icon: 'pairings' }
  },
  {
    path: '/visits',
    name: 'Visits',
    component: () => import('@/views/visits/index.vue'),
    meta: { title: 'menu.visits', perms: ['case:visit:list'], icon: 'visits' }
  },
  {
    path: '/policies',
    name: 'Policies',
    component: () => import('@/views/policies/index.vue'),
    meta: { title: 'menu.policies', perms: ['case:policy:list'], icon: 'policies' }
  },
  {
    path: '/campaign-staff',
    name: 'CampaignStaff',
    component: () => import('@/views/campaign-staff/index.vue'),
    meta: { title: 'menu.campaignStaff', perms: ['case:staff:list'], icon: 'staff' }
  },
  {
    path: '/reports/work-report',
    name: 'WorkReport',
    component: () => import('@/views/reports/work-report/index.vue'),
    meta: { title: 'reports.menu.workReport', perms: ['report:figures:read'], icon: 'Document' }
  },
  {
    path: '/case-reports',
    name: 'CaseReports',
    component: () => import('@/views/case-reports/index.vue'),
    meta: { title: 'menu.caseReports', perms: ['case:report:read'], icon: 'reports' }
  },
  {
    path: '/investment/indicators',
    name: 'InvestmentIndicators',
    component: () => import('@/views/investment/indicators/index.vue'),
    meta: { title: 'investment.menu.indicators', perms: ['investment:stats:read'], icon: 'TrendCharts', group: 'investment.menu.group' }
  },
  {
    path: '/investment/projects',
    name: 'InvestmentProjects',
    component: () => import('@/views/investment/projects/index.vue'),
    meta: { title: 'investment.menu.projects', perms: ['investment:project:list'], icon: 'Files', group: 'investment.menu.group' }
  },
  {
    path: '/investment/projects/:id(\\d+)',
    name: 'InvestmentProjectDetail',
    component: () => import('@/views/investment/projects/detail.vue'),
    meta: { title: 'investment.menu.projectDetail', perms: ['investment:project:list'], activeMenu: '/investment/projects' }
  },
  {
    path: '/investment/rounds',
    name: 'InvestmentRounds',
    component: () => import('@/views/investment/rounds/index.vue'),
    meta: { title: 'investment.menu.rounds', perms: ['investment:project:list'], icon: 'Flag', group: 'investment.menu.group' }
  },
  {
    path: '/investment/industry-chains',
    name: 'InvestmentIndustryChains',
    component: () => import('@/views/investment/industry-chains/index.vue'),
    meta: { title: 'investment.menu.chains', perms: ['investment:project:list'], activeMenu: '/investment/projects' }
  },
  {
    path: '/investment/funds',
    name: 'InvestmentFunds',
    component: () => import('@/views/investment/funds/index.vue'),
    meta: { title: 'investment.menu.funds', perms: ['investment:project:list'], icon: 'Money', group: 'investment.menu.group' }
  },
  {
    path: '/investment/foreign-enterprises',
    name: 'InvestmentForeignEnterprises',
    component: () => import('@/views/investment/foreign-enterprises/index.vue'),
    meta: { title: 'investment.menu.foreignEnterprises', perms: ['investment:foreign:list'], icon: 'OfficeBuilding', group: 'investment.menu.group' }
  },
  {
    path: '/investment/foreign-capital',
    name: 'InvestmentForeignCapital',
    component: () => import('@/views/investment/foreign-capital/index.vue'),
    meta: { title: 'investment.menu.foreignCapital', perms: ['investment:foreign:list'], icon: 'Histogram', group: 'investment.menu.group' }
  },
  {
    path: '/investment/bulletins',
    name: 'InvestmentBulletins',
    component: () => import('@/views/investment/bulletins/index.vue'),
    meta: { title: 'investment.menu.bulletins', perms: ['investment:stats:read'], icon: 'Document', group: 'investment.menu.group' }
  },
  {
    path: '/system/users',
    name: 'SystemUsers',
    component: () => import('@/views/system/users/index.vue'),
    meta: { title: 'menu.users', perms: ['system:user:list'], icon: 'user', group: 'menu.system' }
  },
  {
    path: '/system/roles',
    name: 'SystemRoles',
    component: () => import('@/views/system/roles/index.vue'),
    meta: { title: 'menu.roles', perms: ['system:role:list'], icon: 'role', group: 'menu.system' }
  },
  {
    path: '/system/units',
    name: 'SystemUnits',
    component: () => import('@/views/system/units/index.vue'),
    meta: { title: 'menu.units', perms: ['system:unit:list'], icon: 'unit', group: 'menu.system' }
  },
  {
    path: '/system/regions',
    name: 'SystemRegions',
    component: () => import('@/views/system/regions/index.vue'),
    meta: { title: 'menu.regions', perms: ['system:region:list'], icon: 'region', group: 'menu.system' }
  },
  {
    path: '/system/clients',
    name: 'SystemClients',
    component: () => import('@/views/system/clients/index.vue'),
    meta: { title: 'menu.clients', perms: ['system:client:list'], icon: 'client', group: 'menu.system' }
  },
  {
    path: '/system/sessions',
    name: 'SystemSessions',
    component: () => import('@/views/system/sessions/index.vue'),
    meta: { title: 'menu.sessions', perms: ['system:session:list'], icon: 'lock', group: 'menu.system' }
  },
  {
    path: '/system/dictionaries',
    name: 'SystemDictionaries',
    component: () => import('@/views/system/dictionaries/index.vue'),
    meta: { title: 'menu.dictionaries', perms: ['system:dictionary:update'], icon: 'collection', group: 'menu.system' }
  },
  {
    path: '/system/parameters',
    name: 'SystemParameters',
    component: () => import('@/views/system/parameters/index.vue'),
    meta: { title: 'menu.parameters', perms: ['system:parameter:list'], icon: 'operation', group: 'menu.system' }
  },
  {
    path: '/system/monitor',
    name: 'SystemMonitor',
    component: () => import('@/views/system/monitor/index.vue'),
    meta: { title: 'menu.monitor', perms: ['system:monitor:read'], icon: 'monitor', group: 'menu.system' }
  },
  {
    path: '/system/notices',
    name: 'SystemNotices',
    component: () => import('@/views/system/notices/index.vue'),
    meta: { title: 'menu.notices', perms: ['system:notice:list'], icon: 'notices', group: 'menu.system' }
  },
  {
    path: '/system/jobs',
    name: 'SystemJobs',
    component: () => import('@/views/system/jobs/index.vue'),
    meta: { title: 'menu.jobs', perms: ['system:job:list'], icon: 'jobs', group: 'menu.system' }
  },
  {
    path: '/audit/logs',
    name: 'AuditLogs',
    component: () => import('@/views/audit/logs/index.vue'),
    meta: { title: 'menu.auditLogs', perms: ['audit:log:list'], icon: 'audit', group: 'menu.audit' }
  },
  {
    path: '/audit/sign-ins',
    name: 'SignInLogs',
    component: () => import('@/views/audit/sign-ins/index.vue'),
    meta: { title: 'menu.signIns', perms: ['audit:signin:list'], icon: 'log', group: 'menu.audit' }
  },
  ...tradeRoutes,
  {
    path: '/settings/notifications',
    name: 'NotifySettings',
    component: () => import('@/views/notify-settings/index.vue'),
    meta: { title: 'notifySettings.title' }
  },
  {
    path: '/welcome',
    name: 'Welcome',
    component: () => import('@/views/welcome/index.vue'),
    meta: { title: 'layout.home' }
  },
  {
    path: '/403',
    name: 'Forbidden',
    component: () => import('@/views/error/403.vue'),
    meta: { title: 'error.forbiddenTitle' }
  }
]

/** Pages shown full screen, without the sidebar and header (the bureau's big screen). */
export const fullScreenRoutes: RouteRecordRaw[] = [
  {
    path: '/cockpit',
    name: 'Cockpit',
    component: () => import('@/views/cockpit/index.vue'),
    meta: { title: 'menu.cockpit', perms: ['dashboard:cockpit:read'], icon: 'monitor' }
  }
]

export const routes: RouteRecordRaw[] = [
  ...fullScreenRoutes,
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: 'login.title', public: true }
  },
  {
    // The enterprise's revisit from the SMS link: a phone page outside the signed-in layout, no session needed.
    path: '/m/revisit/:token',
    name: 'Revisit',
    component: () => import('@/views/revisit/index.vue'),
    meta: { title: 'revisit.title', public: true }
  },
  {
    path: '/password',
    name: 'Password',
    component: () => import('@/views/password/index.vue'),
    meta: { title: 'password.title' }
  },
  {
    path: '/',
    name: 'Root',
    component: () => import('@/layout/index.vue'),
    children: pageRoutes
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'NotFound',
    component: () => import('@/views/error/404.vue'),
    meta: { title: 'error.notFoundTitle', public: true }
  }
]
