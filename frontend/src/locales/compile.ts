/**
 * The message compiler the app ships instead of vue-i18n's (≈ 10 KB gzipped less on every screen): the messages
 * use only text, named placeholders `{name}`, list placeholders `{0}` and literals `{'{'}`. Plural (`|`) and
 * linked (`@:`) messages are not supported; tests/unit/messageCompiler.spec.ts checks every message of every
 * locale against vue-i18n's own compiler, so a message that needs more fails there rather than in a browser.
 */
import type { MessageCompiler, MessageFunction } from 'vue-i18n'

/** What vue-i18n passes a compiled message (its public `MessageContext` leaves out the two helpers that join
 * the parts the way its own compiled messages do). */
interface RenderContext {
  type: string
  named(key: string): unknown
  list(index: number): unknown
  interpolate(value: unknown): unknown
  normalize(values: unknown[]): string
}

type Part = string | { named: string } | { list: number }

const PLACEHOLDER = /\{\s*(?:'((?:[^'\\]|\\.)*)'|(\d+)|([A-Za-z_$][\w$-]*))\s*\}/g

/** Splits a message into text, named and list parts (adjacent text merged). */
export function parseMessage(message: string): Part[] {
  const parts: Part[] = []
  const text = (s: string) => {
    if (s === '') return
    const last = parts[parts.length - 1]
    if (typeof last === 'string') parts[parts.length - 1] = last + s
    else parts.push(s)
  }
  let at = 0
  for (const m of message.matchAll(PLACEHOLDER)) {
    text(message.slice(at, m.index))
    if (m[1] !== undefined) text(m[1].replace(/\\(.)/g, '$1'))
    else if (m[2] !== undefined) parts.push({ list: Number(m[2]) })
    else parts.push({ named: m[3] })
    at = m.index + m[0].length
  }
  text(message.slice(at))
  return parts
}

/** vue-i18n's `messageCompiler` option: a message (string) to the function vue-i18n calls to render it. */
export const compileMessage = ((message: unknown): MessageFunction<string> => {
  if (typeof message !== 'string') throw new TypeError('only string messages are supported')
  const parts = parseMessage(message)
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('')
    return ((ctx: RenderContext) => (ctx.type === 'text' ? text : ctx.normalize([text]))) as unknown as MessageFunction<string>
  }
  return ((ctx: RenderContext) =>
    ctx.normalize(
      parts.map((p) => (typeof p === 'string' ? p : 'named' in p ? ctx.interpolate(ctx.named(p.named)) : ctx.interpolate(ctx.list(p.list))))
    )) as unknown as MessageFunction<string>
}) as MessageCompiler
