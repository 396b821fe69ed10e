// 工作报告 and 一企一档 end to end in Debian's headless Chromium against the real stack (demo data of 2021):
// the city officer opens the report of the demo year, sees every figure in the preview (none missing), opens
// the records behind a figure, downloads the DOCX (converted to PDF by LibreOffice and page 1 published as a
// PNG); the enterprise profile opens from the directory.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { DESKTOP, DOC_SHOTS, REPO, apiFromPage, launchBrowser, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser
const DEMO_YEAR = '2021'

function asUser(username, viewport, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** DOCX → PDF (LibreOffice, the report's font mapping) → PNG of page 1 in docs/screenshots. */
function publishFirstPage(docx) {
  const pdf = docx.replace(/\.docx$/, '.pdf')
  const convert = spawnSync('uv', ['run', 'python', '-m', 'gateway.reports.pdf', docx, pdf], { cwd: REPO, encoding: 'utf8' })
  assert.equal(convert.status, 0, convert.stderr)
  const base = join(DOC_SHOTS, 'work-report-docx-page1')
  const raster = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, base], { encoding: 'utf8' })
  assert.equal(raster.status, 0, raster.stderr)
  assert.ok(statSync(`${base}.png`).size > 10_000, 'page 1 rendered')
  const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' })
  return text.stdout.replace(/\s+/g, '')
}

