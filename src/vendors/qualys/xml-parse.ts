/**
 * The answer reader: one strict pass over a QPS answer to a plain tree of strings. Written here
 * rather than taken from fast-xml-parser, whose parser needs a separate validation pass to notice a
 * truncated or mismatched document and spends about 130 ms on a page of 1,000 verbose objects, on
 * the critical path of every observe (docs/bench.md).
 *
 * Security (DESIGN.md): no entity is ever expanded. A DOCTYPE is skipped, never read, so its
 * entities stay as written; only the five predefined entities and character references are decoded.
 * Attributes are checked for well-formedness and dropped: no answer the driver reads carries data in
 * them.
 *
 * What counts as malformed: an unclosed or mismatched element, CDATA section, comment or processing
 * instruction; more than one root element; character data outside the root; a `&` that starts no
 * reference; a bad or repeated attribute. The tree: an element with children is a record (a repeated
 * child name becomes an array, in order); any other element is its text, character data trimmed per
 * run and CDATA kept exactly.
 */
import type { XmlRecord, XmlValue } from "./xml.js";

type MutableRecord = Record<string, XmlValue>;

class Malformed extends Error {}

/** The document's root element name and content, or undefined when the text is not well-formed. */
export function parseDocument(text: string): { readonly root: string; readonly content: XmlValue } | undefined {
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof Malformed) return undefined;
    throw e;
  }
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** XML's NameStartChar, with every non-ASCII character allowed (the driver never needs to tell). */
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0x80;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** A `&` must start `&name;`, `&#digits;` or `&#xhex;`. */
const BAD_AMPERSAND = /&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/;

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The predefined XML entities and character references; anything else is left untouched. */
function decodeText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function characterData(raw: string): string {
  const s = raw.trim();
  if (s === "" || !s.includes("&")) return s;
  if (BAD_AMPERSAND.test(s)) throw new Malformed();
  return decodeText(s);
}

/**
 * Sets a child; a repeated name becomes an array, in document order. An element's own value is
 * never an array, so an array here always means a repeat. `__proto__` stays an ordinary key.
 */
function addChild(parent: MutableRecord, name: string, value: XmlValue): void {
  const previous = Object.hasOwn(parent, name) ? parent[name] : undefined;
  if (Array.isArray(previous)) (previous as XmlValue[]).push(value);
  else if (name === "__proto__") Object.defineProperty(parent, name, { value: previous === undefined ? value : [previous, value], enumerable: true, writable: true, configurable: true });
  else parent[name] = previous === undefined ? value : [previous, value];
}

/** One open element: its name, its children once it has any, and its text so far. */
interface Frame {
  readonly name: string;
  children: MutableRecord | undefined;
  text: string;
}

class Reader {
  private i = 0;
  private readonly stack: Frame[] = [];
  private root: { name: string; content: XmlValue } | undefined;

  constructor(private readonly s: string) {}

