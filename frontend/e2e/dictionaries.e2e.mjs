// 业务字典 and 系统参数 in Debian's headless Chromium against the real stack: the system administrator renames
// a case source and shortens the sign deadline; a city officer's case list offers the new name, and the case
// service reports the new limit, with nothing restarted.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, publishScreenshots, runAsUser, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** Clicks `button` and returns the JSON of the PUT it causes (asserting it succeeded). */
async function putting(page, button) {
  const done = page.waitForResponse((r) => r.request().method() === 'PUT')
  await button.click()
  const res = await done
  const body = await res.json().catch(() => null)
  assert.equal(res.status(), 200, `PUT answered ${res.status()}: ${JSON.stringify(body)}`)
  return body
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
}, { timeout: 60_000 })

describe('dictionaries and parameters', { concurrency: false }, () => {
  test('the administrator renames a case source; an officer’s case list offers the new name', async () => {
    await asUser('admin', 'dictionaries', async (page) => {
      await page.goto(`${stack.baseUrl}/system/dictionaries`)
      await page.getByTestId('dictionary-menu').getByText('诉求来源', { exact: true }).click()
      const row = page.getByTestId('dictionary-items').locator('.el-table__row').filter({ hasText: '12345热线' })
      await row.getByTestId('dictionary-edit').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '修改字典项' })
      await dialog.locator('.el-form-item').filter({ hasText: '名称' }).locator('input').first().fill('政务服务热线')
      await dialog.getByText('红色', { exact: true }).click()
      const saved = await putting(page, dialog.getByTestId('dictionary-save'))
      assert.equal(saved.label, '政务服务热线')
      assert.equal(saved.colour, 'danger')
      const preview = page.getByTestId('dictionary-items').locator('[data-dict="case_source"][data-code="hotline"]')
      await preview.filter({ hasText: '政务服务热线' }).waitFor()
    })
    await asUser('city', 'dictionaries-case-list', async (page) => {
      await page.goto(`${stack.baseUrl}/cases`)
      const source = page.locator('.el-form-item').filter({ hasText: '来源' }).locator('.el-select').first()
      await source.click()
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '政务服务热线' }).first().waitFor()
      assert.equal(await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '12345热线' }).count(), 0)
    })
  })

  test('the administrator shortens the sign deadline; the case service uses it at once', async () => {
    await asUser('admin', 'parameters', async (page) => {
      await page.goto(`${stack.baseUrl}/system/parameters`)
      const caseApp = page.locator('section[data-app="case"]')
      const row = caseApp.locator('.el-table__row').filter({ hasText: '签收时限' })
      await row.getByTestId('parameter-edit').click()
      const dialog = page.locator('.el-dialog').filter({ hasText: '修改参数' })
      // Out of bounds first: the problem names the field and the dialog shows it.
      const input = dialog.locator('.el-input-number input')
      await input.fill('45')
      await dialog.getByTestId('parameter-save').click()
      await dialog.locator('.el-form-item__error').filter({ hasText: '1 至 30' }).waitFor()
      await input.fill('2')
      const saved = await putting(page, dialog.getByTestId('parameter-save'))
      assert.equal(saved.value, 2)
      await row.getByTestId('parameter-value').filter({ hasText: '2 天' }).waitFor()
      const listed = await apiFromPage(page, '/api/v1/parameters/case')
      assert.equal(listed.body.find((p) => p.key === 'timer_sign_days').value, 2)
      await page.locator('section[data-app="gateway"]').getByText('密码最小长度').waitFor()
    })
  })

  test('publishes the screenshots', () => {
    publishScreenshots(['dictionaries', 'dictionaries-case-list', 'parameters'])
  })
})
