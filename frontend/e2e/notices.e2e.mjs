// 通知公告 end to end in Debian's headless Chromium against the real stack: the system administrator drafts a
// pinned notice to the 县区商务局 role with an attachment and publishes it; a county officer signs in, sees it in
// the sign-in dialog (also on a phone), reads it and finds it read in the inbox; the administrator sees the read
// rate move from 0/2 to 1/2 and who has read it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DESKTOP, PHONE, apiFromPage, pickOption, runAsUser, screenshot, suiteStack } from './lib.mjs'

const TITLE = '关于做好2021年度“万人助万企”走访工作的通知'
const BODY = '各县区商务局：\n请于本月底前完成辖区重点企业走访，并在系统中填报走访记录。\n走访中收集的企业诉求请于3个工作日内登记。'
const SHOTS = ['notices-admin', 'notices-editor', 'notices-sign-in', 'notices-sign-in-phone', 'notices-inbox', 'notices-readers']

let suite

function asUser(username, viewport, shot, fn) {
  return runAsUser(suite.browser, suite.stack.baseUrl, username, viewport, shot, fn)
}

async function openNotices(page) {
  const listed = page.waitForResponse((r) => r.url().includes('/api/v1/system/notices?') && r.status() === 200)
  await page.getByTestId('sidebar-menu').getByText('通知公告').click()
  await page.waitForURL(/\/system\/notices$/)
  await listed
}

function noticeRow(page) {
  return page.getByTestId('notice-table').locator('tbody tr.el-table__row').filter({ hasText: TITLE })
}

describe('通知公告', () => {
  suite = suiteStack({ accessTokenTtl: 900, screenshots: SHOTS })

  test('the administrator publishes a pinned notice to a role, with an attachment', async () => {
    await asUser('admin', DESKTOP, 'notices-admin', async (page) => {
      await openNotices(page)
      await page.getByTestId('notice-create').click()
      const form = page.getByTestId('notice-form')
      await form.getByTestId('notice-title').fill(TITLE)
      await form.getByTestId('notice-body').fill(BODY)
      await form.getByTestId('notice-pinned').click()
      await pickOption(page, form.getByTestId('notice-roles'), '县区商务局', '县区')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/system/notices') && r.request().method() === 'POST')
      await form.getByTestId('notice-save').click()
      const answer = await created
      assert.equal(answer.status(), 201)
      assert.ok(answer.request().headers()['idempotency-key'], 'the create carries an Idempotency-Key')
      const notice = await answer.json()
      assert.deepEqual(notice.audience.role_codes, ['county_officer'])
      assert.equal(notice.pinned, true)
      assert.deepEqual(notice.read_rate, { addressed: 2, read: 0, rate: 0 })

      // The draft takes attachments: the type is read from the bytes.
      const uploaded = page.waitForResponse((r) => r.url().endsWith(`/notices/${notice.id}/attachments`))
      await form.getByTestId('notice-upload').locator('input[type=file]').setInputFiles({
        name: '走访安排.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('一、走访对象：规上工业企业\n二、时间：本月底前\n', 'utf-8')
      })
      assert.equal((await uploaded).status(), 201)
      await form.getByText('走访安排.txt').waitFor()
      await screenshot(page, 'notices-editor')
      await form.getByRole('button', { name: '取消' }).click()

      const row = noticeRow(page)
      await row.getByTestId('notice-status').getByText('草稿').waitFor()
      await row.getByTestId('notice-publish').click()
      const published = page.waitForResponse((r) => r.url().endsWith(`/notices/${notice.id}/publish`))
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      assert.equal((await published).status(), 200)
      await row.getByTestId('notice-status').getByText('已发布').waitFor()
      await row.getByTestId('notice-rate').getByText('0/2 人已读').waitFor()
    })
  })

  test('a county officer sees the notice after signing in, reads it, and is not asked again', async () => {
    await asUser('guangshan', DESKTOP, 'notices-inbox', async (page) => {
      const dialog = page.getByTestId('sign-in-notices')
      await dialog.getByText(TITLE).waitFor()
      await dialog.getByText('置顶').waitFor()
      // Plain text, line breaks kept.
      await dialog.getByText('走访中收集的企业诉求请于3个工作日内登记。').waitFor()
      await dialog.getByText('走访安排.txt').waitFor()
      await screenshot(page, 'notices-sign-in')
      const read = page.waitForResponse((r) => /\/api\/v1\/notices\/\d+\/read$/.test(r.url()))
      await page.getByTestId('sign-in-notices-confirm').click()
      assert.equal((await read).status(), 200)
      await dialog.waitFor({ state: 'hidden' })
      const { body: count } = await apiFromPage(page, '/api/v1/notices/mine/unread-count')
      assert.deepEqual(count, { unread: 0, unread_pinned: 0 })

      // Once per notice: a fresh load of the shell asks nothing.
      const checked = page.waitForResponse((r) => r.url().includes('/api/v1/notices/mine?'))
      await page.reload()
      await checked
      await page.waitForTimeout(500)
      assert.equal(await page.getByTestId('sign-in-notices-confirm').isVisible(), false)

      // The inbox keeps it, read, under 通知公告.
      await page.getByTestId('notification-bell').click()
      await page.waitForURL(/\/notifications$/)
      await page.getByTestId('inbox-tabs').getByText('通知公告').click()
      const card = page.getByTestId('notice-inbox').getByTestId('notice-card').filter({ hasText: TITLE })
      await card.getByText(/已读$/).waitFor()
      assert.equal(await card.getByTestId('notice-mark-read').count(), 0)
    })
  })

  test('on a phone the sign-in dialog fits the screen', async () => {
    await asUser('xinxian', PHONE, 'notices-sign-in-phone', async (page) => {
      const dialog = page.getByTestId('sign-in-notices')
      await dialog.getByText(TITLE).waitFor()
      const box = await page.locator('.el-dialog').filter({ hasText: TITLE }).boundingBox()
      assert.ok(box && box.width <= PHONE.width, `the dialog is ${box?.width}px wide`)
      await page.getByTestId('sign-in-notices-confirm').scrollIntoViewIfNeeded()
      await screenshot(page, 'notices-sign-in-phone')
      // Left unread here: the administrator's next look shows one of the two.
    })
  })

  test('the administrator sees the read rate move and who has read it', async () => {
    await asUser('admin', DESKTOP, 'notices-readers', async (page) => {
      await openNotices(page)
      const row = noticeRow(page)
      await row.getByTestId('notice-rate').getByText('1/2 人已读').waitFor()
      await row.locator('.el-progress').getByText('50%').waitFor()
      await screenshot(page, 'notices-admin')
      await row.getByTestId('notice-readers-open').click()
      const drawer = page.getByTestId('notice-readers')
      await drawer.getByText('陈志强').waitFor()
      await drawer.getByText('刘芳').waitFor()
      await drawer.locator('.el-radio-button').getByText('已读', { exact: true }).click()
      await drawer.locator('tbody tr.el-table__row').filter({ hasText: '刘芳' }).waitFor({ state: 'detached' })
      await drawer.getByText('陈志强').waitFor()
    })
  })
})
