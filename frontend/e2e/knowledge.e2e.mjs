// The knowledge base in Debian's headless Chromium against the real stack: a county officer takes the answer of a
// case answered at once (即问即答) into the knowledge base and publishes it; an enterprise typing a similar problem on
// its phone sees it under 相关解答 and marks it 已解决，不再提交; the case statistics count the prevented submission.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, PHONE, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser
let caseId
const TITLE = '跨境电商海外仓建设补贴如何申报'
const ANSWER = '登录省商务厅外贸政策申报系统，提交海外仓租赁合同和运营数据，按实际投入的30%给予补贴。'

function asUser(username, viewport, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** Sends a write from the page with the session's token (a starting point the test needs). */
async function send(page, path, body) {
  const res = await page.evaluate(
    async ({ path, body }) => {
      const token = localStorage.getItem('wrzwq.access_token')
      const res = await fetch(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body)
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { path, body }
  )
  assert.ok(res.status < 300, `${path} answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots([
    'knowledge-from-case',
    'knowledge-list',
    'knowledge-search',
    'knowledge-instant-answers-phone',
    'knowledge-instant-answers-desktop',
    'knowledge-deflection-stats'
  ])
}, { timeout: 60_000 })

describe('knowledge base and instant answers end to end', { concurrency: false }, () => {
  test('an officer takes a case answered at once into the knowledge base and publishes it', async () => {
    await asUser('enterprise', DESKTOP, 'knowledge-enterprise-asks', async (page) => {
      const category = (await apiFromPage(page, '/api/v1/case-categories')).body.items[0].code
      const made = await send(page, '/api/v1/cases', { source: 'enterprise', category_code: category, title: TITLE, description: '我公司计划在东南亚建设海外仓，想了解补贴政策和申报流程。' })
      caseId = made.id
    })
    await asUser('guangshan', DESKTOP, 'knowledge-search', async (page) => {
      await send(page, `/api/v1/cases/${caseId}/accept`, { comment: '属实，予以受理' })
      await send(page, `/api/v1/cases/${caseId}/answer_now`, { answer: ANSWER, basis: '豫商贸〔2021〕8号' })
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      await page.getByTestId('case-to-knowledge').click()
      const form = page.getByTestId('knowledge-form')
      await form.waitFor({ state: 'visible' })
      assert.equal(await form.getByTestId('kb-question').inputValue(), TITLE, 'the question is the problem')
      assert.match(await form.getByTestId('kb-answer').inputValue(), /按实际投入的30%给予补贴/, 'the answer is the result')
      await screenshot(page, 'knowledge-from-case')
      const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/knowledge-entries' && r.request().method() === 'POST')
      await form.getByTestId('kb-publish').click()
      const res = await saved
      assert.equal(res.status(), 201, await res.text())
      const entry = await res.json()
      assert.equal(entry.status, 'published')
      assert.equal(entry.source_case_id, caseId)
      await form.waitFor({ state: 'hidden' })

      await page.goto(`${stack.baseUrl}/knowledge`)
      const row = page.getByTestId('kb-table').locator('.el-table__row').filter({ hasText: TITLE }).first()
      await row.waitFor()
      assert.match(await row.innerText(), /已发布/)
      await screenshot(page, 'knowledge-list')
      await page.getByTestId('kb-search').fill('海外仓补贴申报')
      const searched = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === '海外仓补贴申报')
      await page.getByTestId('kb-query').click()
      assert.equal((await searched).status(), 200)
      await page.getByTestId('kb-table').locator('.el-table__row').first().filter({ hasText: TITLE }).waitFor()
      assert.match(await page.getByTestId('kb-table').locator('.el-table__row').first().innerText(), /\d+%/, 'a search shows the score')
    })
  })

  test('an enterprise typing a similar problem on its phone sees the answer and marks it solved', async () => {
    await asUser('enterprise', PHONE, 'knowledge-solved-phone', async (page) => {
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('self-service').waitFor()
      await page.getByTestId('self-submit').click()
      const form = page.getByTestId('case-form')
      await form.waitFor({ state: 'visible' })
      const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/knowledge-entries/suggestions')
      await form.getByTestId('field-title').fill('海外仓建设补贴怎么申报')
      const res = await asked
      assert.equal(res.status(), 200)
      const panel = page.getByTestId('instant-answers')
      await panel.waitFor({ state: 'visible' })
      const answer = panel.getByTestId('instant-answer').filter({ hasText: TITLE }).first()
      await answer.locator('.el-collapse-item__header').click()
      await answer.getByText('按实际投入的30%给予补贴', { exact: false }).waitFor()
      await screenshot(page, 'knowledge-instant-answers-phone')
      const recorded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/knowledge-entries/outcomes')
      await answer.getByTestId('answer-solved').click()
      const outcome = await recorded
      assert.equal(outcome.status(), 201, await outcome.text())
      assert.equal((await outcome.json()).outcome, 'solved')
      await form.waitFor({ state: 'hidden' })
    })
    await asUser('enterprise', DESKTOP, 'knowledge-instant-answers-desktop', async (page) => {
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('self-submit').click()
      const form = page.getByTestId('case-form')
      await form.getByTestId('field-title').fill('跨境电商海外仓补贴申报')
      await page.getByTestId('instant-answers').getByTestId('instant-answer').first().waitFor()
      await page.getByTestId('instant-answers').locator('.el-collapse-item__header').first().click()
      await page.getByTestId('answer-still-submit').first().waitFor()
    })
  })

  test('the case statistics count the prevented submission with its numerator and denominator', async () => {
    await asUser('guangshan', DESKTOP, 'knowledge-deflection-stats', async (page) => {
      await page.goto(`${stack.baseUrl}/case-reports`)
      const prevented = page.getByTestId('deflection-prevented')
      await prevented.waitFor()
      assert.match(await prevented.innerText(), /即时解答拦截数\s*1/)
      assert.match(await page.getByTestId('deflection-rate').innerText(), /即时解答拦截率\s*100(\.0)?%\s*（1\/1）/)
      await page.getByTestId('knowledge-deflection').scrollIntoViewIfNeeded()
    })
  })
})
