// 撤单质检 end to end in Debian's headless Chromium against the real stack: the administrator sets sampling to
// 全部抽取; a county officer rejects a case; the city's 撤单质检员 finds the sample, reads the case's timeline in the
// review drawer, records 不合格 with remarks, and the statistics count it with numerator and denominator.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser
const TITLE = `厂区围墙外道路占用投诉 ${Date.now() % 100000}`

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** Sends JSON from inside the page with the session's token (setting up what the test is not about). */
async function apiSend(page, method, path, body, headers = {}) {
  return page.evaluate(
    async ([verb, url, payload, extra]) => {
      const token = localStorage.getItem('wrzwq.access_token')
      const res = await fetch(url, {
        method: verb,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
          ...extra
        },
        body: JSON.stringify(payload)
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [method, path, body, headers]
  )
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
}, { timeout: 60_000 })

describe('撤单质检', { concurrency: false }, () => {
  test('a rejected case is drawn, reviewed as 不合格, and counted in the statistics', async () => {
    await asUser('admin', 'quality-parameters', async (page) => {
      const params = (await apiFromPage(page, '/api/v1/parameters/case')).body
      const mode = (params.items ?? params).find((p) => p.key === 'quality_mode')
      assert.ok(mode, 'the sampling mode is a 系统参数')
      const set = await apiSend(page, 'PUT', '/api/v1/parameters/case/quality_mode', { value: 'all' }, { 'If-Match': `"${mode.version}"` })
      assert.equal(set.status, 200, JSON.stringify(set.body))
    })

    let caseNo
    let returnedId
    await asUser('guangshan', 'quality-rejected', async (page) => {
      const enterprise = (await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')).body.items[0]
      const made = await apiSend(page, 'POST', '/api/v1/cases', {
        source: 'hotline',
        category_code: 'land_planning',
        enterprise_uscc: enterprise.uscc,
        title: TITLE,
        description: '企业反映厂区围墙外道路被长期占用，影响货车进出。'
      })
      assert.equal(made.status, 201, JSON.stringify(made.body))
      caseNo = made.body.case_no
      const rejected = await apiSend(page, 'POST', `/api/v1/cases/${made.body.id}/reject`, { reason: '属于城管执法事项，已告知企业向城管部门反映' })
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body))
      // A second case is assigned to 市自然资源和规划局, which asks to return it (退单).
      const units = (await apiFromPage(page, '/api/v1/units?keyword=自然资源&page_size=5')).body.items
      const other = await apiSend(page, 'POST', '/api/v1/cases', {
        source: 'hotline',
        category_code: 'land_planning',
        enterprise_uscc: enterprise.uscc,
        title: `${TITLE}（用地）`,
        description: '企业反映厂区扩建用地手续办理缓慢。'
      })
      returnedId = other.body.id
      assert.equal((await apiSend(page, 'POST', `/api/v1/cases/${returnedId}/accept`, {})).status, 200)
      const assigned = await apiSend(page, 'POST', `/api/v1/cases/${returnedId}/assign`, { lead_unit: { unit_id: units[0].id }, co_units: [] })
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body))
    })
    await asUser('unit_zrzy', 'quality-return-request', async (page) => {
      const asked = await apiSend(page, 'POST', `/api/v1/cases/${returnedId}/request_return`, { reason: '不属于本单位职责' })
      assert.equal(asked.status, 200, JSON.stringify(asked.body))
    })
    await asUser('guangshan', 'quality-returned', async (page) => {
      const approved = await apiSend(page, 'POST', `/api/v1/cases/${returnedId}/approve_return`, {})
      assert.equal(approved.status, 200, JSON.stringify(approved.body))
    })

    await asUser('reviewer', 'quality-stats', async (page) => {
      const before = (await apiFromPage(page, `/api/v1/quality/stats?period=${new Date().getFullYear()}`)).body.total
      await page.goto(`${stack.baseUrl}/case-quality`)
      const row = page.getByTestId('quality-table').locator('tbody tr').filter({ hasText: caseNo })
      await row.waitFor()
      assert.match(await row.innerText(), /不予受理[\s\S]*全部抽取[\s\S]*待质检/)
      await screenshot(page, 'quality-samples')

      await row.click()
      const drawer = page.getByTestId('quality-drawer')
      await drawer.getByTestId('quality-timeline').locator('.el-timeline-item').nth(1).waitFor()
      assert.match(await drawer.getByTestId('quality-timeline').innerText(), /不予受理/)
      await drawer.getByTestId('quality-verdict').locator('label').filter({ hasText: '不合格' }).click()
      await drawer.getByTestId('quality-remarks').fill('属于企业生产经营环境问题，应受理后协调城管部门办理')
      await screenshot(page, 'quality-review')
      const done = page.waitForResponse((r) => r.url().endsWith('/review') && r.request().method() === 'POST')
      await drawer.getByTestId('quality-submit').click()
      const answer = await done
      assert.equal(answer.status(), 200)
      assert.equal(answer.request().headers()['if-match'], '"1"', 'the verdict is sent against the sample version')
      await drawer.getByTestId('quality-result').filter({ hasText: '不合格' }).waitFor()
      await page.keyboard.press('Escape')

      const stats = page.getByTestId('quality-stats')
      const reviewed = stats.getByTestId('quality-reviewed')
      await page.waitForFunction(
        ([el, n]) => el && Number(el.textContent) === n,
        [await reviewed.elementHandle(), before.reviewed + 1]
      )
      const rate = await stats.getByTestId('quality-unqualified-rate').innerText()
      assert.match(rate, new RegExp(`${before.unqualified + 1} / ${before.reviewed + 1}`))
      await stats.scrollIntoViewIfNeeded()
    })

    await asUser('city', 'quality-report', async (page) => {
      await page.goto(`${stack.baseUrl}/case-reports`)
      const block = page.getByTestId('report-quality')
      await block.getByTestId('quality-by_region').locator('tbody tr').filter({ hasText: '光山县' }).waitFor()
      await block.getByTestId('quality-by_unit').locator('tbody tr').filter({ hasText: '市自然资源和规划局' }).waitFor()
      await block.scrollIntoViewIfNeeded()
      assert.match(await page.getByTestId('handling-rates').innerText(), /不合格率/)
    })
    publishScreenshots(['quality-samples', 'quality-review', 'quality-stats', 'quality-report'])
  })
})