describe('工作报告', () => {
  before(async () => {
    stack = await startStack({ accessTokenTtl: 900 })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    publishScreenshots(['work-report', 'work-report-missing', 'work-report-county', 'investment-indicators-ranks', 'enterprise-profile'])
  })

  test('the city officer previews the demo year, opens a figure and downloads the DOCX', async () => {
    await asUser('city', DESKTOP, 'work-report-end', async (page) => {
      await page.goto(`${stack.baseUrl}/reports/work-report?period=${DEMO_YEAR}`)
      const preview = page.getByTestId('work-report-preview')
      await preview.locator('[data-figure="foreign_capital_local"]').waitFor()
      const text = (await preview.innerText()).replace(/\s+/g, '')
      assert.match(text, /信阳市商务局“万人助万企”活动开展情况汇报/)
      assert.match(text, /实际吸收外资66006\.00万美元，同比增长6\.5%，居全省第三位/)
      assert.match(text, /中韩雇佣制我市全年共派出赴韩人员286人，居全国第一/)
      assert.match(text, /从商务部门抽调10名精兵强将/)
      // The demo year is complete: the cases assigned from above, every rank, nothing left missing.
      assert.match(text, /接上级交办件共计11件，已办结11件，办结率达100(\.0)?%/)
      assert.match(text, /实际到位省外资金[\d.]+亿元，同比增长-?[\d.]+%，居全省第四位/)
      assert.match(text, /新设外资企业15家，同比增长200(\.0)?%，居全省第五位/)
      assert.equal(await preview.locator('.doc-missing').count(), 0, 'the demo year has no gaps')
      await screenshot(page, 'work-report')

      const folder = mkdtempSync(join(tmpdir(), 'work-report-'))
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('work-report-download').click()])
      assert.match(download.suggestedFilename(), /工作报告\.docx$/)
      const saved = join(folder, 'report.docx')
      await download.saveAs(saved)
      assert.equal(readFileSync(saved).subarray(0, 2).toString(), 'PK', 'a DOCX (zip) file')
      const firstPage = publishFirstPage(saved)
      assert.match(firstPage, /万人助万企/)
      assert.match(firstPage, /从商务部门抽调10名精兵强将/)

      // A figure opens the records behind it.
      await preview.locator('[data-figure="staff_seconded"]').click()
      await page.waitForURL(/\/campaign-staff\?period=2021/)
    })
  })

  test('the 缺数清单 names every gap with its place and reason, in Chinese', async () => {
    await asUser('city', DESKTOP, 'work-report-missing-end', async (page) => {
      await page.goto(`${stack.baseUrl}/reports/work-report?period=${DEMO_YEAR}`)
      const preview = page.getByTestId('work-report-preview')
      await preview.locator('[data-figure="foreign_capital_local"]').waitFor()
      const text = (await preview.innerText()).replace(/\s+/g, '')
      // The named facts come from their records; the passages without figures stay.
      assert.match(text, /成功指导举办信阳养生菜推广大赛，组织参加“寻味黄河·品飨信阳”信阳美食季系列活动/)
      assert.match(text, /集中宣传了信阳市（中国茶筵之乡）、商城县（中国炖菜之乡）、固始县（中国皮丝之乡）/)
      assert.match(text, /打造信阳菜餐饮品牌/)
      assert.match(text, /三是开展河南老字号、品牌消费集聚区、绿色商场创建/)
      assert.match(text, /成功创建省级品牌消费集聚区1个，省级“平安商场”2个，省级“绿色商场”2个，省级快递物流示范园区1个/)
      assert.match(text, /浉河区胜利路步行街、新县首府路文旅商业特色步行街改造成效显著/)
      assert.match(text, /今年7月息县成功晋级国家级示范项目建设/)
      assert.match(text, /如“光山十宝”、“新县味”等/)
      assert.match(text, /一是用好信阳涉外劳务名片/)
      assert.match(text, /（信商字〔2021〕82号）/)
      assert.match(text, /大别山农产品现代物流中心市场优化升级专项行动实施方案/)
      assert.match(text, /先后2期共签约项目12个/)
      assert.match(text, /全年全市共签约项目\d+个（含“三个一批”活动以外签约的项目）/)
      assert.match(text, /实际到位省外资金[\d.]+亿元，同比增长[\d.]+%，居全省第四位/)

      const gaps = await preview.locator('.doc-missing').count()
      await page.getByRole('tab', { name: /缺数清单/ }).click()
      const table = page.getByTestId('work-report-missing')
      const rows = table.locator('tbody tr')
      if (gaps === 0) {
        assert.match(await page.getByTestId('work-report-missing-count').innerText(), /所有图表均有数据/)
      } else {
        await rows.first().waitFor()
        const count = await rows.count()
        assert.ok(count >= 1 && count <= 3, `the demo year leaves few gaps (${count})`)
        for (let i = 0; i < count; i++) {
          const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((c) => c.trim())
          const [, name, place, excerpt, reason] = cells
          assert.ok(name && place && excerpt.includes('□') && reason, `row ${i} complete: ${cells.join(' | ')}`)
          assert.doesNotMatch(`${name}${place}${reason}`, /[A-Za-z_]/, 'no raw keys in the list')
        }
      }
      await screenshot(page, 'work-report-missing')
    })
  })

  test('a county officer writes the county report; the city opens it', async () => {
    await asUser('guangshan', DESKTOP, 'work-report-county-end', async (page) => {
      // The county registers its labour brand in the form of the labour page; its report names it.
      await page.goto(`${stack.baseUrl}/trade/labour?tab=labour-brands`)
      await page.getByTestId('records-labour-brands-create').click()
      const form = page.getByTestId('records-labour-brands-form')
      await form.getByTestId('field-name').locator('input').fill('光山劳务')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/trade/labour/brands') && r.request().method() === 'POST')
      await form.getByTestId('record-form-save').click()
      assert.equal((await created).status(), 201)
      await page.getByTestId('records-labour-brands-table').getByText('光山劳务').first().waitFor()

      await page.goto(`${stack.baseUrl}/reports/work-report?period=${DEMO_YEAR}`)
      const preview = page.getByTestId('work-report-preview')
      await preview.locator('.doc-title').waitFor()
      const text = (await preview.innerText()).replace(/\s+/g, '')
      assert.match(text, /光山县商务局“万人助万企”活动开展情况汇报/)
      assert.match(text, /县商务局党组高度重视/)
      assert.match(text, /我县全年共派出赴韩人员\d+人/)
      assert.match(text, /一是用好光山劳务涉外劳务名片/)
      assert.doesNotMatch(text, /全市|我市/)
      await screenshot(page, 'work-report-county')
    })
    await asUser('city', DESKTOP, 'work-report-county-city-end', async (page) => {
      await page.goto(`${stack.baseUrl}/reports/work-report?period=${DEMO_YEAR}&region=411523`)
      const preview = page.getByTestId('work-report-preview')
      await preview.locator('.doc-title').waitFor()
      assert.match((await preview.innerText()).replace(/\s+/g, ''), /新县商务局“万人助万企”活动开展情况汇报/)
    })
  })

  test('the investment indicators page shows the 全省位次 the 2021 bulletins give', async () => {
    await asUser('city', DESKTOP, 'investment-indicators-ranks-end', async (page) => {
      await page.goto(`${stack.baseUrl}/investment/indicators?period=${DEMO_YEAR}`)
      for (const [code, rank] of [['out_of_province_funds', 4], ['new_foreign_enterprises', 5], ['foreign_capital_local', 3]]) {
        await page.getByTestId(`figure-${code}`).getByTestId('figure-rank').filter({ hasText: `全省第${rank}位` }).waitFor()
      }
      // The rounds' signings and the year's total are both shown, each under its own name.
      assert.match(await page.getByTestId('figure-round_projects_signed').innerText(), /“三个一批”活动签约项目\s*12/)
      assert.match(await page.getByTestId('figure-projects_signed').innerText(), /签约项目（全部）/)
      await screenshot(page, 'investment-indicators-ranks')
    })
  })

  test('the enterprise profile opens from the directory', async () => {
    await asUser('city', DESKTOP, 'enterprise-profile', async (page) => {
      // From the directory list to the profile of its first enterprise …
      await page.goto(`${stack.baseUrl}/enterprises`)
      await page.getByTestId('enterprise-profile-link').first().click()
      await page.waitForURL(/\/enterprises\/\d+\/profile/)
      await page.getByTestId('profile-part-shipments').waitFor()
      // … and from the detail page of the demo enterprise, whose cases and pairings the profile lists.
      const found = await apiFromPage(page, `/api/v1/enterprises?q=${encodeURIComponent('大别山茶业')}`)
      assert.equal(found.status, 200)
      await page.goto(`${stack.baseUrl}/enterprises/${found.body.items[0].id}`)
      await page.getByTestId('enterprise-profile-open').click()
      await page.waitForURL(/\/enterprises\/\d+\/profile/)
      await page.getByTestId('profile-part-cases').locator('tbody tr').first().waitFor()
      assert.equal(await page.getByTestId('profile-missing').count(), 0, 'every service answered')
      await screenshot(page, 'enterprise-profile')
    })
  })
})

