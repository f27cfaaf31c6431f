/**
 * Tables read with a word from outside: a vendor's answer, a manifest key, a saved file. Indexing
 * a plain object with such a word also finds what every object inherits, so `constructor` or
 * `__proto__` would look like an entry and crash whatever reads it next.
 */

/** `table[word]` when the table itself holds `word`; undefined for anything inherited. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}
