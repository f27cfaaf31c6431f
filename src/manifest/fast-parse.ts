/**
 * The quick reader for plain manifests: `yaml`'s Lexer (as lexer.ts gives its tokens, without
 * generators), its tokens read straight into plain data with each node's offset, without the CST
 * parser and document model of the `yaml` path (parse.ts). That parser spends most of validate on a
 * large configuration (every token passes through a chain of generators), while the tokens and the
 * few block shapes manifests use are cheap.
 *
 * It only answers "these documents are plain": values are resolved by `yaml` itself (its core
 * schema's tags, `CST.resolveAsScalar`), and any shape it is unsure of returns undefined so the
 * caller parses the file with `parseManifest`, which finds and locates every problem. Refused
 * here: tags, anchors, aliases, merge keys, directives, explicit keys, tabs, a lone CR, empty
 * values, keys that are not single-line strings, duplicate keys, nested compact collections
 * (`a: b: c`, `- - x`), flow collections over several lines or with a trailing comma, quoted
 * scalars over several lines, `${` outside settings, nesting at the depth limit, and any document
 * that is not a block mapping.
 */
import { CST, Schema, isScalar, type ParseOptions } from "yaml";
import type { ParsedDocument } from "./parse.js";
import { FastSource, type PositionedNode } from "./fast-source.js";
import { TokenStream } from "./lexer.js";
import { LineTable } from "./line-table.js";
import { MANIFEST_LIMITS } from "./limits.js";
import { templatesAllowedIn } from "./templates.js";

/** Thrown (without a stack) to leave a file to the `yaml` path. */
const REFUSED: unique symbol = Symbol("refused");
const refuse = (): never => {
  throw REFUSED;
};

/** The core schema's plain-scalar tags, in the order `yaml` tries them (compose-scalar.js). */
const CORE_TAGS = new Schema({ merge: true }).tags.flatMap((t) => (t.default === true && !("collection" in t && t.collection) && "test" in t && t.test instanceof RegExp ? [{ test: t.test, resolve: t.resolve }] : []));
/** Every core tag's pattern begins with one of these (or matches ""); any other plain scalar is a string. */
const TYPED_START = new Set("~nNtTfF0123456789+-.");
/** First characters after which `yaml` reads a plain scalar with a finding, or not as plain text. */
const PLAIN_NEEDS_CARE = new Set(",%|>@`'\"!&*?#-:[]{}");
const OPTIONS: ParseOptions = {};
/** `yaml` refuses an implicit key longer than 1024 characters. */
const MAX_KEY = 1024;

const MARKER_DOC = "\x02";
const MARKER_SCALAR = "\x1f";
const isNewline = (t: string): boolean => t === "\n" || t === "\r\n" || t === "";
const isSpace = (t: string): boolean => t.charCodeAt(0) === 0x20;
const isComment = (t: string): boolean => t.charCodeAt(0) === 0x23;
const isQuoted = (t: string): boolean => t.charCodeAt(0) === 0x22 || t.charCodeAt(0) === 0x27;

/** The documents of `text`, or undefined when only the `yaml` path may decide. */
export function parseManifestFast(text: string, file: string, maxDepth: number = MANIFEST_LIMITS.depth, maxDocuments: number = MANIFEST_LIMITS.documents): ParsedDocument[] | undefined {
  if (text.includes("\t") || /\r(?!\n)/.test(text)) return undefined;
  let roots: { node: PositionedNode; value: Record<string, unknown> }[];
  try {
    roots = new TokenReader(new TokenStream(text), maxDepth, maxDocuments).documents();
  } catch (e) {
    if (e === REFUSED) return undefined;
    throw e;
  }
  if (roots.length === 0) return undefined;
  if (text.includes("${") && !roots.every((r) => templatesOnlyInSettings(r.value))) return undefined;
  const lines = new LineTable(text);
  return roots.map((root) => ({ source: new FastSource(file, root.node, lines), value: root.value }));
}

/**
 * A recursive reader over the lexer's tokens. `off` is the offset of the next token: the lexer's
 * markers (start of a document, "a scalar follows") take no place in the text, as in `yaml`'s parser.
 * Each method returns the node it read and leaves its data in `value`: a scalar's node is only its
 * offset, so the many scalars of a large file cost no object of their own.
 */
class TokenReader {
  private value: unknown;
  private off = 0;
  private lineStart = 0;

