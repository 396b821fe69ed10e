// End-to-end scenarios of the SPA in Debian's headless Chromium against the real gateway and services.
// Expects frontend/dist to be built; starts scripts/stack.py on fresh databases and stops it at the end.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  apiFromPage,
  launchBrowser,
  publishScreenshots,
  screenshot,
  signIn,
  signOut,
  startStack,
  waitForShell
} from './lib.mjs'

const ACCESS_TOKEN_TTL = 12
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 375, height: 812 }

let stack
let browser
const newUser = `e2e_${Date.now().toString(36)}`
const newUserPassword = 'E2e@Init2021'
const newUserFinalPassword = 'E2e@Final2021'

async function withPage(name, viewport, fn) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await fn(page, problems)
  } finally {
    await screenshot(page, name).catch(() => undefined)
    await context.close()
  }
  assert.deepEqual(problems, [], 'the page raised no uncaught errors')
}

/** Chooses a region in a filterable region cascader inside `scope`. */
async function pickRegion(page, scope, label, regionName) {
  const input = scope.locator('.el-form-item').filter({ hasText: label }).locator('.el-cascader input').first()
  await input.click()
  await input.fill(regionName.slice(0, 2))
  const suggestion = page.locator('.el-cascader__suggestion-item').filter({ hasText: regionName }).first()
  await suggestion.waitFor({ state: 'visible' })
  await suggestion.click()
}

before(async () => {
  stack = await startStack({ accessTokenTtl: ACCESS_TOKEN_TTL })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['login', 'dashboard-leader', 'enterprises-guangshan', 'enterprise-uscc-error', 'users-admin', 'audit-log', 'mobile-enterprises', 'mobile-drawer'])
}, { timeout: 60_000 })

