// 政策找企业 end to end in Debian's headless Chromium against the real stack: a city officer targets a policy at the
// tea industry's medium enterprises, sees the matched enterprises with their reasons and pushes it; the tea enterprise finds it on its
// home page (desktop and phone) marked new, opens it, and the mark goes.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DESKTOP, PHONE, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
}, { timeout: 60_000 })

describe('policy matching and push', { concurrency: false }, () => {
  let title = ''

  test('a city officer sets a policy’s conditions, sees the matches with reasons and pushes it', async () => {
    await runAsUser(browser, stack.baseUrl, 'city', DESKTOP, 'policy-match-desktop', async (page) => {
      await page.goto(`${stack.baseUrl}/policies`)
      const row = page.getByTestId('policy-table').locator('.el-table__body-wrapper .el-table__row').first()
      await row.waitFor()
      title = (await row.locator('td').nth(1).innerText()).split('\n')[0].trim()
      await page.locator('.el-table__fixed-right, .el-table__body-wrapper').getByTestId('open-policy-match').first().click()
      const form = page.getByTestId('policy-conditions')
      await form.waitFor({ state: 'visible' })
      await form.getByTestId('field-industries').click()
      await page.keyboard.type('茶叶加工')
      await page.keyboard.press('Enter')
      await page.keyboard.press('Escape')
      await form.getByTestId('field-sizes').getByText('中型').click()
      const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/conditions'))
      await form.getByTestId('save-conditions').click()
      assert.equal((await saved).status(), 200)
      await page.locator('.el-message').first().waitFor({ state: 'detached' })
      await screenshot(page, 'policy-conditions-desktop')

      await page.getByRole('tab', { name: '匹配企业' }).click()
      const table = page.getByTestId('match-table')
      await table.locator('.el-table__row').first().waitFor()
      assert.match(await table.innerText(), /行业：茶叶加工/)
      assert.match(await table.innerText(), /规模：中型/)
      await page.getByTestId('push-all').click()
      const pushed = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/pushes'))
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      const res = await pushed
      assert.equal(res.status(), 200)
      const body = await res.json()
      assert.ok(body.pushed > 0, 'enterprises were pushed')
      await page.getByTestId('push-figures').getByText(/100\.0%/).first().waitFor()
      await page.locator('.el-message').first().waitFor({ state: 'detached' })
      await screenshot(page, 'policy-match-desktop')
    })
  })

  test('the tea enterprise sees the pushed policy on its home page, marked new', async () => {
    await runAsUser(browser, stack.baseUrl, 'enterprise', DESKTOP, 'policy-for-me-desktop', async (page) => {
      const card = page.getByTestId('policies-for-me')
      await card.waitFor()
      const item = card.getByTestId('for-me-item').filter({ hasText: title }).first()
      await item.waitFor()
      assert.match(await item.innerText(), /新/)
      await screenshot(page, 'policy-for-me-desktop')
    })
  })

  test('on a phone the enterprise opens the policy and it is no longer new', async () => {
    await runAsUser(browser, stack.baseUrl, 'enterprise', PHONE, 'policy-for-me-phone-read', async (page) => {
      const card = page.getByTestId('policies-for-me')
      const item = card.getByTestId('for-me-item').filter({ hasText: title }).first()
      await item.waitFor()
      await card.getByTestId('for-me-unread').waitFor()
      await screenshot(page, 'policy-for-me-phone')
      const read = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/read'))
      await item.click()
      assert.equal((await read).status(), 200)
      await page.locator('.el-dialog').filter({ hasText: '适用原因' }).waitFor({ state: 'visible' })
      await screenshot(page, 'policy-for-me-phone-open')
      await page.keyboard.press('Escape')
      await page.waitForFunction((t) => {
        const items = [...document.querySelectorAll('[data-testid="for-me-item"]')]
        const it = items.find((el) => el.textContent?.includes(t))
        return it !== undefined && !it.classList.contains('for-me__item--unread')
      }, title)
    })
    publishScreenshots(['policy-conditions-desktop', 'policy-match-desktop', 'policy-for-me-desktop', 'policy-for-me-phone', 'policy-for-me-phone-open'])
  })
})
