/**
 * Type helpers over the generated `schema.d.ts`: every API type is derived from a path and method
 * of the gateway's OpenAPI document, so a contract change shows up as a type error.
 */
import type { paths } from './schema'

export type ApiPath = keyof paths
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** Success body (200 or 201) of an operation. */
export type ResponseOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer X }
      ? JsonOf<X>
      : R extends { 201: infer X }
        ? JsonOf<X>
        : never
    : never

/** JSON request body of an operation. */
export type BodyOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never

/** Query parameters of an operation. */
export type QueryOf<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

/** One row of a paged list endpoint (`{items, total, page, page_size}`). */
export type ItemOf<P extends ApiPath> =
  ResponseOf<P, 'get'> extends { items: Array<infer I> } ? I : never
