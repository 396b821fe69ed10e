/**
 * The submit form's instant answers (相关解答): what to ask while the enterprise types, one session key per opened
 * form (its outcome is recorded once), and which answers were shown.
 */

/** Fewer characters than this ask nothing (the server refuses them too). */
export const MIN_QUERY = 4
/** Longest text asked (the server's limit). */
export const MAX_QUERY = 200
/** Wait this long after the last keystroke before asking. */
export const DEBOUNCE_MS = 500

/** The text to ask about: the title when it says enough, else the description; null when too short. */
export function suggestionQuery(title: string, description: string): string | null {
  const head = title.trim()
  const text = head.length >= MIN_QUERY ? head : description.trim()
  return text.length >= MIN_QUERY ? text.slice(0, MAX_QUERY) : null
}

/** A new key for one opening of the submit form (letters, digits and dashes, as the server expects). */
export function newSessionKey(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  return `form-${random}`.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64)
}

/** Ids of the answers shown so far, each once, in the order first shown (at most 20). */
export function addShown(shown: readonly number[], ids: readonly number[]): number[] {
  const out = [...shown]
  for (const id of ids) if (!out.includes(id)) out.push(id)
  return out.slice(0, 20)
}

/** A score as a percentage for the badge. */
export function scorePercent(score: number): number {
  return Math.round(score * 100)
}
