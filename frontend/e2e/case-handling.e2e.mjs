// Case handling in Debian's headless Chromium against the real stack: the lead unit pauses a case while the
// enterprise supplies material (已暂停, the time left frozen), the enterprise supplies it and the clock runs
// again, the timeline shows both; a county officer saves a filter as 我的视图, assigns the listed cases in bulk
// and sees a row per case, and a bulk 销号 answers why each case could not be closed.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, postFromPage, DESKTOP, launchBrowser, pickOption, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** Calls the API from the page with the session's token (the starting point the test needs). */
const send = postFromPage

/** Clicks an action button on the case page, fills its dialog and waits for the new state. */
async function act(page, action, expectedState, fill) {
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

let leadUnit
let category

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['case-paused', 'case-pause-timeline', 'case-saved-view', 'case-bulk-assign', 'case-bulk-close', 'case-pause-stats'])
}, { timeout: 60_000 })

describe('pausing the clock, bulk actions and saved views end to end', { concurrency: false }, () => {
  test('等待企业补充材料 freezes the case until the enterprise supplies it', async () => {
    let caseId
    await asUser('unit_zrzy', 'case-pause-unit-me', async (page) => {
      const me = await apiFromPage(page, '/api/v1/auth/me')
      leadUnit = { unit_id: me.body.user.unit_id, name: me.body.user.unit_name }
    })
    await asUser('enterprise', 'case-pause-enterprise-submits', async (page) => {
      category = (await apiFromPage(page, '/api/v1/case-categories')).body.items[0].code
      const made = await send(page, '/api/v1/cases', {
        source: 'enterprise',
        category_code: category,
        title: '新建仓库消防验收材料补正',
        description: '新建仓库申请消防验收，审批部门要求补充材料，请协调加快办理。'
      })
      caseId = made.id
    })
    await asUser('guangshan', 'case-pause-county-assigns', async (page) => {
      await send(page, `/api/v1/cases/${caseId}/accept`)
      await send(page, `/api/v1/cases/${caseId}/assign`, { lead_unit: { unit_id: leadUnit.unit_id } })
    })
    await asUser('unit_zrzy', 'case-paused', async (page) => {
      await send(page, `/api/v1/cases/${caseId}/sign`)
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      await page.getByTestId('case-actions').waitFor()
      await act(page, 'pause', 'PAUSED', (dialog) => dialog.getByTestId('action-reason').fill('请补充消防设计审查意见书及竣工图纸'))
      await page.getByTestId('timers-paused').waitFor()
      const resolve = page.locator('[data-timer="resolve"] [data-testid="timer-status"]')
      assert.match(await resolve.innerText(), /^已暂停 · 还剩/, 'the time left stands still, marked 已暂停')
      assert.deepEqual(
        await page.getByTestId('case-actions').locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.dataset.testid)),
        ['action-resume'],
        'a paused case can only be resumed by the unit'
      )
      await screenshot(page, 'case-paused')
    })
    await asUser('enterprise', 'case-pause-enterprise-supplies', async (page) => {
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('self-service').waitFor()
      await page.getByTestId('go-supply').first().click()
      await page.waitForURL(new RegExp(`/cases/${caseId}$`))
      await page.getByTestId('case-actions').waitFor()
      await act(page, 'supply_material', 'IN_PROGRESS', (dialog) =>
        dialog.getByTestId('action-content').fill('已补充消防设计审查意见书，竣工图纸已送达。')
      )
    })
    await asUser('unit_zrzy', 'case-pause-timeline', async (page) => {
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      await page.getByTestId('case-timeline').waitFor()
      const items = page.getByTestId('timeline-item')
      await items.filter({ hasText: '企业已补充材料' }).first().waitFor()
      assert.ok((await items.filter({ hasText: '等待企业补充材料' }).count()) >= 1, 'the pause is on the timeline')
      assert.ok(await items.filter({ hasText: '暂停计时' }).count(), 'with the paused time the deadlines moved by')
      await page.getByTestId('timers-shifted').waitFor()
      await page.getByTestId('case-timeline').scrollIntoViewIfNeeded()
      await screenshot(page, 'case-pause-timeline')
    })
  })

  test('我的视图 keeps a filter; 批量交办 and 批量销号 answer each row', async () => {
    await asUser('enterprise', 'case-bulk-enterprise-submits', async (page) => {
      for (const title of ['冷链仓储用地指标申请', '光伏屋顶并网手续办理']) {
        await send(page, '/api/v1/cases', { source: 'enterprise', category_code: category, title, description: `${title}，请协调相关部门办理。` })
      }
    })
    await asUser('guangshan', 'case-bulk-close', async (page) => {
      const fresh = (await apiFromPage(page, '/api/v1/cases?state=SUBMITTED&page_size=100')).body.items
      const mine = fresh.filter((c) => ['冷链仓储用地指标申请', '光伏屋顶并网手续办理'].includes(c.title))
      assert.equal(mine.length, 2)
      for (const c of mine) await send(page, `/api/v1/cases/${c.id}/accept`)

      // A filter saved as a view, shared with the county officers' role.
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('case-table').waitFor()
      await pickOption(page, page.getByTestId('case-search-state'), '已受理')
      await page.keyboard.press('Escape')
      await page.getByTestId('case-search-submit').click()
      await page.getByTestId('saved-views-save').click()
      const viewName = `待交办${Date.now() % 1000}`
      await page.getByTestId('saved-views-name').fill(viewName)
      await pickOption(page, page.getByTestId('saved-views-role'), '县区商务局')
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/case-views') && r.request().method() === 'POST')
      await page.getByTestId('saved-views-submit').click()
      assert.equal((await saved).status(), 201)
      await page.getByTestId('case-search').getByRole('button', { name: '重置' }).click()
      const applied = page.waitForResponse((r) => {
        const url = new URL(r.url())
        return url.pathname === '/api/v1/cases' && url.searchParams.get('state') === 'ACCEPTED'
      })
      await pickOption(page, page.getByTestId('saved-views-select'), viewName)
      await applied
      const rows = page.getByTestId('case-table').locator('.el-table__body .el-table__row')
      await rows.filter({ hasText: '冷链仓储用地指标申请' }).first().waitFor()
      await page.waitForLoadState('networkidle')
      const listed = await apiFromPage(page, '/api/v1/cases?state=ACCEPTED&page_size=100')
      const shown = await rows.count()
      assert.equal(shown, Math.min(listed.body.total, 20), 'the view lists what its filter selects')
      await screenshot(page, 'case-saved-view')

      // 批量交办 over every listed case: each row answered.
      await page.getByTestId('case-table').locator('.el-table__header .el-checkbox').click()
      await page.getByTestId('bulk-assign').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '批量交办' })
      await pickOption(page, dialog.getByTestId('bulk-lead-unit'), leadUnit.name, leadUnit.name.slice(1, 5))
      const assigned = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/bulk/assign'))
      await page.getByTestId('bulk-assign-submit').click()
      const answer = await (await assigned).json()
      assert.equal(answer.total, shown, 'every ticked row was sent')
      assert.ok(answer.succeeded >= 2, 'the accepted cases were assigned')
      await page.getByTestId('bulk-summary').waitFor()
      assert.equal(await page.getByTestId('bulk-result').locator('.el-table__body .el-table__row').count(), answer.total)
      await screenshot(page, 'case-bulk-assign')
      await page.getByTestId('bulk-result-close').click()

      // 批量销号 on cases that are not revisited: nothing closed, every row says why.
      await pickOption(page, page.getByTestId('case-search-state'), '已交办')
      await page.keyboard.press('Escape')
      await page.getByTestId('case-search-submit').click()
      await rows.filter({ hasText: '冷链仓储用地指标申请' }).first().waitFor()
      await page.waitForLoadState('networkidle')
      await rows.first().locator('.el-checkbox').click()
      await page.getByTestId('bulk-close').click()
      const closed = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases/bulk/close'))
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      const refused = await (await closed).json()
      assert.equal(refused.succeeded, 0)
      assert.match(refused.items[0].reason, /不能执行“销号”/)
      await page.getByTestId('bulk-result').getByText('未执行').first().waitFor()
    })
  })

  test('the statistics page shows the pause rates with their numerators and denominators', async () => {
    await asUser('guangshan', 'case-pause-stats', async (page) => {
      await page.goto(`${stack.baseUrl}/case-reports`)
      const share = page.getByTestId('report-pause-paused_share')
      await share.waitFor()
      assert.match(await share.innerText(), /暂停计时占比.*（\d+\/\d+）/)
      assert.match(await page.getByTestId('report-pause-supplied_by_enterprise').innerText(), /企业补充率 100\.0%（(\d+)\/\1）/)
      // 刷新 asks for the figures computed now, not the answer kept for the minute.
      const refreshed = page.waitForRequest((r) => r.url().includes('/api/v1/cases/stats') && r.headers()['cache-control'] === 'no-cache')
      await page.getByTestId('report-refresh').click()
      const answer = await (await refreshed).response()
      assert.equal(answer?.status(), 200)
      assert.equal(answer?.headers()['age'], '0')
      await page.getByTestId('report-pause').scrollIntoViewIfNeeded()
      await screenshot(page, 'case-pause-stats')
    })
  })
})