describe('SPA end to end', { concurrency: false }, () => {
  test('the sign-in page explains a wrong password', async () => {
    await withPage('login-wrong-password', DESKTOP, async (page) => {
      await page.goto(`${stack.baseUrl}/login`)
      await page.getByTestId('login-submit').waitFor()
      await screenshot(page, 'login')
      await signIn(page, stack.baseUrl, 'xinxian', 'Wrong@2021pass')
      const alert = page.getByTestId('login-error')
      await alert.waitFor()
      assert.match(await alert.innerText(), /用户名或密码错误/)
      assert.match(page.url(), /\/login/)
    })
  })

  test('guangshan sees only 光山县 enterprises and no admin menu', async () => {
    await withPage('enterprises-guangshan', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'guangshan')
      await waitForShell(page)
      const menu = page.getByTestId('sidebar-menu')
      await menu.getByText('企业名录').waitFor()
      assert.equal(await menu.getByText('系统管理').count(), 0, 'no 系统管理 menu')
      assert.equal(await menu.getByText('审计日志').count(), 0, 'no 审计日志 menu')

      await menu.getByText('企业名录').click()
      await page.waitForURL(/\/enterprises$/)
      const cells = page.getByTestId('cell-region')
      await cells.first().waitFor()
      const regions = await cells.allInnerTexts()
      assert.ok(regions.length > 0, 'the list shows enterprises')
      assert.deepEqual([...new Set(regions.map((r) => r.trim()))], ['光山县'])
      const totals = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=100')
      assert.equal(totals.status, 200)
      assert.ok(totals.body.items.every((e) => e.region_code === '411522'))
      // The user menu shows the role and the region.
      await page.getByTestId('user-menu').click()
      const card = page.getByTestId('user-card')
      await card.waitFor()
      assert.match(await card.innerText(), /县区商务局/)
      assert.match(await card.innerText(), /光山县/)
      await page.keyboard.press('Escape')
      await page.mouse.click(700, 500)

      // An admin page typed into the address bar answers 403.
      await page.goto(`${stack.baseUrl}/system/users`)
      await page.getByTestId('page-403').waitFor()
      await page.goto(`${stack.baseUrl}/enterprises`)
      await page.getByTestId('cell-region').first().waitFor()
    })
  })

  test('a bad USCC shows a field error and stores nothing; a duplicate one is refused on the field', async () => {
    await withPage('enterprise-duplicate-uscc', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'city')
      await waitForShell(page)
      await page.goto(`${stack.baseUrl}/enterprises`)
      await page.getByTestId('cell-region').first().waitFor()
      const before = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')
      const existing = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1&sort=name')

      await page.getByTestId('enterprise-create').click()
      const form = page.getByTestId('enterprise-form')
      await form.waitFor()
      const badUscc = '914403001922038217'
      await form.getByTestId('field-uscc').fill(badUscc)
      await form.getByTestId('field-name').fill('信阳市端到端测试有限公司')
      await pickRegion(page, form, '所属区县', '浉河区')
      await page.getByTestId('enterprise-submit').click()
      const usccItem = form.locator('.el-form-item').filter({ hasText: '统一社会信用代码' })
      await usccItem.locator('.el-form-item__error').waitFor()
      assert.match(await usccItem.locator('.el-form-item__error').innerText(), /校验位错误/)
      await screenshot(page, 'enterprise-uscc-error')

      // The server's own field error lands on the same field (an already registered code).
      await form.getByTestId('field-uscc').fill(existing.body.items[0].uscc)
      await page.getByTestId('enterprise-submit').click()
      await usccItem.locator('.el-form-item__error').filter({ hasText: '已登记' }).waitFor()

      const afterwards = await apiFromPage(page, `/api/v1/enterprises?page=1&page_size=1&q=${badUscc}`)
      assert.equal(afterwards.status, 200)
      assert.equal(afterwards.body.total, 0, 'the bad code was not stored')
      const total = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')
      assert.equal(total.body.total, before.body.total, 'nothing was stored')
    })
  })

  test('an edit that loses an If-Match race says so and offers to reload', async () => {
    await withPage('enterprise-edit-saved', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'city')
      await waitForShell(page)
      await page.goto(`${stack.baseUrl}/enterprises`)
      await page.getByTestId('cell-region').first().waitFor()
      const first = (await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1&sort=-updated_at')).body.items[0]
      await page.getByTestId('enterprise-table').locator('tbody tr').filter({ hasText: first.uscc }).getByTestId('row-edit').click()
      const form = page.getByTestId('enterprise-form')
      await form.getByTestId('field-name').waitFor()
      await page.waitForFunction((name) => document.querySelector('[data-testid="field-name"]')?.value === name, first.name)

      // Someone else saves the same record meanwhile.
      const changedAddress = `信阳市羊山新区新七大道${Date.now() % 1000}号`
      const status = await page.evaluate(async ({ id, address }) => {
        const token = localStorage.getItem('wrzwq.access_token')
        const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
        const current = await fetch(`/api/v1/enterprises/${id}`, { headers })
        const res = await fetch(`/api/v1/enterprises/${id}`, {
          method: 'PATCH',
          headers: { ...headers, 'If-Match': current.headers.get('ETag') },
          body: JSON.stringify({ address })
        })
        return res.status
      }, { id: first.id, address: changedAddress })
      assert.equal(status, 200)

      await form.getByTestId('field-contact-person').fill('李四')
      await page.getByTestId('enterprise-submit').click()
      const box = page.locator('.el-message-box')
      await box.getByText('记录已被修改').waitFor()
      await screenshot(page, 'enterprise-edit-conflict')
      await box.getByRole('button', { name: '重新加载' }).click()
      await page.waitForFunction((address) => document.querySelector('[data-testid="field-address"]')?.value === address, changedAddress)
      await form.getByTestId('field-contact-person').fill('李四')
      await page.getByTestId('enterprise-submit').click()
      await form.waitFor({ state: 'hidden' })
      const saved = await apiFromPage(page, `/api/v1/enterprises/${first.id}`)
      assert.equal(saved.body.contact_person, '李四')
      assert.equal(saved.body.address, changedAddress)
    })
  })

  test('admin creates a user who can then sign in (changing the initial password)', async () => {
    await withPage('new-user-signed-in', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'admin')
      await waitForShell(page)
      const menu = page.getByTestId('sidebar-menu')
      const usersEntry = menu.locator('[data-menu="SystemUsers"]')
      if (!(await usersEntry.isVisible())) await menu.getByText('系统管理').click()
      await usersEntry.click()
      await page.waitForURL(/\/system\/users$/)
      await page.getByTestId('user-table').locator('tbody tr').first().waitFor()

      await page.getByTestId('user-create').click()
      const form = page.getByTestId('user-form')
      await form.waitFor()
      await form.getByTestId('user-username').fill(newUser)
      await form.getByTestId('user-display-name').fill('端到端测试员')
      await form.getByTestId('user-password').fill(newUserPassword)
      await form.locator('.el-form-item').filter({ hasText: '角色' }).locator('.el-select').click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '县区商务局' }).click()
      await page.keyboard.press('Escape')
      await pickRegion(page, form, '所属区域', '光山县')
      await page.getByTestId('user-submit').click()
      await form.waitFor({ state: 'hidden' })
      await page.getByTestId('user-table').getByText(newUser).waitFor()
      await screenshot(page, 'users-admin')
      await signOut(page)

      await signIn(page, stack.baseUrl, newUser, newUserPassword)
      await page.waitForURL(/\/password/)
      await page.getByTestId('password-forced').waitFor()
      await page.getByTestId('password-old').fill(newUserPassword)
      await page.getByTestId('password-new').fill(newUserFinalPassword)
      await page.getByTestId('password-confirm').fill(newUserFinalPassword)
      await page.getByTestId('password-submit').click()
      await page.waitForURL(/\/login\?reason=password/)

      await signIn(page, stack.baseUrl, newUser, newUserFinalPassword)
      await waitForShell(page)
      await page.getByTestId('sidebar-menu').getByText('企业名录').waitFor()
      const me = await apiFromPage(page, '/api/v1/auth/me')
      assert.equal(me.body.user.username, newUser)
      assert.equal(me.body.user.region_code, '411522')
    })
  })

  test('the auditor sees that creation in the audit log', async () => {
    await withPage('audit-log', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'auditor')
      await waitForShell(page)
      const menu = page.getByTestId('sidebar-menu')
      assert.equal(await menu.getByText('企业名录').count(), 0)
      const firstPage = page.waitForResponse((r) => r.url().includes('/api/v1/audit/logs'))
      await menu.getByText('审计日志').click()
      await page.waitForURL(/\/audit\/logs$/)
      await firstPage
      await page.getByTestId('audit-action').fill('user.create')
      const filtered = page.waitForResponse((r) => r.url().includes('action=user.create') && r.status() === 200)
      await page.getByTestId('audit-submit').click()
      await filtered
      const row = page.getByTestId('audit-table').locator('tbody tr.el-table__row').first()
      await row.getByText('user.create').waitFor()
      await row.locator('.el-table__expand-icon').click()
      await page.getByTestId('audit-table').getByText(newUser).first().waitFor()
      await screenshot(page, 'audit-log')
    })
  })

  test('an expired access token is refreshed without the user noticing', async () => {
    await withPage('silent-refresh', DESKTOP, async (page) => {
      const refreshes = []
      page.on('response', (res) => {
        if (res.url().endsWith('/api/v1/auth/refresh')) refreshes.push(res.status())
      })
      const firstStats = page.waitForResponse((r) => r.url().includes('/stats/by-industry') && r.status() === 200)
      await signIn(page, stack.baseUrl, 'leader')
      await waitForShell(page)
      await page.getByTestId('dashboard').waitFor()
      await firstStats
      await page.getByTestId('chart-industry').locator('canvas').first().waitFor()
      await page.waitForTimeout(1500) // let the chart animation finish for the screenshot
      await screenshot(page, 'dashboard-leader')
      assert.equal(refreshes.length, 0)

      await page.waitForTimeout((ACCESS_TOKEN_TTL + 2) * 1000)
      await page.getByTestId('sidebar-menu').getByText('企业名录').click()
      await page.getByTestId('cell-region').first().waitFor()
      assert.deepEqual(refreshes, [200], 'exactly one refresh, and it succeeded')
      assert.match(page.url(), /\/enterprises$/)
      assert.equal(await page.locator('.el-message--error').count(), 0, 'no error shown')

      // Both dashboard calls run in parallel after another expiry: still one refresh.
      await page.waitForTimeout((ACCESS_TOKEN_TTL + 2) * 1000)
      const statsLoaded = Promise.all([
        page.waitForResponse((r) => r.url().includes('/stats/by-region') && r.status() === 200),
        page.waitForResponse((r) => r.url().includes('/stats/by-industry') && r.status() === 200)
      ])
      await page.getByTestId('sidebar-menu').getByText('工作台').click()
      await statsLoaded
      await page.getByTestId('chart-region').locator('canvas').first().waitFor()
      assert.deepEqual(refreshes, [200, 200])
      assert.match(page.url(), /\/dashboard$/)
      assert.equal(await page.locator('.el-message--error').count(), 0)
    })
  })

  test('on a 375 px screen the sidebar becomes a drawer', async () => {
    await withPage('mobile-dashboard', PHONE, async (page) => {
      await signIn(page, stack.baseUrl, 'guangshan')
      await waitForShell(page)
      await page.goto(`${stack.baseUrl}/enterprises`)
      await page.getByTestId('cell-region').first().waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `no horizontal page scroll (overflow ${overflow}px)`)
      assert.equal(await page.getByTestId('sidebar-menu').isVisible(), false)
      await screenshot(page, 'mobile-enterprises')
      await page.getByTestId('enterprise-create').click()
      const form = page.getByTestId('enterprise-form')
      await form.getByTestId('field-uscc').waitFor()
      const dialogOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(dialogOverflow <= 0, 'the form fits the screen')
      await page.waitForTimeout(300)
      await screenshot(page, 'mobile-enterprise-form')
      await form.getByRole('button', { name: '取消' }).click()
      await form.waitFor({ state: 'hidden' })
      await page.getByTestId('sidebar-toggle').click()
      await page.getByTestId('sidebar-menu').waitFor({ state: 'visible' })
      await page.waitForTimeout(400)
      await screenshot(page, 'mobile-drawer')
      const stats = page.waitForResponse((r) => r.url().includes('/stats/by-region') && r.status() === 200)
      await page.getByTestId('sidebar-menu').getByText('工作台').click()
      await stats
      await page.getByTestId('sidebar-menu').waitFor({ state: 'hidden' })
      await page.getByTestId('chart-region').locator('canvas').first().waitFor()
      await page.waitForTimeout(1500)
    })
  })
})