  document(): { readonly root: string; readonly content: XmlValue } {
    const s = this.s;
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
    let seenDoctype = false;
    while (this.i < s.length) {
      const lt = s.indexOf("<", this.i);
      const run = lt === -1 ? s.slice(this.i) : s.slice(this.i, lt);
      if (this.stack.length === 0) {
        if (run.trim() !== "") throw new Malformed();
      } else this.text(run);
      if (lt === -1) break;
      this.i = lt;
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) this.close();
      else if (c === 33 /* ! */) {
        if (s.startsWith("<!--", lt)) this.i = this.after("-->", lt + 4);
        else if (s.startsWith("<![CDATA[", lt)) {
          const end = this.after("]]>", lt + 9);
          if (this.stack.length === 0) throw new Malformed();
          this.top().text += s.slice(lt + 9, end - 3);
          this.i = end;
        } else if (s.startsWith("<!DOCTYPE", lt) && !seenDoctype && this.root === undefined && this.stack.length === 0) {
          seenDoctype = true;
          this.skipDoctype();
        } else throw new Malformed();
      } else if (c === 63 /* ? */) this.i = this.after("?>", lt + 2);
      else this.open();
    }
    if (this.root === undefined || this.stack.length > 0) throw new Malformed();
    return { root: this.root.name, content: this.root.content };
  }

  private top(): Frame {
    const f = this.stack[this.stack.length - 1];
    if (f === undefined) throw new Malformed();
    return f;
  }

  /** The index just past `end`, searching from `from`; unclosed constructs are malformed. */
  private after(end: string, from: number): number {
    const at = this.s.indexOf(end, from);
    if (at === -1) throw new Malformed();
    return at + end.length;
  }

  private text(run: string): void {
    const t = characterData(run);
    if (t !== "") this.top().text += t;
  }

  private name(): string {
    const s = this.s;
    const start = this.i;
    if (!isNameStart(s.charCodeAt(start))) throw new Malformed();
    let j = start + 1;
    while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
    this.i = j;
    return s.slice(start, j);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private open(): void {
    if (this.stack.length === 0 && this.root !== undefined) throw new Malformed();
    this.i += 1;
    const name = this.name();
    this.attributes();
    const s = this.s;
    if (s.charCodeAt(this.i) === SLASH) {
      if (s.charCodeAt(this.i + 1) !== GT) throw new Malformed();
      this.i += 2;
      this.finish({ name, children: undefined, text: "" });
      return;
    }
    this.i += 1; // the `>` attributes() stopped at
    this.stack.push({ name, children: undefined, text: "" });
  }

  /** Reads attributes up to `>` or `/>` (left unread), checking them without keeping them. */
  private attributes(): void {
    const s = this.s;
    let seen: string[] | undefined;
    for (;;) {
      const spaced = this.skipSpace();
      const c = s.charCodeAt(this.i);
      if (c === GT || c === SLASH) return;
      if (!spaced) throw new Malformed();
      const name = this.name();
      if (seen?.includes(name) === true) throw new Malformed();
      (seen ??= []).push(name);
      this.skipSpace();
      if (s.charCodeAt(this.i) !== EQ) throw new Malformed();
      this.i += 1;
      this.skipSpace();
      const quote = s.charCodeAt(this.i);
      if (quote !== QUOT && quote !== APOS) throw new Malformed();
      const end = s.indexOf(quote === QUOT ? '"' : "'", this.i + 1);
      if (end === -1) throw new Malformed();
      const value = s.slice(this.i + 1, end);
      if (value.includes("<") || BAD_AMPERSAND.test(value)) throw new Malformed();
      this.i = end + 1;
    }
  }

  private close(): void {
    const s = this.s;
    const frame = this.stack.pop();
    // The name must be the open element's, whole: `</ab>` does not close `<a>`.
    if (frame === undefined || !s.startsWith(frame.name, this.i + 2)) throw new Malformed();
    this.i += 2 + frame.name.length;
    this.skipSpace();
    if (s.charCodeAt(this.i) !== GT) throw new Malformed();
    this.i += 1;
    this.finish(frame);
  }

  /** A closed element becomes its parent's child, or the document's root. */
  private finish(frame: Frame): void {
    const value = frame.children ?? frame.text;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = { name: frame.name, content: value };
    else addChild((parent.children ??= {}), frame.name, value);
  }

  private skipDoctype(): void {
    const s = this.s;
    let j = this.i + 9;
    let depth = 0;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOT || c === APOS) {
        const end = s.indexOf(c === QUOT ? '"' : "'", j + 1);
        if (end === -1) throw new Malformed();
        j = end;
      } else if (c === 91 /* [ */) depth++;
      else if (c === 93 /* ] */) depth--;
      else if (c === GT && depth === 0) {
        this.i = j + 1;
        return;
      } else if (c === LT && depth === 0) throw new Malformed();
    }
    throw new Malformed();
  }
}