  constructor(
    private readonly tokens: TokenStream,
    private readonly maxDepth: number,
    private readonly maxDocuments: number,
  ) {}

  /** The token `k` places ahead of the next one (0: the next one). */
  private at(k: number): string | undefined {
    return this.tokens.at(k);
  }

  documents(): { node: PositionedNode; value: Record<string, unknown> }[] {
    const roots: { node: PositionedNode; value: Record<string, unknown> }[] = [];
    for (;;) {
      let indent = this.blankLines();
      let t = this.peek();
      if (t === undefined) return roots;
      if (t === "---") {
        this.take();
        this.lineEnd();
        indent = this.blankLines();
        t = this.peek();
      } else if (roots.length > 0) {
        refuse();
      }
      // Past the limit the `yaml` path's check reports it; reading on would hold every document first.
      if (roots.length >= this.maxDocuments) refuse();
      if (t === undefined || t === "---" || t === "...") refuse();
      const node = this.mapping(indent, 0);
      roots.push({ node, value: this.value as Record<string, unknown> });
      this.blankLines();
      t = this.peek();
      if (t === "...") {
        this.take();
        this.lineEnd();
        // Only another document's `---` may follow an end marker: `yaml` reads anything else as a bare document.
        for (let n = this.peek(); n !== undefined && (isNewline(n) || n === MARKER_DOC); n = this.peek()) this.take();
        this.lineStart = this.off;
        t = this.peek();
      }
      if (t !== undefined && t !== "---") refuse();
    }
  }

  private peek(): string | undefined {
    return this.at(0);
  }

  private take(): string {
    const t = this.at(0);
    if (t === undefined) return refuse();
    this.tokens.advance();
    if (t !== MARKER_SCALAR && t !== MARKER_DOC) this.off += t.length;
    return t;
  }

  /**
   * Skips empty and comment-only lines; returns the column of the next token with content (the
   * line's indent), or 0 at the end of the text or at `---` / `...`. At a content token it only
   * returns its column, so a caller may ask again where a nested collection ended.
   */
  private blankLines(): number {
    for (;;) {
      const t = this.peek();
      if (t === undefined) return 0;
      if (t === MARKER_DOC) {
        this.take();
      } else if (isNewline(t)) {
        this.take();
        this.lineStart = this.off;
      } else if (isComment(t)) {
        this.take();
      } else if (isSpace(t)) {
        const next = this.at(1);
        this.take();
        if (next === undefined || isNewline(next) || isComment(next) || next === MARKER_DOC) continue;
        return this.column();
      } else {
        return this.column();
      }
    }
  }

  /** The rest of a line after its content: blank space, a comment after blank space, the line break. */
  private lineEnd(): void {
    let spaced = false;
    let t = this.peek();
    if (t !== undefined && isSpace(t)) {
      this.take();
      spaced = true;
      t = this.peek();
    }
    if (t !== undefined && isComment(t)) {
      if (!spaced) refuse();
      this.take();
      t = this.peek();
    }
    if (t === undefined) return;
    if (!isNewline(t)) refuse();
    this.take();
    this.lineStart = this.off;
  }

  private column(): number {
    return this.off - this.lineStart;
  }

  /** A block mapping whose first key is the next token, at column `indent`; ends at a line start. */
  private mapping(indent: number, depth: number): PositionedNode {
    if (depth >= this.maxDepth) refuse();
    const start = this.off;
    const value: Record<string, unknown> = {};
    const names: string[] = [];
    const keys: number[] = [];
    const items: PositionedNode[] = [];
    for (;;) {
      keys.push(this.key());
      const name = this.value as string;
      if (Object.hasOwn(value, name)) refuse();
      items.push(this.mappingValue(indent, depth + 1));
      value[name] = this.value;
      names.push(name);
      const next = this.blankLines();
      const t = this.peek();
      if (t === undefined || t === "---" || t === "...") break;
      if (next < indent) break;
      if (next > indent || t === "-") refuse();
    }
    this.value = value;
    return { start, names, keys, items };
  }

