/**
 * How deeply a manifest nests and how many documents it holds, checked on the text before any
 * parser sees it: the YAML libraries recurse once per level, so 50,000 nested `[` or compact
 * `- - - …` overflow the stack and 2,500,000 exhaust memory inside them; and every document is
 * built in full, so 1,300,000 empty `---` documents cost gigabytes. Real manifests nest about 7
 * levels and hold a handful of documents.
 *
 * The scan reads the text as `yaml`'s lexer does (its rules, copied in lexer.ts, are followed here
 * without making tokens): a quote opens a quoted scalar only where a scalar starts, `#` opens a
 * comment only after whitespace, quoted, plain and block scalars end where the lexer ends them. So
 * it sees every bracket and indicator the parser will see. A level is a flow collection (`[`, `{`)
 * or a block collection: a `- `, `? ` or `key: ` opens one at its column, unless a collection of the
 * same kind is open at that column already, and a line indented less closes those opened further
 * right (only at a line's start: an indicator further left on a line, after a scalar that spans
 * lines, is counted as one more level, never as the end of one). Block and flow levels count together, as the parse.ts check does after parsing.
 * One pass, a few comparisons a character, no allocation beyond the block levels' columns: it
 * makes no tokens, unlike lexer.ts, whose rules it repeats, as a hostile file's millions of tokens
 * are what it guards against. It runs where `yaml` is about to read a file (index.ts, discover.ts);
 * the quick reader (fast-parse.ts) bounds nesting and documents itself as it reads.
 *
 * Derived from yaml, Copyright Eemeli Aro <eemeli@gmail.com>, under the ISC license: "Permission to
 * use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby
 * granted, provided that the above copyright notice and this permission notice appear in all copies."
 */
import type { Diagnostic } from "../core/errors.js";
import { MANIFEST_CODES } from "./codes.js";
import { MANIFEST_LIMITS } from "./limits.js";
import { LineTable } from "./line-table.js";

export const tooDeepMessage = (max: number): string => `the YAML nests deeper than ${max} levels here`;
export const tooManyDocumentsMessage = (file: string, max: number): string => `${file} holds more than ${max} YAML documents`;

/** The finding for a file that nests deeper than `maxDepth` or holds more than `maxDocuments` documents, or undefined. */
export function depthProblem(text: string, file: string, maxDepth: number, maxDocuments: number = MANIFEST_LIMITS.documents): Diagnostic | undefined {
  const scan = new NestingScan(text, maxDepth, maxDocuments);
  const found = scan.run();
  if (found === undefined) return undefined;
  const { line, column } = new LineTable(text).position(found.at);
  if (found.problem === "documents") {
    const code = "MANIFEST_TOO_MANY_DOCUMENTS";
    return { code, severity: "error", message: tooManyDocumentsMessage(file, maxDocuments), hint: MANIFEST_CODES[code], source: { file, line, column } };
  }
  return { code: "MANIFEST_TOO_DEEP", severity: "error", message: tooDeepMessage(maxDepth), hint: MANIFEST_CODES.MANIFEST_TOO_DEEP, source: { file, line, column } };
}

/** Offset of the collection opener that nests deeper than `max`, or undefined. */
export function tooDeepAt(text: string, max: number): number | undefined {
  const found = new NestingScan(text, max, Infinity).run();
  return found?.at;
}

type Found = { readonly problem: "depth" | "documents"; readonly at: number };
type State = "stream" | "block-start" | "doc" | "flow";

const SEQ = 1;
const MAP = 2;

const isEmpty = (ch: string | undefined): boolean => ch === undefined || ch === " " || ch === "\n" || ch === "\r" || ch === "\t";
const isFlowIndicator = (ch: string | undefined): boolean => ch === "," || ch === "[" || ch === "]" || ch === "{" || ch === "}";
const isNotAnchorChar = (ch: string | undefined): boolean => isEmpty(ch) || isFlowIndicator(ch);
const TAG_CHARS = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const HEX_DIGITS = new Set("0123456789ABCDEFabcdef");

/** Thrown to leave the scan at the first problem. */
class Stop {
  constructor(readonly found: Found) {}
}

/**
 * lexer.ts's state machine with its pushes turned into moves of `pos`; the comments name the
 * lexer method each one follows. Only the counting (`open`, `flowOpen`, `document`) is new.
 */
