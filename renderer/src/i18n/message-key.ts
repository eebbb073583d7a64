// Typed references into the catalogue: every key that names a text of en.ts (a plural's base key
// too, e.g. `sidebar.turns` for `turns_one`/`turns_other`), and the {{values}} that text asks
// for, so that a message kept for later (a notice) cannot name a missing key or miss a value.
import type { en } from './en'

type Catalogue = typeof en

type LeafKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafKeys<T[K], `${Prefix}${K}.`>
}[keyof T & string]

type Leaf = LeafKeys<Catalogue>
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other'
type PluralBase<K> = K extends `${infer Base}_${PluralSuffix}` ? Base : never

/** A key of the catalogue that t() can look up. */
export type MessageKey = Leaf | PluralBase<Leaf>

type TextAt<T, K extends string> = K extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? TextAt<T[Head], Rest>
    : never
  : K extends keyof T
    ? T[K]
    : never

/** The English text of `K` (a plural's `_other` form). */
type TextOf<K extends MessageKey> = K extends Leaf
  ? TextAt<Catalogue, K>
  : TextAt<Catalogue, `${K}_other`>

type Placeholders<S> = S extends `${string}{{${infer Name}}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never

/** The names of the values the text of `K` interpolates; plurals always take `count`. */
type ValueNames<K extends MessageKey> =
  | Placeholders<TextOf<K>>
  | (K extends PluralBase<Leaf> ? (K extends Leaf ? never : 'count') : never)

/** The values t() needs for `K`: a number for `count` (it picks the plural form). */
export type MessageValues<K extends MessageKey> = {
  readonly [Name in ValueNames<K>]: Name extends 'count' ? number : string | number
}

/** A text of the catalogue with its values, translated when shown. */
export type CatalogueMessage = {
  [K in MessageKey]: [ValueNames<K>] extends [never]
    ? { readonly key: K; readonly values?: undefined }
    : { readonly key: K; readonly values: MessageValues<K> }
}[MessageKey]

/** The values argument of `message(key, …)`: none for a text without placeholders. */
export type ValuesArgument<K extends MessageKey> = [ValueNames<K>] extends [never]
  ? []
  : [values: MessageValues<K>]
