// Routing catalogue and duplicates end to end in Debian's headless Chromium against the real stack: the city
// officer adds a rule to the routing catalogue; a county officer assigns a case as the rule proposes, with its
// reason shown; the intake form warns of a similar case, the case page marks a repeat and splits a submission;
// the statistics page shows the repeat, acceptance and return rates with their numerators and denominators.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, pickOption, pickRegion, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser
const RULE = `用地保障 ${Date.now() % 100000}`
const TITLE = '新厂区配套道路规划许可办理'
const TEXT = '新厂区配套道路需办理规划许可，审批进度缓慢，影响项目开工，请协调加快办理。'

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** POSTs JSON from inside the page with the session's token (setting up what the test is not about). */
async function apiPost(page, path, body) {
  return page.evaluate(
    async ([url, payload]) => {
      const token = localStorage.getItem('wrzwq.access_token')
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID()
        },
        body: JSON.stringify(payload)
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [path, body]
  )
}

/** A new accepted case of the county's first enterprise. */
async function acceptedCase(page, title = TITLE) {
  const enterprise = (await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')).body.items[0]
  const made = await apiPost(page, '/api/v1/cases', {
    source: 'hotline',
    category_code: 'land_planning',
    enterprise_uscc: enterprise.uscc,
    title,
    description: TEXT
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  assert.equal((await apiPost(page, `/api/v1/cases/${made.body.id}/accept`, {})).status, 200)
  return { ...made.body, enterprise }
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
}, { timeout: 60_000 })

describe('routing catalogue and duplicates', { concurrency: false }, () => {
  test('the city keeps the catalogue; on 交办 the county takes the proposal shown with its reason', async () => {
    await asUser('city', 'routing-rule-saved', async (page) => {
      await page.goto(`${stack.baseUrl}/routing-rules`)
      await page.getByTestId('rule-add').click()
      const form = page.getByTestId('routing-rule-form')
      await form.getByTestId('rule-name').fill(RULE)
      await pickOption(page, form.getByTestId('rule-category'), '用地规划')
      const keywords = form.locator('.el-form-item').filter({ hasText: '关键词' }).locator('input').first()
      await keywords.fill('规划许可')
      await keywords.press('Enter')
      await pickRegion(page, form, '适用区域', '光山县')
      await pickOption(page, form.getByTestId('rule-lead-unit'), '市自然资源和规划局', '自然资源')
      await form.getByTestId('rule-duty').fill('负责建设工程规划许可的审批与监督（市自然资源和规划局“三定”方案）')
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/routing-rules') && r.request().method() === 'POST')
      await form.getByTestId('rule-save').click()
      assert.equal((await saved).status(), 201)
      const row = page.getByTestId('rule-table').locator('tbody tr').filter({ hasText: RULE }).first()
      await row.waitFor()
      // An edit sends only what changed, with the rule's version.
      await row.getByRole('button', { name: '编辑' }).click()
      await form.waitFor({ state: 'visible' })
      await form.getByTestId('rule-duty').fill('负责建设工程规划许可的审批与监督（见市自然资源和规划局“三定”方案第三条）')
      const patched = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/v1/routing-rules/') && r.request().method() === 'PATCH')
      await form.getByTestId('rule-save').click()
      const patch = await patched
      assert.equal(patch.status(), 200)
      assert.deepEqual(Object.keys(patch.request().postDataJSON()), ['duty_basis'])
      assert.ok(patch.request().headers()['if-match'], 'the edit names the version it read')
      await form.waitFor({ state: 'hidden' })
      await screenshot(page, 'routing-rules')
    })

    let caseId
    await asUser('guangshan', 'routing-assigned', async (page) => {
      // The county reads the catalogue but does not write it.
      await page.goto(`${stack.baseUrl}/routing-rules`)
      await page.getByTestId('rule-table').locator('tbody tr').filter({ hasText: RULE }).waitFor()
      assert.equal(await page.getByTestId('rule-add').count(), 0, 'no add button for a county')

      const item = await acceptedCase(page)
      caseId = item.id
      await page.goto(`${stack.baseUrl}/cases/${caseId}`)
      await page.getByTestId('action-assign').click()
      const dialog = page.locator('[data-testid="action-dialog"][data-action="assign"]')
      const proposal = dialog.getByTestId('routing-proposal').filter({ hasText: RULE })
      await proposal.waitFor()
      const reason = await proposal.innerText()
      assert.match(reason, /命中关键词“规划许可”/)
      assert.match(reason, /三定/)
      await proposal.getByTestId('routing-apply').click()
      await dialog.getByTestId('action-lead-unit').filter({ hasText: '市自然资源和规划局' }).waitFor()
      await screenshot(page, 'routing-proposals')
      const done = page.waitForResponse((r) => r.url().endsWith('/assign') && r.request().method() === 'POST')
      await dialog.getByTestId('action-submit').click()
      assert.equal((await done).status(), 200)
      await page.locator('[data-testid="case-detail"] [data-testid="state-tag"][data-state="ASSIGNED"]').first().waitFor()
      const events = (await apiFromPage(page, `/api/v1/cases/${caseId}/events`)).body.items
      const assign = events.find((e) => e.action === 'assign')
      assert.equal(assign.data.routing.accepted, true, 'the assignment records the proposal as taken')
      assert.equal(assign.data.routing.rule_name, RULE)
    })

    await asUser('city', 'routing-stats', async (page) => {
      await page.goto(`${stack.baseUrl}/routing-rules`)
      const row = page.getByTestId('rule-stats').locator('tbody tr').filter({ hasText: RULE })
      await row.waitFor()
      assert.match(await row.innerText(), /100%[\s\S]*1 \/ 1/)
    })
  })

  test('similar cases are shown at intake and on the case, a repeat is marked and a submission split', async () => {
    await asUser('guangshan', 'duplicate-intake', async (page) => {
      const first = await acceptedCase(page, '厂区供电线路改造申请')
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('case-create').click()
      const form = page.getByTestId('case-form')
      await pickOption(page, form.getByTestId('field-enterprise'), first.enterprise.name, first.enterprise.name.slice(0, 4))
      await form.getByTestId('field-title').fill('厂区供电线路改造申请')
      await form.getByTestId('field-description').fill(TEXT)
      const similar = form.getByTestId('intake-similar-case').filter({ hasText: first.case_no })
      await similar.waitFor()
      assert.match(await similar.innerText(), /相似度 \d+%/)
    })

    let original
    await asUser('guangshan', 'duplicate-split-done', async (page) => {
      const earlier = await acceptedCase(page, '厂区排水管网接入许可')
      original = await acceptedCase(page, '厂区排水管网接入许可')
      await page.goto(`${stack.baseUrl}/cases/${original.id}`)
      const panel = page.getByTestId('case-duplicates')
      const row = panel.getByTestId('similar-case').filter({ hasText: earlier.case_no })
      await row.waitFor()
      assert.match(await row.innerText(), /同一企业/)
      const linked = page.waitForResponse((r) => r.url().endsWith('/links') && r.request().method() === 'POST')
      await row.getByTestId('mark-duplicate').click()
      assert.equal((await linked).status(), 201)
      await panel.getByTestId('case-link').filter({ hasText: earlier.case_no }).filter({ hasText: '本件重复了' }).waitFor()
      await screenshot(page, 'duplicate-case')

      await panel.getByTestId('split-open').click()
      const dialog = page.getByTestId('split-dialog')
      await dialog.getByTestId('split-title-0').fill('排水管网接入许可')
      await dialog.getByTestId('split-description-0').fill('新厂区排水管网接入市政管网需办理许可。')
      await dialog.getByTestId('split-title-1').fill('排水设施建设资金')
      await dialog.getByTestId('split-description-1').fill('排水设施建设资金缺口，申请专项资金支持。')
      await screenshot(page, 'duplicate-split')
      const split = page.waitForResponse((r) => r.url().endsWith('/split') && r.request().method() === 'POST')
      await dialog.getByTestId('split-submit').click()
      const answer = await split
      assert.equal(answer.status(), 201)
      const parts = (await answer.json()).cases
      assert.equal(parts.length, 2)
      assert.ok(parts.every((p) => p.state === 'ACCEPTED'), 'the parts wait for their own assignment')
      await panel.getByTestId('case-link').filter({ hasText: '拆分为' }).nth(1).waitFor()
    })

    await asUser('city', 'handling-rates', async (page) => {
      await page.goto(`${stack.baseUrl}/case-reports`)
      const rates = page.getByTestId('handling-rates')
      await rates.waitFor()
      const repeat = await rates.getByTestId('handling-repeat').innerText()
      const [, num, den] = repeat.match(/（(\d+)\/(\d+)）/) ?? []
      assert.ok(Number(num) >= 1 && Number(den) >= Number(num), `the repeat rate counts the marked repeat: ${repeat}`)
    })
    publishScreenshots(['routing-rules', 'routing-proposals', 'routing-stats', 'duplicate-intake', 'duplicate-case', 'duplicate-split', 'handling-rates'])
  })
})
