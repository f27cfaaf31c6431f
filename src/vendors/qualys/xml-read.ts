/**
 * Reads a Qualys answer into a plain tree of strings in one pass over the text. fast-xml-parser's
 * validator, parser and the flattening of its ordered output walked a 1,000-object search page
 * three times and cost ~100–130 ms of CPU a page (issue 14's no-op plan parsed four of them on
 * one worker, ~585 ms in all: the plan's critical path); this reader builds the same tree in a
 * fraction of that.
 *
 * It is strict where the validator was (test/vendors/qualys/xml.test.ts is the contract): a body
 * that is truncated, has mismatched or stray tags, text or a second element outside the root, an
 * unclosed CDATA section or comment, a bare `&`, an unquoted or repeated attribute or a bad name
 * is not an answer, nor is one nested deeper than MAX_ANSWER_DEPTH. Nothing is ever expanded
 * (DESIGN.md Security): a DOCTYPE is skipped unread, and only the five predefined entities and
 * character references are decoded in text; any other reference stays as written. Attributes are
 * checked, then dropped: Qualys carries no data in them, so a tag with more than MAX_TAG_ATTRIBUTES
 * is refused (TooManyAttributes) rather than read.
 */
import { ownEntry } from "../../core/own.js";
import type { XmlRecord, XmlValue } from "./xml.js";

/** Thrown inside the reader for text that is not well-formed; never escapes parseXml. */
const NOT_XML: unique symbol = Symbol("not well-formed XML");

/**
 * The deepest element nesting read, the root counted; a deeper body is not an answer. Qualys' deepest
 * (a schedule's target web app's tags) is under a dozen levels, while 200,000 nested elements fit in
 * 1.4 MB, and every walk over such a tree after reading it (the worker's JSON, the decoders)
 * overflowed the stack.
 */
export const MAX_ANSWER_DEPTH = 100;

/**
 * The most attributes one start tag may carry. Qualys puts no data in attributes: its answers' only
 * ones are the root's namespace declarations (two). Each attribute is checked against the tag's
 * others for repeats; unbounded, a 1.5 MB answer of 150,000 attributes on one tag held the event
 * loop for 25-30 s (each one compared with all before it), past any cancellation or deadline.
 */
export const MAX_TAG_ATTRIBUTES = 32;

/**
 * Thrown by parseXml for a start tag past MAX_TAG_ATTRIBUTES: unlike text that is not XML (undefined),
 * this answer is refused with its reason (the Qualys client makes it VENDOR_BAD_ANSWER, errors.ts), as
 * answers past MAX_ANSWER_REFERENCES are. Crosses the XML thread as `{ tooManyAttributes: limit }`.
 */
export class TooManyAttributes extends Error {
  override readonly name = "TooManyAttributes";
  constructor(readonly limit: number) {
    super(`a start tag carries more than ${limit} attributes`);
  }
}

/** Names that would reach an object's prototype, or that the old parser kept for itself: refused. */
const REFUSED_NAMES = new Set(["__proto__", "__cdata", "#text"]);

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
/** An `&` that starts no reference (the validator's "bare ampersand"). */
const BARE_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);)/;
const SPACE = /\s/;

interface Open {
  readonly name: string;
  /** Child elements by name; undefined until the first one. */
  out: Record<string, XmlValue> | undefined;
  text: string;
}

/**
 * The root element's content as a plain tree (repeated names as arrays, text beside elements
 * dropped, character data trimmed, CDATA kept exactly), or undefined when the text is not
 * well-formed XML with that root (an HTML error page, a proxy's answer).
 */
export function parseXml(text: string, root: string): XmlRecord | undefined {
  if (!text.trimStart().startsWith("<")) return undefined;
  try {
    return readDocument(text, root);
  } catch (e) {
    if (e === NOT_XML) return undefined;
    throw e;
  }
}

function fail(): never {
  throw NOT_XML;
}

