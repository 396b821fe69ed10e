// 系统管理 end to end in Debian's headless Chromium against the real stack: the system administrator's
// scheduled jobs page (定时任务) — every app's jobs, run now honoured by the running services within seconds
// and shown in the run log, pause and resume — and the auditor finding those actions in the audit log.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DESKTOP, apiFromPage, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

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
      // The service's replicas look every few seconds: wait until one has run it, then refresh the page.
      const requestedAt = Date.parse((await asked.json()).run_requested_at)
      let latest
      for (let i = 0; i < 30; i += 1) {
        const { body: now } = await apiFromPage(page, '/api/v1/system/jobs')
        const job = now.apps.find((a) => a.app === 'case').jobs.find((j) => j.name === 'case-timer-check')
        // The run asked for (a scheduled run may have started since), once finished: a run is listed from its start.
        latest = job.last_runs.find((r) => r.trigger === 'manual' && Date.parse(r.slot) === requestedAt)
        if (!job.run_requested_at && latest?.finished_at) break
        await page.waitForTimeout(1000)
      }
      assert.equal(latest?.outcome, 'ok', `the requested run succeeded: ${JSON.stringify(latest)}`)
      const { body: log } = await apiFromPage(page, '/api/v1/system/jobs/runs?app=case&job=case-timer-check&page_size=100')
      assert.equal(log.items.filter((r) => Date.parse(r.slot) === requestedAt).length, 1, 'run once for the request')
      await page.getByTestId('jobs-refresh').click()
      await timer.getByText('等待执行').waitFor({ state: 'detached' })
      await timer.getByTestId('job-log').click()
      // The requested run's row: a scheduled run of the same job may have started since and be listed above it.
      const manual = page.getByTestId('job-runs').getByTestId('runs-table').locator('tbody tr.el-table__row')
        .filter({ hasText: '立即执行' }).first()
      await manual.getByText('成功').waitFor()
      await manual.getByText(/检查\d+件/).waitFor()

      // Pause another job: its state says so until it is resumed.
      const purge = table.locator('tbody tr.el-table__row').filter({ hasText: '清理已读提醒' })
      await purge.getByTestId('job-pause').click()
      await confirm(page)
      await purge.getByTestId('job-state').getByText('已暂停').waitFor()
      await purge.getByTestId('job-resume').waitFor()
      await page.getByTestId('runs-table').scrollIntoViewIfNeeded() // the paused job above its run log
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
