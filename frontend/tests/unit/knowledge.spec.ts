/** The submit form's instant answers: what is asked while typing, the session key, the answers shown. */
import { describe, expect, it } from 'vitest'
import { MAX_QUERY, MIN_QUERY, addShown, newSessionKey, scorePercent, suggestionQuery } from '@/views/knowledge/utils/suggest'

describe('instant answers', () => {
  it('asks about the title when it says enough, else the description, never fewer than four characters', () => {
    expect(MIN_QUERY).toBe(4)
    expect(suggestionQuery('  出口退税慢  ', '')).toBe('出口退税慢')
    expect(suggestionQuery('退税', '出口退税办理进度太慢')).toBe('出口退税办理进度太慢')
    expect(suggestionQuery('退税', '太慢')).toBeNull()
    expect(suggestionQuery('', '')).toBeNull()
    expect(suggestionQuery('字'.repeat(300), '')).toHaveLength(MAX_QUERY)
  })

  it('makes a new key per opened form, in the characters the server accepts', () => {
    const a = newSessionKey()
    const b = newSessionKey()
    expect(a).not.toBe(b)
    for (const key of [a, b]) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    }
  })

  it('keeps each shown answer once, in the order first shown, at most twenty', () => {
    expect(addShown([3, 1], [1, 5, 3, 7])).toEqual([3, 1, 5, 7])
    expect(addShown([], Array.from({ length: 30 }, (_, i) => i))).toHaveLength(20)
    expect(scorePercent(0.6667)).toBe(67)
  })
})
