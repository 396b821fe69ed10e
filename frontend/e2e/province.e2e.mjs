// One installation for several cities, in Debian's headless Chromium against the real stack: the 省商务厅 leader reads
// both demo cities and writes nothing; a 南阳 officer reads 南阳 alone, sees the province's 三个一批 rounds and 诉求分类
// beside 南阳's own, and may change only 南阳's.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DESKTOP, apiFromPage, runAsUser, screenshot, suiteStack } from './lib.mjs'

const held = suiteStack({
  screenshots: ['province-dashboard-desktop', 'province-rounds-nanyang-desktop', 'province-categories-nanyang-desktop']
})

/** How many enterprises of a region the signed-in user reads. */
async function enterprisesOf(page, regionCode) {
  const res = await apiFromPage(page, `/api/v1/enterprises?region_code=${regionCode}&page_size=1`)
  assert.equal(res.status, 200)
  return res.body.total
}

describe('province and cities', { concurrency: false }, () => {
  test('the province leader reads both cities, sees the province on the dashboard and has no button that writes', async () => {
    await runAsUser(held.browser, held.stack.baseUrl, 'henan', DESKTOP, 'province-henan-enterprises', async (page) => {
      assert.ok((await enterprisesOf(page, '411500')) > 0, '信阳 is read')
      assert.ok((await enterprisesOf(page, '411300')) > 0, '南阳 is read')
      const me = await apiFromPage(page, '/api/v1/auth/me')
      assert.equal(me.body.user.region_code, '410000')
      assert.ok(!me.body.permissions.some((p) => /:(create|update|delete)$/.test(p)), 'no create, update or delete permission')

      await page.goto(`${held.stack.baseUrl}/enterprises`)
      await page.getByTestId('enterprise-table').locator('.el-table__row').first().waitFor()
      assert.equal(await page.getByTestId('enterprise-create').count(), 0, 'no 新增企业 button')

      await page.goto(`${held.stack.baseUrl}/dashboard`)
      await page.getByTestId('dashboard').waitFor()
      await page.getByTestId('kpi-total').getByText(/\d/).first().waitFor()
      assert.match(await page.getByTestId('dashboard').innerText(), /河南省/)
      await page.waitForLoadState('networkidle')
      await screenshot(page, 'province-dashboard-desktop')
    })
  })

  test('a 南阳 officer reads 南阳 alone and changes only 南阳’s rounds and categories', async () => {
    await runAsUser(held.browser, held.stack.baseUrl, 'nanyang', DESKTOP, 'province-nanyang', async (page) => {
      assert.ok((await enterprisesOf(page, '411300')) > 0, '南阳 is read')
      assert.equal(await enterprisesOf(page, '411500'), 0, '信阳 is not')

      await page.goto(`${held.stack.baseUrl}/investment/rounds`)
      const levels = page.getByTestId('round-level')
      await levels.first().waitFor()
      const texts = await levels.allInnerTexts()
      assert.ok(texts.includes('省级'), 'the province’s round is listed')
      assert.ok(texts.includes('市级（南阳市）'), '南阳’s own round is listed')
      assert.ok(!texts.includes('市级（信阳市）'), '信阳’s rounds are not')
      await page.getByTestId('round-card').filter({ hasText: '省级' }).first().click()
      assert.equal(await page.getByTestId('round-edit').isDisabled(), true, 'the province’s round is read-only here')
      await page.getByTestId('round-card').filter({ hasText: '市级（南阳市）' }).first().click()
      assert.equal(await page.getByTestId('round-edit').isDisabled(), false, '南阳’s own round can be edited')
      await screenshot(page, 'province-rounds-nanyang-desktop')

      await page.goto(`${held.stack.baseUrl}/case-categories`)
      const table = page.getByTestId('category-table')
      await table.locator('.el-table__row').first().waitFor()
      const own = table.locator('.el-table__row').filter({ hasText: '玉雕产业' })
      await own.waitFor()
      assert.match(await own.getByTestId('category-level').innerText(), /南阳市/)
      assert.equal(await own.getByTestId('category-edit').isDisabled(), false)
      const province = table.locator('.el-table__row').filter({ has: page.getByTestId('category-level').filter({ hasText: '省级' }) }).first()
      assert.equal(await province.getByTestId('category-edit').isDisabled(), true, 'a province category is read-only')
      await screenshot(page, 'province-categories-nanyang-desktop')
    })
  })
})
