/**
 * Text no state backend stores. PostgreSQL's jsonb refuses a NUL character and a UTF-16 surrogate
 * without its pair; a local file would take them, and the state could then never move to
 * PostgreSQL. Every backend refuses them at the write, naming the field, so they behave alike.
 */
import { unstorableValue } from "./errors.js";

/**
 * `\u0000`, or `\ud800`–`\udfff`, as JSON.stringify writes them: it escapes a surrogate only when
 * it is unpaired. After an even run of backslashes (`\\u0000` is the text "\u0000") it is no escape.
 */
const ESCAPED = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Throws STATE_VALUE_UNSTORABLE when `text`, the JSON of `value`, holds such a string. The text is
 * searched once (the cost of a step's write); `value` is walked only to name the field. `root` is
 * the path of `value` in the snapshot or record, as validation errors spell it.
 */
export function refuseUnstorable(text: string, value: unknown, where: string, root: string): void {
  if (!ESCAPED.test(text)) return;
  const found = firstUnstorable(value, root);
  if (found) throw unstorableValue(where, found.path, found.what);
}

function firstUnstorable(v: unknown, path: string): { path: string; what: string } | undefined {
  if (typeof v === "string") {
    const what = problem(v);
    return what === undefined ? undefined : { path, what };
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const found = firstUnstorable(v[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  for (const [key, value] of Object.entries(v)) {
    const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}${path === "" ? "" : "."}${key}` : `${path}[${JSON.stringify(key)}]`;
    const what = problem(key);
    if (what !== undefined) return { path: at, what: `${what} in its key` };
    const found = firstUnstorable(value, at);
    if (found) return found;
  }
  return undefined;
}

function problem(s: string): string | undefined {
  if (s.includes("\u0000")) return "a NUL character (U+0000)";
  const lone = UNPAIRED.exec(s);
  if (lone) return `an unpaired surrogate (U+${lone[0].charCodeAt(0).toString(16).toUpperCase()})`;
  return undefined;
}
