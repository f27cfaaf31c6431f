/**
 * How deeply a manifest nests, checked on the text before any parser sees it: the YAML libraries
 * recurse once per level, so 50,000 nested `[` overflow the stack and 500,000 exhaust memory
 * inside them. Real manifests nest about 7 levels. Block nesting is found by parse.ts once the
 * file is parsed (indentation keeps it shallow within the file size limit); flow nesting
 * (`[[[[…`) costs one byte a level, so it is counted here, outside quoted text and comments.
 */
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES } from "./codes.js";
import { LineTable } from "./line-table.js";

export const tooDeepMessage = (max: number): string => `the YAML nests deeper than ${max} levels here`;

/** The finding for a file whose flow collections nest deeper than `max`, or undefined. */
export function depthProblem(text: string, file: string, max: number): Diagnostic | undefined {
  const at = tooDeepAt(text, max);
  if (at === undefined) return undefined;
  const { line, column } = new LineTable(text).position(at);
  return { code: "MANIFEST_TOO_DEEP", severity: "error", message: tooDeepMessage(max), hint: MANIFEST_CODES.MANIFEST_TOO_DEEP, source: { file, line, column } };
}

/** Offset of the flow opener that nests deeper than `max`, or undefined. */
export function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let i = 0;
  // Only quotes, comments and brackets matter: the text between them is skipped by the regex engine, not a character at a time.
  const next = /["'#[\]{}]/g;
  while (i < text.length) {
    next.lastIndex = i;
    const found = next.exec(text);
    if (found === null) return undefined;
    i = found.index;
    const c = found[0];
    if ((c === '"' || c === "'") && startsToken(text, i)) {
      i = endOfQuoted(text, i);
      continue;
    }
    if (c === "#" && startsToken(text, i)) {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? text.length : eol;
      continue;
    }
    if (c === "[" || c === "{") {
      depth++;
      if (depth > max) return i;
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
    i++;
  }
  return undefined;
}

/** A quote or `#` begins a token only after whitespace or an indicator; inside a word it is text (`Bob's`). */
const startsToken = (text: string, i: number): boolean => i === 0 || " \t\r\n[{,:-?".includes(text[i - 1]!);

/** Offset just past the quoted scalar opened at `start` (`\"` escapes in double quotes, `''` in single). */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (quote === '"' && c === "\\") i += 2;
    else if (c === quote && quote === "'" && text[i + 1] === "'") i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return i;
}
