// The core end-to-end scenarios (directory, identity, cases) in Debian's headless Chromium against the real stack.
// Each `*.e2e.mjs` file starts its own stack on fresh databases; shared helpers live in lib.mjs.
// Expects frontend/dist to be built; starts scripts/stack.py on fresh databases and stops it at the end.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  apiFromPage,
  DESKTOP,
  launchBrowser,
  PHONE,
  pickOption,
  pickRegion,
  runAsUser,
  runPage,
  publishScreenshots,
  screenshot,
  signIn,
  signOut,
  startStack,
  waitForShell
} from './lib.mjs'

const ACCESS_TOKEN_TTL = 12

let stack
let browser
const newUser = `e2e_${Date.now().toString(36)}`
const newUserPassword = 'E2e@Init2021'
const newUserFinalPassword = 'E2e@Final2021'

/** Runs `fn` on a fresh desktop or phone page of this file's browser (see lib.mjs `runPage`). */
function withPage(name, viewport, fn) {
  return runPage(browser, name, viewport, fn)
}

/** Signs `username` in on a fresh page, runs `fn`, screenshots and closes (one user's turn in a flow). */
function asUser(username, viewport, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** Opens a case's page and waits for its actions to be drawn. */
async function openCase(page, id) {
  await page.goto(`${stack.baseUrl}/cases/${id}`)
  await page.getByTestId('case-actions').waitFor()
}

/** Clicks an action button, fills its dialog with `fill`, confirms, and waits for the state to change. */
async function act(page, action, expectedState, fill = async () => undefined) {
  await page.getByTestId(`action-${action}`).click()
  const dialog = page.locator(`[data-testid="action-dialog"][data-action="${action}"]`)
  await dialog.waitFor({ state: 'visible' })
  await fill(dialog)
  const done = page.waitForResponse((r) => r.url().endsWith(`/${action}`) && r.request().method() === 'POST')
  await dialog.getByTestId('action-submit').click()
  const res = await done
  assert.equal(res.status(), 200, `${action} answered ${res.status()}: ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
  await page.locator(`[data-testid="case-detail"] [data-testid="state-tag"][data-state="${expectedState}"]`).first().waitFor()
}

before(async () => {
  stack = await startStack({ accessTokenTtl: ACCESS_TOKEN_TTL })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots([
    'login',
    'dashboard-leader',
    'enterprises-guangshan',
    'enterprise-uscc-error',
    'users-admin',
    'audit-log',
    'mobile-enterprises',
    'mobile-drawer',
    'case-detail',
    'cases-warning-list',
    'case-reports',
    'dashboard-period',
    'server-monitor'
  ])
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

  test('admin creates a user, the security administrator gives the role, the user signs in (changing the initial password)', async () => {
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
      // 三员分立: the system administrator creates the account; roles are the security administrator's.
      await form.getByTestId('user-roles-hint').waitFor()
      await pickRegion(page, form, '所属区域', '光山县')
      await page.getByTestId('user-submit').click()
      await form.waitFor({ state: 'hidden' })
      const table = page.getByTestId('user-table')
      await table.getByText(newUser).waitFor()
      // The officers' own accounts offer no action online, and the system administrator assigns no roles.
      const officerRow = table.locator('tbody tr').filter({ hasText: '安全管理员' }).first()
      await officerRow.getByTestId('user-officer').waitFor()
      assert.equal(await officerRow.getByTestId('user-reset').count(), 0)
      assert.equal(await table.getByTestId('user-assign-roles').count(), 0)
      await screenshot(page, 'users-admin')
      await signOut(page)

      await signIn(page, stack.baseUrl, 'security')
      await waitForShell(page)
      await page.goto(`${stack.baseUrl}/system/users`)
      const row = page.getByTestId('user-table').locator('tbody tr').filter({ hasText: newUser })
      await row.getByTestId('user-assign-roles').click()
      const roles = page.getByTestId('user-roles-form')
      await roles.waitFor()
      await roles.locator('.el-select').click()
      assert.equal(await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '审计员' }).count(), 0)
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '县区商务局' }).click()
      await page.keyboard.press('Escape')
      await page.getByTestId('user-roles-submit').click()
      await roles.waitFor({ state: 'hidden' })
      await row.getByText('县区商务局').waitFor()
      await screenshot(page, 'users-security-roles')
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
      // The auditor may land on the log itself: wait for its first page from the sign-in on.
      const firstPage = page.waitForResponse((r) => r.url().includes('/api/v1/audit/logs'))
      await signIn(page, stack.baseUrl, 'auditor')
      await waitForShell(page)
      const menu = page.getByTestId('sidebar-menu')
      assert.equal(await menu.getByText('企业名录').count(), 0)
      await menu.getByText('审计日志').click()
      await page.waitForURL(/\/audit\/logs$/)
      await firstPage
      await pickOption(page, page.getByTestId('audit-action'), '用户')
      const filtered = page.waitForResponse((r) => r.url().includes('action=user.') && r.status() === 200)
      await page.getByTestId('audit-submit').click()
      await filtered
      // The user group lists the creation beside the role assignment; the action reads as its Chinese name.
      const created = page.getByTestId('audit-action-cell').filter({ hasText: '新增用户' })
      const row = page.getByTestId('audit-table').locator('tbody tr.el-table__row').filter({ has: created }).first()
      await row.waitFor()
      await row.locator('.el-table__expand-icon').click()
      await page.getByTestId('audit-table').getByText(newUser).first().waitFor()
      await screenshot(page, 'audit-log')

      // The role given to the new user carries personal data: a sensitive permission change of its own.
      const sensitive = page.waitForResponse((r) => r.url().includes('category=sensitive_permission') && r.status() === 200)
      await page.getByTestId('audit-tab-sensitive').click()
      await sensitive
      const grant = page.getByTestId('sensitive-table').locator('tbody tr.el-table__row').filter({ hasText: newUser }).first()
      await grant.getByTestId('sensitive-change-cell').filter({ hasText: '授予' }).waitFor()
      // trade:worker:pii, by its name.
      await grant.getByText('查看外派人员姓名、身份证号、护照号明文', { exact: true }).waitFor()
      await screenshot(page, 'audit-sensitive')
    })
  })

  test('the system administrator watches every app on 服务监控', async () => {
    await withPage('server-monitor', DESKTOP, async (page) => {
      await signIn(page, stack.baseUrl, 'admin')
      await waitForShell(page)
      const report = page.waitForResponse((r) => r.url().includes('/api/v1/system/monitor') && r.status() === 200)
      await page.getByTestId('sidebar-menu').getByText('服务监控').click()
      await page.waitForURL(/\/system\/monitor$/)
      const body = await (await report).json()
      assert.deepEqual(
        body.apps.map((a) => [a.app, a.status]),
        [['gateway', 'up'], ['case-service', 'up'], ['investment-service', 'up'], ['trade-service', 'up']]
      )
      for (const [app, label] of [['gateway', '网关'], ['case-service', '诉求办理服务'], ['investment-service', '招商引资服务'], ['trade-service', '对外经贸服务']]) {
        const card = page.getByTestId(`monitor-${app}`)
        await card.getByText(label, { exact: true }).waitFor()
        await card.getByText('运行中', { exact: true }).waitFor()
        await card.getByText('常驻内存').waitFor()
      }
      await page.getByTestId('monitor-case-service').getByText('正常', { exact: true }).waitFor()
      await screenshot(page, 'server-monitor')
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

  test('a problem goes from the enterprise to 销号 under 13710, each step by the user whose turn it is', async () => {
    const title = `厂区道路规划许可延期办理 ${Date.now() % 100000}`
    let caseId

    // The enterprise submits from its phone.
    await asUser('enterprise', PHONE, 'case-enterprise-submitted', async (page) => {
      await page.waitForURL(/\/cases$/)
      await page.getByTestId('self-service').waitFor()
      await page.getByTestId('self-submit').click()
      const form = page.getByTestId('case-form')
      await form.getByTestId('field-title').waitFor()
      await pickOption(page, form.getByTestId('field-category'), '用地规划')
      await form.getByTestId('field-title').fill(title)
      await form.getByTestId('field-description').fill('厂区新建道路需办理规划许可，现审批超期，影响二期工程开工，请协调市自然资源和规划局加快办理。')
      await form.getByTestId('field-contact-person').fill('周红')
      await form.getByTestId('field-contact-phone').fill('13937612345')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the submit form fits the phone (overflow ${overflow}px)`)
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST')
      await form.getByTestId('case-submit').click()
      assert.equal((await created).status(), 201)
      await page.waitForURL(/\/cases\/\d+$/)
      caseId = Number(new URL(page.url()).pathname.split('/').pop())
      await page.getByTestId('case-title').filter({ hasText: title }).waitFor()
      await page.locator('[data-testid="state-tag"][data-state="SUBMITTED"]').first().waitFor()
      assert.equal(await page.getByTestId('case-actions').locator('[data-testid^="action-"]').count(), 0, 'nothing for the enterprise to do yet')
    })

    // The county bureau accepts and assigns it to 市自然资源和规划局.
    await asUser('guangshan', DESKTOP, 'case-assigned', async (page) => {
      await openCase(page, caseId)
      assert.equal(await page.getByTestId('action-sign').count(), 0, 'the county cannot sign')
      // A colleague accepts it meanwhile: the click that follows is refused plainly and the case reloads.
      const status = await page.evaluate(async (id) => {
        const token = localStorage.getItem('wrzwq.access_token')
        const res = await fetch(`/api/v1/cases/${id}/accept`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ comment: '已受理' })
        })
        return res.status
      }, caseId)
      assert.equal(status, 200)
      await page.getByTestId('action-accept').click()
      const stale = page.locator('[data-testid="action-dialog"][data-action="accept"]')
      await stale.getByTestId('action-submit').click()
      const box = page.locator('.el-message-box')
      await box.getByText('刚刚已被他人处理').waitFor()
      await screenshot(page, 'case-action-refused')
      await box.getByRole('button', { name: '刷新诉求' }).click()
      await page.locator('[data-testid="case-detail"] [data-testid="state-tag"][data-state="ACCEPTED"]').first().waitFor()
      assert.equal(await page.getByTestId('action-accept').count(), 0, 'accept is gone once the case is accepted')
      await act(page, 'assign', 'ASSIGNED', async (dialog) => {
        await pickOption(page, dialog.getByTestId('action-lead-unit'), '市自然资源和规划局', '自然资源')
        // The limit the administrator set (系统参数), not a figure of the page's own.
        assert.equal(await dialog.getByTestId('complexity-hint').innerText(), '一般问题 7 天内办结')
        await dialog.getByTestId('action-comment').fill('请按“13710”工作机制办理')
      })
      await page.getByTestId('case-lead-unit').filter({ hasText: '市自然资源和规划局' }).waitFor()
      const timers = page.getByTestId('case-timers')
      assert.match(await timers.locator('[data-timer="sign"]').innerText(), /还剩\d+小时|还剩1天/)
      assert.match(await timers.locator('[data-timer="resolve"]').innerText(), /还剩7天/)
    })

    // The unit signs, reports progress and submits the result with a file.
    await asUser('unit_zrzy', DESKTOP, 'case-result-submitted', async (page) => {
      // The assignment reached the unit's inbox: the bell shows a count.
      await page.getByTestId('notification-badge').locator('.el-badge__content').waitFor()
      await openCase(page, caseId)
      await act(page, 'sign', 'IN_PROGRESS')
      await act(page, 'feedback', 'IN_PROGRESS', async (dialog) => {
        await dialog.getByTestId('action-content').fill('已与企业对接，规划许可材料已补齐，正在会签。')
      })
      await page.getByTestId('timeline-item').filter({ hasText: '进展反馈' }).waitFor()
      assert.match(await page.getByTestId('case-timers').locator('[data-timer="feedback"]').innerText(), /按期完成/)
      await act(page, 'submit_result', 'PENDING_REVIEW', async (dialog) => {
        await dialog.getByTestId('action-result').fill('规划许可已于今日核发，企业已领取许可证。')
        await dialog.getByTestId('action-basis').fill('《城乡规划法》第四十条')
        const uploaded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/cases/${caseId}/attachments`) && r.request().method() === 'POST')
        await dialog.locator('input[type="file"]').setInputFiles({ name: '规划许可证.txt', mimeType: 'text/plain', buffer: Buffer.from('建设工程规划许可证 建字第411522202100017号\n') })
        assert.equal((await uploaded).status(), 201)
        await dialog.locator('.el-tag').filter({ hasText: '规划许可证.txt' }).waitFor()
      })
      // Submitted is not done: until the county approves, the resolution timer says it waits for review.
      const resolveTimer = page.getByTestId('case-timers').locator('[data-timer="resolve"]')
      assert.match(await resolveTimer.innerText(), /已提交，待审核/)
      assert.doesNotMatch(await resolveTimer.innerText(), /按期完成/)
      const attachments = page.getByTestId('attachment-table')
      await attachments.getByText('规划许可证.txt').waitFor()
      const download = page.waitForEvent('download')
      await attachments.getByTestId('attachment-download').first().click()
      assert.equal((await download).suggestedFilename(), '规划许可证.txt')
    })

    // The county approves the result.
    await asUser('guangshan', DESKTOP, 'case-approved', async (page) => {
      await openCase(page, caseId)
      await act(page, 'approve_result', 'RESOLVED')
      await page.getByTestId('case-timers').locator('[data-timer="resolve"]').filter({ hasText: '按期完成' }).waitFor()
    })

    // The enterprise rates it on its phone.
    await asUser('enterprise', PHONE, 'case-enterprise-rated', async (page) => {
      await page.getByTestId('self-groups').getByText('待评价').click()
      await page.getByTestId('self-card').filter({ hasText: title }).click()
      await page.getByTestId('case-actions').waitFor()
      await act(page, 'revisit', 'VISITED', async (dialog) => {
        await dialog.getByTestId('action-satisfaction').getByText('满意', { exact: true }).click()
        await dialog.getByTestId('action-comment').fill('办理及时，非常感谢！')
      })
      await page.getByTestId('case-satisfaction').filter({ hasText: '满意' }).waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the case page fits the phone (overflow ${overflow}px)`)
    })

    // The county strikes it off (销号).
    await asUser('guangshan', DESKTOP, 'case-detail', async (page) => {
      await openCase(page, caseId)
      await act(page, 'close', 'CLOSED')
      await page.locator('[data-testid="case-detail"] [data-testid="state-tag"]').filter({ hasText: '已销号' }).first().waitFor()
      assert.equal(await page.getByTestId('case-actions').locator('[data-testid^="action-"]').count(), 0, 'nothing left to do')
      const actions = await page.getByTestId('timeline-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')))
      assert.deepEqual(actions, ['close', 'revisit', 'approve_result', 'submit_result', 'attach', 'feedback', 'sign', 'assign', 'accept', 'create'])
      const detail = await apiFromPage(page, `/api/v1/cases/${caseId}`)
      assert.equal(detail.body.state, 'CLOSED')
      assert.equal(detail.body.closed_reason, 'resolved')
      assert.equal(detail.body.satisfaction, 'satisfied')
      // The picture for the README: the header, the 13710 timers and the timeline.
      await page.locator('.el-message').waitFor({ state: 'hidden' })
      await page.evaluate(() => document.querySelector('.layout__content')?.scrollTo(0, 260))
    })
  })

  test('a red (overdue) demo case is red in the list and counted on the dashboard', async () => {
    await asUser('leader', DESKTOP, 'cases-red', async (page) => {
      const red = await apiFromPage(page, '/api/v1/cases?warning_level=red&page=1&page_size=100')
      assert.equal(red.status, 200)
      const overdue = red.body.items.find((c) => c.warning_level === 'red' && c.resolve_due && new Date(c.resolve_due) < new Date())
      assert.ok(overdue, 'the demo data has an overdue (red) case')

      // The dashboard's card counts the red cases, this one among them.
      await page.goto(`${stack.baseUrl}/dashboard`)
      const card = page.getByTestId('kpi-case-red')
      await card.waitFor()
      // The dashboard opens on the current year.
      const stats = await apiFromPage(page, `/api/v1/cases/stats?period=${await page.evaluate(() => new Date().getFullYear())}`)
      const shown = Number((await card.getByTestId('kpi-value').innerText()).replace(/,/g, ''))
      assert.equal(shown, stats.body.all.snapshot.red)
      assert.ok(shown >= 1)
      assert.match(await card.innerText(), new RegExp(`已超期 ${stats.body.all.snapshot.overdue} 件`))
      await page.getByTestId('chart-case-warning').locator('canvas').first().waitFor()
      await page.waitForTimeout(1200)
      await screenshot(page, 'dashboard-cases')

      // In the list the case wears the red tag and the red left border.
      await card.click()
      await page.waitForURL(/\/cases\?warning_level=red/)
      const row = page.getByTestId('case-table').locator('tbody tr').filter({ hasText: overdue.case_no })
      await row.waitFor()
      assert.match(await row.getAttribute('class'), /warning-row--red/)
      assert.equal(await row.getByTestId('warning-tag').getAttribute('data-level'), 'red')
      assert.match(await row.getByTestId('warning-tag').innerText(), /红色预警/)
      assert.match(await row.getByTestId('cell-due').innerText(), /已超期\d+(天|小时)|刚刚超期/)
      // The red row says which 13710 deadline it missed.
      const missed = overdue.missed_deadlines.map((m) => m.kind)
      assert.ok(missed.includes('resolve') || missed.includes('sign'), `missed ${missed}`)
      assert.match(await row.getByTestId('warning-missed').innerText(), /^超.*(办结期限|签收期限)/)

      // All cases, the most alarming first, for the README.
      await page.getByTestId('case-search').getByRole('button', { name: '重置' }).click()
      await page.getByTestId('case-table').locator('tbody tr.warning-row--green').first().waitFor()
      const sorted = page.waitForResponse((r) => r.url().includes('sort=-warning_level') && r.status() === 200)
      await page.getByTestId('case-table').locator('th').filter({ hasText: '预警' }).locator('.sort-caret.descending').click()
      await sorted
      await page.getByTestId('case-table').locator('tbody tr').first().locator('[data-level="escalated"], [data-level="red"]').waitFor()
      await screenshot(page, 'cases-warning-list')
    })
  })

  test('the dashboard period control changes the figures; a period without cases shows the empty state', async () => {
    await asUser('leader', DESKTOP, 'dashboard-period', async (page) => {
      const year = await page.evaluate(() => new Date().getFullYear())
      const first = page.waitForResponse((r) => r.url().includes(`/api/v1/cases/stats?period=${year}`) && r.status() === 200)
      await page.goto(`${stack.baseUrl}/dashboard`)
      await first
      const received = page.getByTestId('kpi-case-received')
      await received.waitFor()
      const count = async () => Number((await received.getByTestId('kpi-value').innerText()).replace(/,/g, ''))
      const thisYear = (await apiFromPage(page, `/api/v1/cases/stats?period=${year}`)).body.all
      assert.equal(await count(), thisYear.flow.received)
      assert.ok(thisYear.flow.received > 0, 'the demo has cases this year')
      // Each card says what it counts, and 办结率 names its own numerator and denominator.
      assert.equal(await received.getByTestId('kpi-basis').innerText(), '期内发生')
      const resolution = page.getByTestId('kpi-case-resolution')
      assert.equal(await resolution.getByTestId('kpi-basis').innerText(), '期内登记')
      const { numerator, denominator } = thisYear.rates.resolution
      assert.match(await resolution.innerText(), new RegExp(`已办结 ${numerator} / 受理 ${denominator}`))
      assert.equal(denominator, thisYear.cohort.accepted)

      // A year without cases: every figure follows the control, and the chart shows its empty state, not bars.
      const control = page.getByTestId('dashboard-period')
      const empty = year - 7
      const asked = page.waitForResponse((r) => r.url().includes(`/api/v1/cases/stats?period=${empty}`) && r.status() === 200)
      await pickOption(page, control.getByTestId('period-year'), `${empty}年`)
      await asked
      await page.locator('.section-title').filter({ hasText: `诉求办理（${empty}年）` }).waitFor()
      assert.equal(await count(), 0)
      await page.getByTestId('chart-case-warning').getByTestId('chart-empty').waitFor()
      assert.equal(await page.getByTestId('chart-case-warning').locator('canvas').count(), 0)

      // A quarter of the current year: the period the API is asked for follows the kind.
      const current = `${year}-Q${await page.evaluate(() => Math.floor(new Date().getMonth() / 3) + 1)}`
      const byKind = page.waitForResponse((r) => r.url().includes(`/api/v1/cases/stats?period=${empty}-Q`) && r.status() === 200)
      await pickOption(page, control.getByTestId('period-kind'), '季度')
      await byKind
      const byYear = page.waitForResponse((r) => r.url().includes(`/api/v1/cases/stats?period=${current}`) && r.status() === 200)
      await pickOption(page, control.getByTestId('period-year'), `${year}年`)
      await byYear
      await page.locator('.section-title').filter({ hasText: `诉求办理（${year}年第` }).waitFor()
      const quarterly = (await apiFromPage(page, `/api/v1/cases/stats?period=${current}`)).body.all
      assert.equal(await count(), quarterly.flow.received)
      await page.getByTestId('chart-case-warning').locator('canvas').first().waitFor()
      await page.waitForTimeout(1200)
    })
  })

  test('the reports page shows the 13710 figures with their denominators and downloads the XLSX', async () => {
    await asUser('leader', DESKTOP, 'case-reports', async (page) => {
      const stats = page.waitForResponse((r) => r.url().includes('/api/v1/cases/stats') && r.status() === 200)
      const report = page.waitForResponse((r) => r.url().includes('/api/v1/case-reports/monthly') && r.status() === 200)
      await page.goto(`${stack.baseUrl}/case-reports`)
      const answered = await stats
      // The body goes with a document the SPA navigated away from: ask the same URL again then.
      const figures = await answered.json().catch(async () => {
        const url = new URL(answered.url())
        return (await apiFromPage(page, `${url.pathname}${url.search}`)).body
      })
      await report
      const rate = page.getByTestId('report-kpi-resolution')
      await rate.waitFor()
      const { numerator, denominator } = figures.all.rates.resolution
      assert.match(await rate.innerText(), new RegExp(`${numerator} / ${denominator}`))
      assert.match(await rate.getByTestId('kpi-basis').innerText(), /期内登记/)
      assert.equal(denominator, figures.all.cohort.accepted)
      assert.match(await page.getByTestId('report-kpi-rejected').innerText(), new RegExp(`不予受理[\\s\\S]*${figures.all.cohort.rejected}`))
      // The timer settings the figures were computed under, and the ranking rule.
      const settings = page.getByTestId('stats-settings')
      assert.match(await settings.innerText(), /自然日/)
      assert.equal(await page.getByTestId('stats-major-limit').innerText(), '1个月(30日)')
      await rate.hover()
      await page.locator('.el-popper:visible').filter({ hasText: `${denominator}` }).first().waitFor()
      await page.getByTestId('report-title').waitFor()
      await page.getByTestId('report-table').first().waitFor()
      const download = page.waitForEvent('download')
      await page.getByTestId('report-download').click()
      assert.match((await download).suggestedFilename(), /\.xlsx$/)
      await page.getByTestId('chart-trend').locator('canvas').first().waitFor()
      await page.locator('.el-message').waitFor({ state: 'hidden' })
      await page.evaluate(() => document.querySelector('.layout__content')?.scrollTo(0, 0))
      await page.mouse.move(10, 10)
      await page.waitForTimeout(1200)
    })
  })
})
