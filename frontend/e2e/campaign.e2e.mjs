// Campaign end-to-end scenarios in Debian's headless Chromium against the real stack: a county officer pairs a
// cadre with an enterprise and records a visit whose problem becomes a case; a city leader issues a
// supervision order to a unit picked from the unit directory, and the unit finds it in its inbox.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, pickOption, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

/** Signs `username` in on a fresh page, runs `fn`, screenshots and closes. */
function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

/** The form item of a dialog with this label. */
function field(dialog, label) {
  return dialog.locator('.el-form-item').filter({ hasText: label }).first()
}

/** Clicks `button` and returns the JSON of the POST to a URL ending in `suffix` it causes. */
async function posting(page, suffix, button) {
  const done = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix), { timeout: 60_000 })
  // A form that refuses to send shows why next to a field: fail with that text instead of waiting out the timeout.
  const refused = page
    .locator('.el-dialog:visible .el-form-item__error')
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 })
    .then(async () => ({ refused: await page.locator('.el-dialog:visible .el-form-item__error').allInnerTexts() }))
    .catch(() => null)
  await button.click()
  const res = await Promise.race([done, refused.then((r) => r ?? done)])
  assert.ok(!('refused' in res), `the form did not send POST ${suffix}: ${JSON.stringify(res.refused)}`)
  const body = await res.json().catch(() => null)
  assert.ok(res.status() < 300, `POST ${suffix} answered ${res.status()}: ${JSON.stringify(body)}`)
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

describe('campaign end to end', { concurrency: false }, () => {
  test('a county officer pairs a cadre with an enterprise, visits it and turns the problem found into a case', async () => {
    await asUser('guangshan', 'campaign-visit-to-case', async (page) => {
      const enterprises = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')
      const enterprise = enterprises.body.items[0]
      assert.ok(enterprise, 'the county has an enterprise')

      await page.goto(`${stack.baseUrl}/pairings`)
      await page.getByTestId('pairing-tabs').waitFor()
      await page.getByRole('tab', { name: '包联关系' }).click()
      await page.getByRole('button', { name: '新增包联' }).click()
      const pairing = page.getByTestId('pairing-form')
      await pairing.waitFor({ state: 'visible' })
      await pickOption(page, field(pairing, '包联企业').locator('.el-select'), enterprise.name, enterprise.name.slice(0, 4))
      // Someone without an account is typed in: the picker offers the name as it was typed.
      await pairing.getByTestId('pairing-person').click()
      await page.keyboard.type('赵服务')
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '赵服务' }).first().click()
      await pickOption(page, field(pairing, '包联类型').locator('.el-select'), '服务专员')
      const paired = await posting(page, '/api/v1/pairings', pairing.getByRole('button', { name: '保存' }))
      assert.equal(paired.enterprise_uscc ?? paired.enterprise?.uscc, enterprise.uscc)
      await pairing.waitFor({ state: 'hidden' })

      await page.goto(`${stack.baseUrl}/visits`)
      await page.getByTestId('visit-create').click()
      const visit = page.locator('.el-dialog').filter({ hasText: '新增走访记录' })
      await visit.waitFor({ state: 'visible' })
      await pickOption(page, visit.getByTestId('visit-enterprise'), enterprise.name, enterprise.name.slice(0, 4))
      // Visitors are free names: typed, then the option the select creates from them is taken.
      await field(visit, '走访人员').locator('.el-select').click()
      await page.keyboard.type('赵服务')
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '赵服务' }).first().click()
      await page.keyboard.press('Escape')
      // The name is taken once it shows as a tag in the select.
      await field(visit, '走访人员').locator('.el-tag').filter({ hasText: '赵服务' }).first().waitFor()
      if ((await visit.getByTestId('visit-problem').count()) === 0) await visit.getByRole('button', { name: '添加问题' }).click()
      await visit.getByTestId('visit-problem').first().fill('厂区道路年久失修，货车进出困难')
      const recorded = await posting(page, '/api/v1/visits', visit.getByTestId('visit-submit'))
      assert.equal(recorded.problems.length, 1)
      await visit.waitFor({ state: 'hidden' })

      // The problems are in the visit's expanded row.
      const row = page.getByTestId('visit-table').locator('.el-table__row').filter({ hasText: enterprise.name }).first()
      await row.locator('.el-table__expand-icon').click()
      const problem = page.getByTestId('visit-problem-row').filter({ hasText: '厂区道路年久失修' }).first()
      await problem.getByRole('button', { name: '转为诉求' }).click()
      const toCase = page.locator('[data-testid="visit-to-case"].el-dialog, .el-dialog[data-testid="visit-to-case"]').first()
      await toCase.waitFor({ state: 'visible' })
      await pickOption(page, field(toCase, '诉求分类').locator('.el-select'), '')
      const created = await posting(page, '/cases', toCase.getByRole('button', { name: '转为诉求' }))
      await toCase.waitFor({ state: 'hidden' })
      await screenshot(page, 'campaign-visit-to-case')

      assert.equal(created.visit.problems[0].case_id, created.case.id, 'the problem names its case')
      const item = await apiFromPage(page, `/api/v1/cases/${created.case.id}`)
      assert.equal(item.status, 200)
      assert.equal(item.body.source, 'visit', 'a case found on a visit')
      assert.equal(item.body.enterprise_uscc, enterprise.uscc)
      // The case is in the officer's list, and the visit's row now links to it.
      await page.goto(`${stack.baseUrl}/cases/${created.case.id}`)
      await page.getByTestId('case-actions').waitFor()
      assert.match(await page.getByTestId('case-detail').innerText(), /厂区道路|走访发现/)
    })
  })

  test('a city leader issues a supervision order to a unit and the unit finds it in its inbox', async () => {
    const content = `请于三日内报告用地指标协调进展（${Date.now().toString(36)}）`
    await asUser('leader', 'campaign-supervision-issue', async (page) => {
      await page.goto(`${stack.baseUrl}/supervision`)
      await page.getByTestId('supervision-create').click()
      const form = page.getByTestId('supervision-form')
      await form.waitFor({ state: 'visible' })
      await form.getByText('单位', { exact: true }).click()
      // The unit picker reads the unit directory, which a city leader may read though not administer.
      const directory = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/units')
      await pickOption(page, field(form, '被督办单位').locator('.el-select'), '市自然资源和规划局', '自然资源')
      assert.equal((await directory).status(), 200)
      await form.getByTestId('supervision-level').getByText('警告').click()
      await form.getByTestId('supervision-content').fill(content)
      const order = await posting(page, '/api/v1/supervision-orders', form.getByTestId('supervision-submit'))
      assert.equal(order.unit_name, '信阳市自然资源和规划局')
    })
    await asUser('unit_zrzy', 'campaign-supervision-inbox', async (page) => {
      await page.goto(`${stack.baseUrl}/notifications`)
      await page.getByTestId('inbox').waitFor()
      const notice = page.getByTestId('notice').filter({ hasText: '警告' }).first()
      await notice.waitFor()
      assert.match(await notice.innerText(), /督办/)
    })
  })
})