  /** A single-line string key and its `:`; returns the key's offset. */
  private key(): number {
    const start = this.off;
    const t = this.take();
    let name: unknown;
    if (t === MARKER_SCALAR) {
      const source = this.take();
      if (source === "<<" || source.includes("\n")) refuse();
      name = plainValue(source, start);
    } else if (isQuoted(t)) {
      if (t.includes("\n")) refuse();
      name = quotedValue(t, start);
    } else {
      refuse();
    }
    if (typeof name !== "string" || name === "__proto__" || this.off - start > MAX_KEY) refuse();
    if (this.peek() !== undefined && isSpace(this.peek()!)) this.take();
    if (this.take() !== ":") refuse();
    this.value = name;
    return start;
  }

  /** After a block mapping's `:`: a value on the same line, or a collection on the lines below. */
  private mappingValue(indent: number, depth: number): PositionedNode {
    const inline = this.sameLine();
    if (inline) return this.inlineValue(indent, depth);
    const below = this.blankLines();
    const t = this.peek();
    if (t === undefined || t === "---" || t === "...") refuse();
    if (t === "-" && below >= indent) return this.sequence(below, depth);
    if (below <= indent) return refuse();
    return this.isKeyAhead() ? this.mapping(below, depth) : this.inlineValue(indent, depth);
  }

  /** Skips blank space after an indicator; true when a value follows on the same line, else the line is ended. */
  private sameLine(): boolean {
    const t = this.peek();
    if (t === undefined) return refuse();
    if (isSpace(t)) {
      const next = this.at(1);
      if (next !== undefined && !isNewline(next) && !isComment(next)) {
        this.take();
        return true;
      }
    }
    if (!isSpace(t) && !isNewline(t)) refuse();
    this.lineEnd();
    return false;
  }

  /** A scalar, quoted scalar, flow collection or block scalar after `key: ` or `- `; ends at a line start. */
  private inlineValue(parentIndent: number, depth: number): PositionedNode {
    const t = this.peek();
    if (t === undefined) return refuse();
    const c = t[0];
    if (c === "|" || c === ">") return this.blockScalar(parentIndent);
    const node = c === "[" || c === "{" ? this.flow(depth) : this.scalar();
    // `a: b: c` and `- a: b: c` nest a mapping in a compact one: `yaml` refuses them.
    if (this.peek() === ":" || (this.peek() !== undefined && isSpace(this.peek()!) && this.at(1) === ":")) refuse();
    this.lineEnd();
    return node;
  }

  private scalar(): number {
    const start = this.off;
    const t = this.take();
    if (t === MARKER_SCALAR) this.value = plainValue(this.take(), start);
    else if (isQuoted(t) && !t.includes("\n")) this.value = quotedValue(t, start);
    else refuse();
    return start;
  }

  private blockScalar(parentIndent: number): number {
    const start = this.off;
    type Prop = { type: "block-scalar-header" | "space" | "comment" | "newline"; offset: number; indent: number; source: string };
    const props: Prop[] = [{ type: "block-scalar-header", offset: start, indent: parentIndent, source: this.take() }];
    for (;;) {
      const t = this.peek();
      if (t === undefined) return refuse();
      const type = isSpace(t) ? "space" : isComment(t) ? "comment" : isNewline(t) ? "newline" : undefined;
      if (type === undefined) return refuse();
      props.push({ type, offset: this.off, indent: parentIndent, source: this.take() });
      if (type === "newline") break;
    }
    if (this.peek() !== MARKER_SCALAR) refuse();
    this.take();
    const source = this.take();
    this.lineStart = this.off;
    const resolved = CST.resolveAsScalar({ type: "block-scalar", offset: start, indent: parentIndent, props, source }, true, refuse);
    if (resolved === null) return refuse();
    this.value = resolved.value;
    return start;
  }

  /** A flow collection on one line, `[a, b]` or `{k: v}`. */
  private flow(depth: number): PositionedNode {
    if (depth >= this.maxDepth) refuse();
    const start = this.off;
    const open = this.take();
    const close = open === "[" ? "]" : "}";
    const isMap = open === "{";
    const names: string[] = [];
    const keys: number[] = [];
    const items: PositionedNode[] = [];
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    const done = (): PositionedNode => {
      this.value = isMap ? map : list;
      return isMap ? { start, names, keys, items } : { start, items };
    };
    this.flowSpace();
    if (this.peek() === close) {
      this.take();
      return done();
    }
    for (;;) {
      if (isMap) {
        keys.push(this.scalar());
        const name = this.value;
        if (typeof name !== "string" || name === "__proto__" || name === "<<" || Object.hasOwn(map, name)) return refuse();
        this.flowSpace();
        if (this.take() !== ":") refuse();
        this.flowSpace();
        items.push(this.flowItem(depth + 1));
        map[name] = this.value;
        names.push(name);
      } else {
        items.push(this.flowItem(depth + 1));
        list.push(this.value);
      }
      this.flowSpace();
      const t = this.take();
      if (t === close) break;
      if (t !== ",") refuse();
      this.flowSpace();
      if (this.peek() === close) refuse();
    }
    return done();
  }