function readDocument(text: string, root: string): XmlRecord | undefined {
  const n = text.length;
  const stack: Open[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let rootName: string | undefined;
  let result: XmlRecord | undefined;
  let closedRoot = false;

  while (i < n) {
    const lt = text.indexOf("<", i);
    const end = lt === -1 ? n : lt;
    if (end > i) characters(text.slice(i, end), stack);
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const top = stack.pop() ?? fail();
      const after = lt + 2 + top.name.length;
      if (!text.startsWith(top.name, lt + 2)) fail();
      const gt = text.indexOf(">", after);
      if (gt === -1 || text.slice(after, gt).trim() !== "") fail();
      i = gt + 1;
      const value = top.out ?? top.text;
      const parent = stack.at(-1);
      if (parent === undefined) {
        closedRoot = true;
        result = typeof value === "string" ? {} : value;
      } else addChild(parent, top.name, value);
    } else if (next === 0x21 /* ! */) {
      i = special(text, lt, stack, rootName === undefined);
    } else if (next === 0x3f /* ? */) {
      const close = text.indexOf("?>", lt + 2);
      if (close === -1) fail();
      i = close + 2;
    } else {
      NAME.lastIndex = lt + 1;
      const name = NAME.exec(text)?.[0] ?? fail();
      if (REFUSED_NAMES.has(name)) fail();
      if (stack.length === 0) {
        // One root only: the validator let a second through, the old reader then refused it.
        if (rootName !== undefined) fail();
        rootName = name;
        if (name !== root) return undefined;
      }
      const { at, selfClosed } = attributes(text, lt + 1 + name.length);
      i = at;
      if (selfClosed) {
        const parent = stack.at(-1);
        if (parent === undefined) {
          closedRoot = true;
          result = {};
        } else addChild(parent, name, "");
      } else {
        if (stack.length >= MAX_ANSWER_DEPTH) fail();
        stack.push({ name, out: undefined, text: "" });
      }
    }
  }
  if (stack.length > 0 || !closedRoot) fail();
  return result;
}

/** Text between tags: only whitespace outside the root; trimmed and decoded inside it. */
function characters(chunk: string, stack: readonly Open[]): void {
  const top = stack.at(-1);
  const trimmed = chunk.trim();
  if (top === undefined) {
    if (trimmed !== "") fail();
    return;
  }
  if (trimmed === "") return;
  if (trimmed.includes("&")) {
    if (BARE_AMPERSAND.test(trimmed)) fail();
    top.text += decodeText(trimmed);
  } else top.text += trimmed;
}

function addChild(parent: Open, name: string, value: XmlValue): void {
  const out = (parent.out ??= {});
  if (!Object.hasOwn(out, name)) out[name] = value;
  else {
    const before = out[name]!;
    if (Array.isArray(before)) (before as XmlValue[]).push(value);
    else out[name] = [before, value];
  }
}

/** `<!--`, `<![CDATA[` (inside the root only) or `<!DOCTYPE` (before it only); where reading goes on. */
function special(text: string, lt: number, stack: readonly Open[], beforeRoot: boolean): number {
  if (text.startsWith("<!--", lt)) {
    const close = text.indexOf("-->", lt + 4);
    if (close === -1) fail();
    return close + 3;
  }
  if (text.startsWith("<![CDATA[", lt)) {
    const top = stack.at(-1) ?? fail();
    const close = text.indexOf("]]>", lt + 9);
    if (close === -1) fail();
    top.text += text.slice(lt + 9, close);
    return close + 3;
  }
  if (beforeRoot && text.startsWith("<!DOCTYPE", lt)) {
    // Skipped unread, internal subset and all: its entities are never expanded.
    const gt = text.indexOf(">", lt);
    const bracket = text.indexOf("[", lt);
    if (gt === -1) fail();
    if (bracket === -1 || bracket > gt) return gt + 1;
    const closeSubset = text.indexOf("]", bracket);
    if (closeSubset === -1) fail();
    const end = text.indexOf(">", closeSubset);
    if (end === -1 || text.slice(closeSubset + 1, end).trim() !== "") fail();
    return end + 1;
  }
  return fail();
}

/** Checks a start tag's attributes (quoted, each once, space-separated) from `at`; where the tag ends. */
function attributes(text: string, at: number): { readonly at: number; readonly selfClosed: boolean } {
  let i = at;
  // A Set, and a bound: each attribute costs the same whatever came before it on the tag.
  let seen: Set<string> | undefined;
  for (;;) {
    const start = i;
    while (SPACE.test(text[i] ?? "")) i++;
    const c = text[i];
    if (c === ">") return { at: i + 1, selfClosed: false };
    if (c === "/" && text[i + 1] === ">") return { at: i + 2, selfClosed: true };
    if (c === undefined || i === start) fail();
    NAME.lastIndex = i;
    const name = NAME.exec(text)?.[0] ?? fail();
    seen ??= new Set();
    if (seen.has(name)) fail();
    if (seen.size >= MAX_TAG_ATTRIBUTES) throw new TooManyAttributes(MAX_TAG_ATTRIBUTES);
    seen.add(name);
    i += name.length;
    while (SPACE.test(text[i] ?? "")) i++;
    if (text[i] !== "=") fail();
    i++;
    while (SPACE.test(text[i] ?? "")) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail();
    const close = text.indexOf(quote, i + 1);
    if (close === -1) fail();
    if (text.slice(i + 1, close).includes("<")) fail();
    i = close + 1;
  }
}

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The predefined XML entities and character references; anything else is left untouched. */
function decodeText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return ownEntry(NAMED, ref) ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
