// 系统管理 end to end in Debian's headless Chromium against the real stack: the system administrator's
// scheduled jobs page (定时任务) — every app's jobs, run now honoured by the running services within seconds
// and shown in the run log, pause and resume — and the auditor finding those actions in the audit log.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DESKTOP, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, viewport, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** Confirms the open message box with its primary button. */
async function confirm(page) {
  await page.locator('.el-message-box').getByRole('button', { name: /暂停|立即执行/ }).click()
}

describe('系统管理', () => {
  before(async () => {
    stack = await startStack({ accessTokenTtl: 900 })
    browser = await launchBrowser()
  }, { timeout: 300_000 })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    publishScreenshots(['scheduled-jobs'])
  })

  test('the system administrator runs a job now, sees its run, pauses and resumes another', async () => {
    await asUser('admin', DESKTOP, 'scheduled-jobs-end', async (page) => {
      const listed = page.waitForResponse((r) => r.url().endsWith('/api/v1/system/jobs') && r.status() === 200)
      await page.getByTestId('sidebar-menu').getByText('定时任务').click()
      await page.waitForURL(/\/system\/jobs$/)
      const body = await (await listed).json()
      assert.deepEqual(body.apps.map((a) => [a.app, a.status]), [['gateway', 'up'], ['case', 'up'], ['investment', 'up'], ['trade', 'up']])
      const table = page.getByTestId('jobs-table')
      const timer = table.locator('tbody tr.el-table__row').filter({ hasText: '13710 办理时限检查与提醒' })
      await timer.waitFor()

      // Run now: one of the service's replicas takes the request at its next look and the run log shows it.
      const ran = page.waitForResponse((r) => r.url().endsWith('/case-timer-check/run') && r.request().method() === 'POST')
      await timer.getByTestId('job-run').click()
      await confirm(page)
      const asked = await ran
      assert.equal(asked.status(), 200)
      assert.ok((await asked.json()).run_requested_at, 'the request waits for a replica')
      const runs = page.getByTestId('job-runs')
      await timer.getByTestId('job-log').click()
      const manual = runs.getByTestId('runs-table').locator('tbody tr.el-table__row').filter({ hasText: '立即执行' })
      for (let i = 0; i < 20 && !(await manual.filter({ hasText: '成功' }).count()); i += 1) {
        await page.waitForTimeout(1000)
        await page.getByTestId('jobs-refresh').click()
      }
      await manual.filter({ hasText: '成功' }).first().waitFor()
      await manual.first().getByText(/检查\d+件/).waitFor()
      await timer.getByText('等待执行').waitFor({ state: 'detached' })

      // Pause another job: its state says so until it is resumed.
      const purge = table.locator('tbody tr.el-table__row').filter({ hasText: '清理已读提醒' })
      await purge.getByTestId('job-pause').click()
      await confirm(page)
      await purge.getByTestId('job-state').getByText('已暂停').waitFor()
      await purge.getByTestId('job-resume').waitFor()
      await screenshot(page, 'scheduled-jobs')
      await purge.getByTestId('job-resume').click()
      await purge.getByTestId('job-state').getByText('按计划执行').waitFor()
    })
  })

  test('the auditor finds the administrator’s job actions in the audit log', async () => {
    await asUser('auditor', DESKTOP, 'scheduled-jobs-audit', async (page) => {
      await page.goto(`${stack.baseUrl}/audit/logs`)
      const table = page.getByTestId('audit-table')
      for (const text of ['立即执行定时任务', '暂停定时任务', '恢复定时任务']) {
        await table.getByText(text).first().waitFor()
      }
    })
  })
})
