import { describe, expect, it } from 'vitest'
import { escapeHtml, itemTooltip } from '@/utils/format'

describe('chart tooltips print names as text', () => {
  it('escapes the characters HTML would read', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)>&"\'')).toBe('&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;')
    expect(escapeHtml(null)).toBe('')
  })

  it('an item tooltip escapes the name and keeps the figures', () => {
    const hostile = { name: '<b onmouseover="x()">光山县</b>', value: 12, percent: 37.5 }
    expect(itemTooltip(true)(hostile)).toBe('&lt;b onmouseover=&quot;x()&quot;&gt;光山县&lt;/b&gt;：12（37.5%）')
    expect(itemTooltip()({ name: '息县', value: 3 })).toBe('息县：3')
  })
})
