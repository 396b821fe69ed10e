// 消息接收设置 and the leaders' daily digest in Debian's headless Chromium against the real stack: a county officer
// chooses e-mail and quiet hours (SMS without a phone is refused under its item); the administrator finds the
// reminder parameters and runs the digest job now; the city leader's inbox holds the day's digest.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
}, { timeout: 60_000 })

describe('notifications', { concurrency: false }, () => {
  test('a county officer chooses e-mail and quiet hours; SMS without a phone is refused', async () => {
    await asUser('guangshan', 'notify-settings', async (page) => {
      await page.getByTestId('user-menu').click()
      await page.getByTestId('notify-settings-link').click()
      await page.waitForURL(/\/settings\/notifications$/)
      const card = page.getByTestId('notify-settings')
      await card.getByText('站内消息（始终开启）').waitFor()
      await page.getByTestId('notify-sms').click()
      const refused = page.waitForResponse((r) => r.request().method() === 'PUT')
      await page.getByTestId('notify-save').click()
      assert.equal((await refused).status(), 422)
      await card.locator('.el-form-item__error').filter({ hasText: '未登记手机号码' }).waitFor()
      await page.getByTestId('notify-sms').click()
      await page.getByTestId('notify-email').click()
      await page.getByTestId('notify-email-address').fill('chenzhiqiang@example.cn')
      await page.getByTestId('notify-quiet').click()
      const saved = page.waitForResponse((r) => r.request().method() === 'PUT')
      await page.getByTestId('notify-save').click()
      const res = await saved
      assert.equal(res.status(), 200)
      const body = await res.json()
      assert.equal(body.email_enabled, true)
      assert.equal(body.sms_enabled, false)
      assert.deepEqual([body.quiet_start, body.quiet_end], ['22:00', '07:00'])
      await page.locator('.el-message').filter({ hasText: '已保存消息接收设置' }).waitFor()
      const { body: again } = await apiFromPage(page, '/api/v1/auth/me/notification-settings')
      assert.equal(again.quiet_start, '22:00')
    })
  })

  test('the administrator finds the reminder parameters and runs the digest; the leader reads it', async () => {
    await asUser('admin', 'notify-digest-job', async (page) => {
      await page.goto(`${stack.baseUrl}/system/parameters`)
      const caseApp = page.locator('section[data-app="case"]')
      await caseApp.getByText('到期提前提醒时长').waitFor()
      await caseApp.getByText('领导每日摘要发送时间').waitFor()
      await page.goto(`${stack.baseUrl}/system/jobs`)
      const row = page.getByTestId('jobs-table').locator('tbody tr.el-table__row').filter({ hasText: '领导每日诉求办理摘要' })
      await row.waitFor()
      const ran = page.waitForResponse((r) => r.url().endsWith('/case-leader-digest/run') && r.request().method() === 'POST')
      await row.getByTestId('job-run').click()
      await page.locator('.el-message-box').getByRole('button', { name: /立即执行/ }).click()
      const asked = await ran
      assert.equal(asked.status(), 200)
      const requestedAt = Date.parse((await asked.json()).run_requested_at)
      let latest
      for (let i = 0; i < 30; i += 1) {
        const { body: now } = await apiFromPage(page, '/api/v1/system/jobs')
        const job = now.apps.find((a) => a.app === 'case').jobs.find((j) => j.name === 'case-leader-digest')
        // The run asked for (a scheduled run may have started since), once finished: a run is listed from its start.
        latest = job.last_runs.find((r) => r.trigger === 'manual' && Date.parse(r.slot) === requestedAt)
        if (!job.run_requested_at && latest?.finished_at) break
        await page.waitForTimeout(1000)
      }
      assert.equal(latest?.outcome, 'ok', `the digest ran: ${JSON.stringify(latest)}`)
      assert.match(latest.detail, /摘要新增\d+条/)
    })
    await asUser('leader', 'notify-digest', async (page) => {
      const { body } = await apiFromPage(page, '/api/v1/notifications?kind=digest')
      assert.equal(body.total, 1, 'one digest for the day')
      assert.match(body.items[0].body, /分县区/)
      await page.goto(`${stack.baseUrl}/notifications`)
      await page.getByText(/每日诉求办理摘要/).first().waitFor()
      await screenshot(page, 'notify-digest')
    })
  })

  test('publishes the screenshots', () => {
    publishScreenshots(['notify-settings', 'notify-digest'])
  })
})