class NestingScan {
  private pos = 0;
  private flowLevel = 0;
  private flowKey = false;
  private indentNext = 0;
  private indentValue = 0;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  /** Open block collections: their columns and kinds, `top` of them. */
  private readonly cols: Int32Array;
  private readonly kinds: Uint8Array;
  private top = 0;
  /**
   * Flow levels by depth: whether each is a sequence, and whether a `key: value` pair is open in
   * it, which makes one more level (a single-pair mapping), until the next `,` or its end.
   */
  private readonly flowSeq: Uint8Array;
  private readonly flowPair: Uint8Array;
  private pairs = 0;
  /** Column and offset where the node after the last indicator began (a key, if `: ` follows), or -1. */
  private nodeCol = -1;
  private nodeAt = -1;
  private documents = 0;
  /** A `...` ended the document on the line at `pos`: content after it on that line starts no new one. */
  private endedOnLine = false;
  /** Start of the line holding `pos`, and the next newline after it (-1: none), advanced as `pos` moves on. */
  private lineStart = 0;
  private nextNewline: number;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxDocuments: number,
  ) {
    this.cols = new Int32Array(maxDepth + 2);
    this.kinds = new Uint8Array(maxDepth + 2);
    this.flowSeq = new Uint8Array(maxDepth + 2);
    this.flowPair = new Uint8Array(maxDepth + 2);
    this.nextNewline = text.indexOf("\n");
  }

  run(): Found | undefined {
    let state: State = "stream";
    try {
      while (this.pos < this.text.length) state = this.step(state);
    } catch (e) {
      if (e instanceof Stop) return e.found;
      throw e;
    }
    return undefined;
  }

  private step(state: State): State {
    switch (state) {
      case "stream":
        return this.parseStream();
      case "block-start":
        return this.parseBlockStart();
      case "doc":
        return this.parseDocument();
      case "flow":
        return this.parseFlowCollection();
    }
  }

  private column(at: number): number {
    while (this.nextNewline !== -1 && this.nextNewline < at) {
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.text.indexOf("\n", this.lineStart);
    }
    return at - this.lineStart;
  }

  private document(at: number): void {
    if (++this.documents > this.maxDocuments) throw new Stop({ problem: "documents", at });
    this.top = 0;
  }

  /** A block collection of `kind` at the column of `at`: a new level unless one of that kind is open there. */
  private open(kind: number, col: number, at: number): void {
    if (this.top > 0 && this.cols[this.top - 1] === col) {
      if (this.kinds[this.top - 1] === kind) return;
      // A key at a sequence's column ends the sequence; a `- ` at a mapping's column nests in it.
      if (kind === MAP) {
        this.top--;
        if (this.top > 0 && this.cols[this.top - 1] === col && this.kinds[this.top - 1] === MAP) return;
      }
    }
    if (this.top + this.flowLevel + this.pairs >= this.maxDepth) throw new Stop({ problem: "depth", at });
    this.cols[this.top] = col;
    this.kinds[this.top] = kind;
    this.top++;
  }

  private flowOpen(): void {
    if (this.flowLevel === 1) this.pairs = 0;
    if (this.top + this.flowLevel + this.pairs > this.maxDepth) throw new Stop({ problem: "depth", at: this.pos - 1 });
    this.flowSeq[this.flowLevel] = this.text[this.pos - 1] === "[" ? 1 : 0;
    this.flowPair[this.flowLevel] = 0;
  }

  /** A `:` in a flow sequence opens a single-pair mapping, one level more. */
  private flowValue(): void {
    const level = this.flowLevel;
    if (this.flowSeq[level] !== 1 || this.flowPair[level] === 1) return;
    this.flowPair[level] = 1;
    this.pairs++;
    if (this.top + level + this.pairs > this.maxDepth) throw new Stop({ problem: "depth", at: this.pos });
  }

  /** A `,` or the end of the flow level: its pair, if any, is complete. */
  private flowPairEnd(): void {
    if (this.flowPair[this.flowLevel] === 1) {
      this.flowPair[this.flowLevel] = 0;
      this.pairs--;
    }
  }

  /** A node begins at `pos`: a key's mapping opens at its column. */
  private nodeStart(): void {
    if (this.nodeCol === -1 && this.flowLevel === 0) {
      this.nodeCol = this.column(this.pos);
      this.nodeAt = this.pos;
    }
  }

  private charAt(n: number): string | undefined {
    return this.text[this.pos + n];
  }

  /** At the end of the line: a newline, a CRLF or the end of the text (the lexer's `line[n] === undefined`). */
  private atEol(i: number): boolean {
    const ch = this.text[i];
    return ch === undefined || ch === "\n" || (ch === "\r" && this.text[i + 1] === "\n");
  }

  /** Offset of the end of the line holding `pos` (before a CRLF). */
  private lineEnd(): number {
    let end = this.text.indexOf("\n", this.pos);
    if (end === -1) return this.text.length;
    if (this.text[end - 1] === "\r" && end - 1 >= this.pos) end -= 1;
    return end;
  }

  private atLineEnd(): boolean {
    let i = this.pos;
    let ch = this.text[i];
    while (ch === " " || ch === "\t") ch = this.text[++i];
    if (ch === undefined || ch === "#" || ch === "\n") return true;
    if (ch === "\r") return this.text[i + 1] === "\n";
    return false;
  }

  private isDocMarker(at: number): boolean {
    const t = this.text;
    const ch = t[at];
    return (ch === "-" || ch === ".") && t[at + 1] === ch && t[at + 2] === ch && isEmpty(t[at + 3]);
  }

  private continueScalar(offset: number): number {
    let ch = this.text[offset];
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === " ") ch = this.text[++indent + offset];
      if (ch === "\r" && this.text[indent + offset + 1] === "\n") return offset + indent + 1;
      return ch === "\n" || indent >= this.indentNext ? offset + indent : -1;
    }
    return this.isDocMarker(offset) ? -1 : offset;
  }

  private parseStream(): State {
    if (this.text[this.pos] === "\u{FEFF}") this.pos++;
    if (this.text[this.pos] === "%" || this.atLineEnd()) {
      // A directive, a blank line or a comment: the rest of the line.
      this.pos = this.lineEnd();
      this.skipNewline();
      this.endedOnLine = false;
      return "stream";
    }
    if (!this.endedOnLine && !(this.text[this.pos] === "-" && this.isDocMarker(this.pos))) this.document(this.pos);
    this.endedOnLine = false;
    return this.parseLineStart();
  }

  private parseLineStart(): State {
    if (this.isDocMarker(this.pos)) {
      const start = this.text[this.pos] === "-";
      if (start) this.document(this.pos);
      this.pos += 3;
      this.endedOnLine = !start;
      this.indentValue = 0;
      this.indentNext = 0;
      return start ? "doc" : "stream";
    }
    this.indentValue = this.skipSpaces(false);
    if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1))) this.indentNext = this.indentValue;
    this.nodeCol = -1;
    if (this.flowLevel === 0 && !this.atLineEnd()) {
      const col = this.column(this.pos);
      while (this.top > 0 && this.cols[this.top - 1]! > col) this.top--;
    }
    return this.parseBlockStart();
  }

  private parseBlockStart(): State {
    const ch0 = this.charAt(0);
    if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(this.charAt(1))) {
      this.open(ch0 === "-" ? SEQ : MAP, this.column(this.pos), this.pos);
      this.nodeCol = -1;
      const n = 1 + (this.pos++, this.skipSpaces(true));
      this.indentNext = this.indentValue + 1;
      this.indentValue += n;
      return "block-start";
    }
    return "doc";
  }

  private parseDocument(): State {
    this.skipSpaces(true);
    this.skipIndicators();
    const ch = this.charAt(0);
    if (ch === "#" || this.atEol(this.pos)) {
      if (ch === "#") this.pos = this.lineEnd();
      this.skipNewline();
      return this.parseLineStart();
    }
    this.nodeStart();
    switch (ch) {
      case "{":
      case "[":
        this.pos++;
        this.flowKey = false;
        this.flowLevel = 1;
        this.flowOpen();
        return "flow";
      case "}":
      case "]":
        this.pos++;
        return "doc";
      case "*":
        this.skipUntilNotAnchor();
        return "doc";
      case '"':
      case "'":
        return this.parseQuotedScalar();
      case "|":
      case ">":
        this.parseBlockScalarHeader();
        this.skipUntilEmptyOrComment();
        this.skipSpaces(true);
        // The lexer hands the rest of the header's line to the parser as one token: a bare `---` starts a document.
        if (this.lineEnd() - this.pos === 3 && this.isDocMarker(this.pos) && this.text[this.pos] === "-") this.document(this.pos);
        this.pos = this.lineEnd();
        this.skipNewline();
        return this.parseBlockScalar();
      default:
        return this.parsePlainScalar();
    }
  }

  private parseFlowCollection(): State {
    let nl: number;
    let sp: number;
    let indent = -1;
    do {
      nl = this.skipNewline();
      if (nl > 0) {
        sp = this.skipSpaces(false);
        this.indentValue = indent = sp;
      } else {
        sp = 0;
      }
      sp += this.skipSpaces(true);
    } while (nl + sp > 0);
    const ch0 = this.charAt(0);
    if ((indent !== -1 && indent < this.indentNext && ch0 !== "#") || (indent === 0 && this.isDocMarker(this.pos))) {
      const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (ch0 === "]" || ch0 === "}");
      if (!atFlowEndMarker) {
        this.flowLevel = 0;
        return this.parseLineStart();
      }
    }
    while (this.charAt(0) === ",") {
      this.flowPairEnd();
      this.pos++;
      this.skipSpaces(true);
      this.flowKey = false;
    }
    this.skipIndicators();
    const ch = this.charAt(0);
    if (ch === ":") {
      const next = this.charAt(1);
      if (this.flowKey || isEmpty(next) || next === ",") {
        this.flowKey = false;
        if (this.flowLevel > 0) this.flowValue();
        this.pos++;
        this.skipSpaces(true);
        return "flow";
      }
    }
    if (this.atEol(this.pos)) return "flow";
    switch (ch) {
      case "#":
        this.pos = this.lineEnd();
        return "flow";
      case "{":
      case "[":
        this.pos++;
        this.flowKey = false;
        this.flowLevel += 1;
        this.flowOpen();
        return "flow";
      case "}":
      case "]":
        this.flowPairEnd();
        this.pos++;
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel !== 0 ? "flow" : "doc";
      case "*":
        this.skipUntilNotAnchor();
        return "flow";
      case '"':
      case "'":
        this.flowKey = true;
        return this.parseQuotedScalar();
      default:
        this.flowKey = false;
        return this.parsePlainScalar();
    }
  }

  private parseQuotedScalar(): State {
    const t = this.text;
    const quote = t[this.pos]!;
    let end = t.indexOf(quote, this.pos + 1);
    if (quote === "'") {
      while (end !== -1 && t[end + 1] === "'") end = t.indexOf("'", end + 2);
    } else {
      while (end !== -1) {
        let n = 0;
        while (t[end - 1 - n] === "\\") n += 1;
        if (n % 2 === 0) break;
        end = t.indexOf('"', end + 1);
      }
    }
    // Newlines within the quotes: a line indented too little ends the scalar there (an error). An
    // unclosed quote runs to the end of the text, as in the lexer.
    if (end !== -1) {
      let nl = t.indexOf("\n", this.pos);
      if (nl >= end) nl = -1;
      while (nl !== -1) {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = t.indexOf("\n", cs);
        if (nl >= end) nl = -1;
      }
      if (nl !== -1) end = nl - (t[nl - 1] === "\r" ? 2 : 1);
    }
    if (end === -1) end = t.length;
    this.pos = Math.max(this.pos, end + 1);
    return this.flowLevel !== 0 ? "flow" : "doc";
  }

  private parseBlockScalarHeader(): void {
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = this.pos;
    for (;;) {
      const ch = this.text[++i];
      if (ch === "+") this.blockScalarKeep = true;
      else if (ch !== undefined && ch > "0" && ch <= "9") this.blockScalarIndent = Number(ch) - 1;
      else if (ch !== "-") break;
    }
  }

  private parseBlockScalar(): State {
    const t = this.text;
    let nl = this.pos - 1;
    let indent = 0;
    let ch: string | undefined;
    loop: for (let i = this.pos; (ch = t[i]) !== undefined; ++i) {
      switch (ch) {
        case " ":
          indent += 1;
          break;
        case "\n":
          nl = i;
          indent = 0;
          break;
        case "\r":
          if (t[i + 1] === "\n") break;
          break loop;
        default:
          break loop;
      }
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) this.indentNext = indent;
      else this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = t.indexOf("\n", cs);
      } while (nl !== -1);
      if (nl === -1) nl = t.length;
    }
    let i = nl + 1;
    ch = t[i];
    while (ch === " ") ch = t[++i];
    if (ch === "\t") {
      while (ch === "\t" || ch === " " || ch === "\r" || ch === "\n") ch = t[++i];
      nl = i - 1;
    } else if (!this.blockScalarKeep) {
      for (;;) {
        let j = nl - 1;
        let c = t[j];
        if (c === "\r") c = t[--j];
        const lastChar = j;
        while (c === " ") c = t[--j];
        if (c === "\n" && j >= this.pos && j + 1 + indent > lastChar) nl = j;
        else break;
      }
    }
    this.pos = Math.max(this.pos, nl + 1);
    return this.parseLineStart();
  }

  private parsePlainScalar(): State {
    const t = this.text;
    const inFlow = this.flowLevel > 0;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: string | undefined;
    while ((ch = t[++i]) !== undefined) {
      if (ch === ":") {
        const next = t[i + 1];
        if (isEmpty(next) || (inFlow && isFlowIndicator(next))) break;
        end = i;
      } else if (isEmpty(ch)) {
        let next = t[i + 1];
        if (ch === "\r") {
          if (next === "\n") {
            i += 1;
            ch = "\n";
            next = t[i + 1];
          } else end = i;
        }
        if (next === "#" || (inFlow && isFlowIndicator(next))) break;
        if (ch === "\n") {
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2);
        }
      } else {
        if (inFlow && isFlowIndicator(ch)) break;
        end = i;
      }
    }
    this.pos = Math.max(this.pos, end + 1);
    return inFlow ? "flow" : "doc";
  }

  /** lexer.ts `pushIndicators`: anchors, tags and `-`/`?`/`:` indicators before a node. */
  private skipIndicators(): void {
    for (;;) {
      const ch = this.charAt(0);
      if (ch === "!") {
        this.nodeStart();
        this.skipTag();
        this.skipSpaces(true);
      } else if (ch === "&") {
        this.nodeStart();
        this.skipUntilNotAnchor();
        this.skipSpaces(true);
      } else if (ch === "-" || ch === "?" || ch === ":") {
        const inFlow = this.flowLevel > 0;
        const ch1 = this.charAt(1);
        if (!(isEmpty(ch1) || (inFlow && isFlowIndicator(ch1)))) return;
        if (!inFlow) {
          if (ch === ":" && this.nodeCol !== -1) this.open(MAP, this.nodeCol, this.nodeAt);
          else this.open(ch === "-" ? SEQ : MAP, this.column(this.pos), this.pos);
          this.nodeCol = -1;
          this.indentNext = this.indentValue + 1;
        } else {
          if (this.flowKey) this.flowKey = false;
          if (ch === ":" || ch === "?") this.flowValue();
        }
        this.pos++;
        this.skipSpaces(true);
      } else return;
    }
  }

  private skipTag(): void {
    const t = this.text;
    if (t[this.pos + 1] === "<") {
      let i = this.pos + 2;
      let ch = t[i];
      while (!isEmpty(ch) && ch !== ">") ch = t[++i];
      this.pos = ch === ">" ? i + 1 : i;
      return;
    }
    let i = this.pos + 1;
    for (;;) {
      const ch = t[i];
      if (ch !== undefined && TAG_CHARS.has(ch)) i++;
      else if (ch === "%" && HEX_DIGITS.has(t[i + 1] ?? "") && HEX_DIGITS.has(t[i + 2] ?? "")) i += 3;
      else break;
    }
    this.pos = i;
  }

  private skipNewline(): number {
    const ch = this.text[this.pos];
    if (ch === "\n") return (this.pos += 1), 1;
    if (ch === "\r" && this.text[this.pos + 1] === "\n") return (this.pos += 2), 2;
    return 0;
  }

  private skipSpaces(allowTabs: boolean): number {
    const from = this.pos;
    let ch = this.text[this.pos];
    while (ch === " " || (allowTabs && ch === "\t")) ch = this.text[++this.pos];
    return this.pos - from;
  }

  private skipUntilEmptyOrComment(): void {
    let i = this.pos;
    while (!isEmpty(this.text[i]) && this.text[i] !== "#") i++;
    this.pos = i;
  }

  private skipUntilNotAnchor(): void {
    let i = this.pos;
    while (!isNotAnchorChar(this.text[i])) i++;
    this.pos = i;
  }
}