  private flowItem(depth: number): PositionedNode {
    const t = this.peek();
    const node = t === "[" || t === "{" ? this.flow(depth) : this.scalar();
    // `[a: b]` is a mapping inside the list.
    this.flowSpace();
    if (this.peek() === ":") refuse();
    return node;
  }

  private flowSpace(): void {
    const t = this.peek();
    if (t !== undefined && isSpace(t)) this.take();
  }

  /** A block sequence whose first `-` is the next token, at column `indent`; ends at a line start. */
  private sequence(indent: number, depth: number): PositionedNode {
    if (depth >= this.maxDepth) refuse();
    const start = this.off;
    const value: unknown[] = [];
    const items: PositionedNode[] = [];
    for (;;) {
      this.take(); // the `-`
      let item: PositionedNode;
      if (this.sameLine()) {
        const t = this.peek();
        if (t === "-") refuse();
        item = this.isKeyAhead() ? this.mapping(this.column(), depth + 1) : this.inlineValue(indent, depth + 1);
      } else {
        const below = this.blankLines();
        const t = this.peek();
        if (t === undefined || t === "---" || t === "..." || below <= indent) refuse();
        item = t === "-" ? this.sequence(below, depth + 1) : this.isKeyAhead() ? this.mapping(below, depth + 1) : this.inlineValue(indent, depth + 1);
      }
      value.push(this.value);
      items.push(item);
      const next = this.blankLines();
      const t = this.peek();
      if (t === undefined || t === "---" || t === "..." || next < indent) break;
      if (next > indent) refuse();
      if (t !== "-") break;
    }
    this.value = value;
    return { start, items };
  }

  /** The next tokens are a key: a scalar, then `:` (after blank space). */
  private isKeyAhead(): boolean {
    const t = this.peek();
    let j = 1;
    if (t === MARKER_SCALAR) j++;
    else if (t === undefined || !isQuoted(t)) return false;
    const after = this.at(j);
    if (after !== undefined && isSpace(after)) j++;
    return this.at(j) === ":";
  }
}

/** A plain scalar as `yaml` reads it: folded, then typed by the first core tag whose pattern matches. */
function plainValue(source: string, offset: number): unknown {
  const text = source.includes("\n") || source.includes("\r") || PLAIN_NEEDS_CARE.has(source[0] ?? "") ? resolvedText({ type: "scalar", offset, indent: 0, source }) : source;
  if (!TYPED_START.has(text[0] ?? "~")) return text;
  for (const tag of CORE_TAGS) {
    if (tag.test.test(text)) {
      const value: unknown = tag.resolve(text, refuse, OPTIONS);
      return isScalar(value) ? value.value : value;
    }
  }
  return text;
}

/** A quoted scalar's text; one closed on its line with nothing to unescape (`"02:00"`, most of them) is its inside. */
function quotedValue(source: string, offset: number): string {
  const quote = source[0]!;
  const inside = source.slice(1, -1);
  // An escape (double quotes), a doubled quote (single) or a missing closing quote is left to yaml's own reading.
  if (source.length >= 2 && source[source.length - 1] === quote && !inside.includes(quote === '"' ? "\\" : "'")) return inside;
  return resolvedText({ type: quote === '"' ? "double-quoted-scalar" : "single-quoted-scalar", offset, indent: 0, source });
}

function resolvedText(token: CST.FlowScalar): string {
  const resolved = CST.resolveAsScalar(token, true, refuse);
  if (resolved === null) return refuse();
  return resolved.value;
}

function templatesOnlyInSettings(doc: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(doc)) {
    if (key.includes("${")) return false;
    if (!templatesAllowedIn(key) && holdsTemplate(value)) return false;
  }
  return true;
}

function holdsTemplate(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (key.includes("${") || holdsTemplate(item)) return true;
  }
  return false;
}
