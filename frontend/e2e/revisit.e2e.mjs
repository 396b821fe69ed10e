// The enterprise's revisit on its phone, in Debian's headless Chromium against the real stack: a county officer
// approves a case's result, the SMS the approval sent carries a link, which opens at 375×812 without signing in;
// the contact rates 满意 with a comment, the officer sees 已回访 and the rating, and the link cannot be used again.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, postFromPage, DESKTOP, launchBrowser, PHONE, publishScreenshots, runAsUser, runPage, screenshot, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** Calls the API from the page with the session's token (the starting point the test needs). */
const send = postFromPage

/** The revisit links texted so far, oldest first, as the logging SMS provider of `platform_core.delivery` wrote them
 * (`sms to 139****1111: 【…】…/m/revisit/<token>`). */
function textedLinks() {
  return [...stack.output().matchAll(/https?:\/\/[^\s"\\]+\/m\/revisit\/([A-Za-z0-9_-]{20,})/g)].map((m) => m[0])
}

before(async () => {
  // The contacts' quiet hours (22:00–08:00 Beijing time) would hold the SMS at night: off, so the run does not
  // depend on the hour (holding is covered by the service tests).
  stack = await startStack({ accessTokenTtl: 900, env: { NOTIFY_CONTACT_QUIET_HOURS: '' } })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['revisit-phone', 'revisit-phone-done', 'revisit-phone-used', 'revisit-desktop', 'revisit-case-rated'])
}, { timeout: 60_000 })

describe('the enterprise rates a resolved case from the SMS link', { concurrency: false }, () => {
  test('approval texts a link; the phone page rates once; the officer sees the rating', async () => {
    let caseId
    let caseNo
    let leadUnit
    await asUser('unit_zrzy', 'revisit-unit-me', async (page) => {
      const me = await apiFromPage(page, '/api/v1/auth/me')
      leadUnit = { unit_id: me.body.user.unit_id }
    })
    await asUser('enterprise', 'revisit-enterprise-submits', async (page) => {
      const category = (await apiFromPage(page, '/api/v1/case-categories')).body.items[0].code
      const made = await send(page, '/api/v1/cases', {
        source: 'enterprise',
        category_code: category,
        title: '厂区道路接入市政管网协调',
        description: '新建厂区道路需接入市政雨污管网，请协调住建部门尽快办理接入手续。'
      })
      caseId = made.id
      caseNo = made.case_no
    })
    await asUser('guangshan', 'revisit-county-assigns', async (page) => {
      await send(page, `/api/v1/cases/${caseId}/accept`)
      await send(page, `/api/v1/cases/${caseId}/assign`, { lead_unit: leadUnit })
    })
    await asUser('unit_zrzy', 'revisit-unit-resolves', async (page) => {
      await send(page, `/api/v1/cases/${caseId}/sign`)
      await send(page, `/api/v1/cases/${caseId}/submit_result`, {
        result: '已协调住建部门完成管网接入审批，施工队伍已进场，预计两周内完成接入。',
        basis: '市政设施接入管理办法'
      })
    })
    const before = textedLinks().length
    await asUser('guangshan', 'revisit-county-approves', async (page) => {
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      await page.getByTestId('case-actions').waitFor()
      await page.getByTestId('action-approve_result').click()
      const dialog = page.locator('[data-testid="action-dialog"][data-action="approve_result"]')
      await dialog.waitFor({ state: 'visible' })
      const done = page.waitForResponse((r) => r.url().endsWith('/approve_result') && r.request().method() === 'POST')
      await dialog.getByTestId('action-submit').click()
      assert.equal((await done).status(), 200)
      await page.locator('[data-testid="case-detail"] [data-testid="state-tag"][data-state="RESOLVED"]').first().waitFor()
    })
    // The SMS goes out as the approval commits (the send log's row, dispatched at once): its text carries the link.
    let link
    for (let i = 0; i < 50 && !link; i++) {
      link = textedLinks().slice(before).at(-1)
      if (!link) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    assert.ok(link, 'the approval texted a revisit link')
    const url = `${stack.baseUrl}${new URL(link).pathname}`

    // On a desktop screen (no session): the form, not submitted.
    await runPage(browser, 'revisit-desktop', DESKTOP, async (page) => {
      await page.goto(url)
      await page.getByTestId('revisit-form').waitFor()
      await page.getByTestId('revisit-choice-satisfied').waitFor()
    })

    // On the contact's phone, never signed in.
    await runPage(browser, 'revisit-phone-done', PHONE, async (page) => {
      await page.goto(url)
      await page.getByTestId('revisit-form').waitFor()
      assert.match(await page.getByTestId('revisit-case').innerText(), new RegExp(caseNo))
      assert.equal(await page.evaluate(() => localStorage.getItem('wrzwq.access_token')), null, 'no session')
      assert.equal(new URL(page.url()).pathname, new URL(url).pathname, 'the guard let the page through')
      const labels = await page.locator('[data-testid^="revisit-choice-"]').allInnerTexts()
      assert.deepEqual(labels.map((l) => l.replace(/\s+/g, ' ').trim().split(' ').at(-1)), ['满意', '基本满意', '不满意'])
      // Every choice fits the narrow screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
      assert.equal(overflow, false, 'nothing is wider than the phone')
      await page.getByTestId('revisit-choice-satisfied').click()
      await page.getByTestId('revisit-comment').fill('办理及时，管网接入问题解决得很好，谢谢！')
      await screenshot(page, 'revisit-phone')
      const sent = page.waitForResponse((r) => r.url().includes('/api/v1/public/revisits/') && r.request().method() === 'POST')
      await page.getByTestId('revisit-submit').click()
      const res = await sent
      assert.equal(res.status(), 200, await res.text())
      assert.equal(res.request().headers().authorization, undefined, 'no credentials are sent')
      await page.getByTestId('revisit-done').waitFor()
      assert.match(await page.getByTestId('revisit-done').innerText(), /感谢您的评价[\s\S]*满意/)
    })

    await asUser('guangshan', 'revisit-case-rated', async (page) => {
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      const tag = page.locator('[data-testid="case-detail"] [data-testid="state-tag"][data-state="VISITED"]').first()
      await tag.waitFor()
      assert.equal((await tag.innerText()).trim(), '已回访')
      assert.equal((await page.getByTestId('case-satisfaction').innerText()).trim(), '满意')
      await page.getByTestId('case-result').scrollIntoViewIfNeeded()
      assert.match(await page.getByTestId('case-result').innerText(), /管网接入问题解决得很好/)
    })

    // The link again: used.
    await runPage(browser, 'revisit-phone-used', PHONE, async (page) => {
      await page.goto(url)
      const gone = page.getByTestId('revisit-gone')
      await gone.waitFor()
      assert.equal(await gone.getAttribute('data-state'), 'used')
      assert.match(await gone.innerText(), /链接已使用/)
      assert.equal(await page.getByTestId('revisit-form').count(), 0, 'no second rating')
    })
  })
})
