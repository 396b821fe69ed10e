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
    publishScreenshots(['work-report', 'enterprise-profile'])
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

