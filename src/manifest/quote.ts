/**
 * A written value as a finding quotes it: enough to recognise it, never the whole of it. One long
 * value can be reported many times (every alias of it), so each quote is cut where it is made;
 * 2,000 aliases of a 100 KB scalar printed 196 MB when each finding quoted the value whole.
 */
import type { Diagnostic } from "../core/errors.js";

/** Characters of a value a finding quotes; the rest is replaced by its length. */
export const QUOTED_CHARS = 100;

/** `"value"`, or `"first 100 characters…" (N characters)`. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  if (text.length <= QUOTED_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_CHARS)).slice(0, -1)}…" (${text.length} characters)`;
}

/**
 * A finding cut to `max` characters of message and of hint. Values scanform quotes are short
 * already; this bounds text it did not word, such as the YAML library's, which quotes a token whole.
 */
export function boundFinding(d: Diagnostic, max: number): Diagnostic {
  const cut = (text: string): string => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters in all)`);
  if (d.message.length <= max && (d.hint === undefined || d.hint.length <= max)) return d;
  return { ...d, message: cut(d.message), ...(d.hint === undefined ? {} : { hint: cut(d.hint) }) };
}
