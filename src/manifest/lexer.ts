/**
 * `yaml`'s Lexer (yaml/dist/parse/lexer.js, v2), rewritten without generators for a whole text at
 * once: the same states and the same rules, each `yield` a push onto an array. It returns exactly
 * the tokens `[...new Lexer().lex(text)]` returns, for any text (test/manifest/lexer.test.ts holds
 * them side by side on every YAML file of the project, on their mutations and on generated input).
 *
 * Why a copy: on a large configuration `yaml`'s lexer spent a third of validate's CPU and most of its
 * allocations (every token is handed up through two to four nested generators, each step an
 * object), and `yield` cannot be taken out of it from outside. Only the fast path (fast-parse.ts)
 * reads these tokens; the `yaml` path and every diagnostic still run `yaml` itself.
 *
 * The incremental mode of the original (a text given in pieces) is left out: the text is always
 * whole, so its "wait for more input" branches never run.
 *
 * Derived from yaml, Copyright Eemeli Aro <eemeli@gmail.com>, under the ISC license: "Permission to
 * use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby
 * granted, provided that the above copyright notice and this permission notice appear in all copies."
 */

const BOM = "\u{FEFF}";
const DOCUMENT = "\x02";
const FLOW_END = "\x18";
const SCALAR = "\x1f";

/**
 * Where the lexer goes on. The original also keeps "line-start" and the scalar states, but only to
 * resume a text given in pieces; with the whole text no state method returns them.
 */
type State = "stream" | "block-start" | "doc" | "flow";

function isEmpty(ch: string | undefined): boolean {
  switch (ch) {
    case undefined:
    case " ":
    case "\n":
    case "\r":
    case "\t":
      return true;
    default:
      return false;
  }
}
const hexDigits = new Set("0123456789ABCDEFabcdef");
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(",[]{}");
const invalidAnchorChars = new Set(" ,[]{}\n\r\t");
const isNotAnchorChar = (ch: string | undefined): boolean => ch === undefined || ch === "" || invalidAnchorChars.has(ch);

/** The lexical tokens of a whole YAML text, as `yaml`'s Lexer gives them. */
export function lexYaml(text: string): string[] {
  const lexer = new ArrayLexer(text);
  while (lexer.step());
  return lexer.out;
}

/**
 * The same tokens, lexed as a reader asks for them and forgotten once it has passed them. A whole
 * file's tokens (110,000 for 1,000 resources) lived as long as the file was read: copied by every
 * scavenge on the way and promoted, with the array that held them. Read as they come, validate of
 * 10,000 resources wrote some 3,400 fewer fresh pages (npm run bench).
 */
export class TokenStream {
  private readonly lexer: ArrayLexer;
  /** The index in the lexer's tokens of the next token. */
  private next = 0;

  constructor(text: string) {
    this.lexer = new ArrayLexer(text);
  }

  /** The token `k` places ahead of the next one (0: the next one), or undefined past the end. */
  at(k: number): string | undefined {
    const i = this.next + k;
    while (i >= this.lexer.out.length) if (!this.lexer.step()) return undefined;
    return this.lexer.out[i];
  }

  /** Passes the next token. */
  advance(): void {
    if (++this.next < FORGET_AFTER) return;
    this.lexer.out = this.lexer.out.slice(this.next);
    this.next = 0;
  }
}

/** Tokens passed before they are let go: a few thousand keep the copying of what is left rare. */
const FORGET_AFTER = 4096;

class ArrayLexer {
  out: string[] = [];
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  private flowKey = false;
  private flowLevel = 0;
  private indentNext = 0;
  private indentValue = 0;
  private lineEndPos: number | null = null;
  private pos = 0;
  private state: State = "stream";

  constructor(private readonly buffer: string) {}

  /** Lexes one state's worth of tokens onto `out`; false at the end of the text. */
  step(): boolean {
    if (!this.hasChars(1)) return false;
    this.state = this.parseNext(this.state);
    return true;
  }

  private atLineEnd(): boolean {
    let i = this.pos;
    let ch = this.buffer[i];
    while (ch === " " || ch === "\t") ch = this.buffer[++i];
    if (ch === undefined || ch === "#" || ch === "\n") return true;
    if (ch === "\r") return this.buffer[i + 1] === "\n";
    return false;
  }

  private charAt(n: number): string | undefined {
    return this.buffer[this.pos + n];
  }

  private continueScalar(offset: number): number {
    let ch = this.buffer[offset];
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === " ") ch = this.buffer[++indent + offset];
      if (ch === "\r") {
        const next = this.buffer[indent + offset + 1];
        if (next === "\n") return offset + indent + 1;
      }
      return ch === "\n" || indent >= this.indentNext ? offset + indent : -1;
    }
    if (ch === "-" || ch === ".") {
      const dt = this.buffer.substr(offset, 3);
      if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3])) return -1;
    }
    return offset;
  }

  private getLine(): string {
    let end = this.lineEndPos;
    if (typeof end !== "number" || (end !== -1 && end < this.pos)) {
      end = this.buffer.indexOf("\n", this.pos);
      this.lineEndPos = end;
    }
    if (end === -1) return this.buffer.substring(this.pos);
    if (this.buffer[end - 1] === "\r") end -= 1;
    return this.buffer.substring(this.pos, end);
  }

  private hasChars(n: number): boolean {
    return this.pos + n <= this.buffer.length;
  }

  private peek(n: number): string {
    return this.buffer.substr(this.pos, n);
  }

  private parseNext(next: State): State {
    switch (next) {
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

  private parseStream(): State {
    let line = this.getLine();
    if (line[0] === BOM) {
      this.pushCount(1);
      line = line.substring(1);
    }
    if (line[0] === "%") {
      let dirEnd = line.length;
      let cs = line.indexOf("#");
      while (cs !== -1) {
        const ch = line[cs - 1];
        if (ch === " " || ch === "\t") {
          dirEnd = cs - 1;
          break;
        } else {
          cs = line.indexOf("#", cs + 1);
        }
      }
      for (;;) {
        const ch = line[dirEnd - 1];
        if (ch === " " || ch === "\t") dirEnd -= 1;
        else break;
      }
      const n = this.pushCount(dirEnd) + this.pushSpaces(true);
      this.pushCount(line.length - n); // possible comment
      this.pushNewline();
      return "stream";
    }
    if (this.atLineEnd()) {
      const sp = this.pushSpaces(true);
      this.pushCount(line.length - sp);
      this.pushNewline();
      return "stream";
    }
    this.out.push(DOCUMENT);
    return this.parseLineStart();
  }

  private parseLineStart(): State {
    const ch = this.charAt(0);
    if (ch === "-" || ch === ".") {
      const s = this.peek(3);
      if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
        this.pushCount(3);
        this.indentValue = 0;
        this.indentNext = 0;
        return s === "---" ? "doc" : "stream";
      }
    }
    this.indentValue = this.pushSpaces(false);
    if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1))) this.indentNext = this.indentValue;
    return this.parseBlockStart();
  }

  private parseBlockStart(): State {
    const ch0 = this.charAt(0);
    const ch1 = this.charAt(1);
    if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
      const n = this.pushCount(1) + this.pushSpaces(true);
      this.indentNext = this.indentValue + 1;
      this.indentValue += n;
      return "block-start";
    }
    return "doc";
  }

  private parseDocument(): State {
    this.pushSpaces(true);
    const line = this.getLine();
    let n = this.pushIndicators();
    switch (line[n]) {
      case "#":
      case undefined:
        if (line[n] === "#") this.pushCount(line.length - n);
        this.pushNewline();
        return this.parseLineStart();
      case "{":
      case "[":
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel = 1;
        return "flow";
      case "}":
      case "]":
        // this is an error
        this.pushCount(1);
        return "doc";
      case "*":
        this.pushUntil(isNotAnchorChar);
        return "doc";
      case '"':
      case "'":
        return this.parseQuotedScalar();
      case "|":
      case ">":
        n += this.parseBlockScalarHeader();
        n += this.pushSpaces(true);
        this.pushCount(line.length - n);
        this.pushNewline();
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
      nl = this.pushNewline();
      if (nl > 0) {
        sp = this.pushSpaces(false);
        this.indentValue = indent = sp;
      } else {
        sp = 0;
      }
      sp += this.pushSpaces(true);
    } while (nl + sp > 0);
    const line = this.getLine();
    if ((indent !== -1 && indent < this.indentNext && line[0] !== "#") || (indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3]))) {
      // `yaml` lets a closing ] or } sit at the opening line's indent, though the spec does not.
      const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
      if (!atFlowEndMarker) {
        // this is an error
        this.flowLevel = 0;
        this.out.push(FLOW_END);
        return this.parseLineStart();
      }
    }
    let n = 0;
    while (line[n] === ",") {
      n += this.pushCount(1);
      n += this.pushSpaces(true);
      this.flowKey = false;
    }
    n += this.pushIndicators();
    if (line[n] === ":") {
      const next = this.charAt(1);
      if (this.flowKey || isEmpty(next) || next === ",") {
        this.flowKey = false;
        this.pushCount(1);
        this.pushSpaces(true);
        return "flow";
      }
    }
    switch (line[n]) {
      case undefined:
        return "flow";
      case "#":
        this.pushCount(line.length - n);
        return "flow";
      case "{":
      case "[":
        this.pushCount(1);
        this.flowKey = false;
        this.flowLevel += 1;
        return "flow";
      case "}":
      case "]":
        this.pushCount(1);
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel !== 0 ? "flow" : "doc";
      case "*":
        this.pushUntil(isNotAnchorChar);
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
    const quote = this.charAt(0)!;
    let end = this.buffer.indexOf(quote, this.pos + 1);
    if (quote === "'") {
      while (end !== -1 && this.buffer[end + 1] === "'") end = this.buffer.indexOf("'", end + 2);
    } else {
      // double-quote
      while (end !== -1) {
        let n = 0;
        while (this.buffer[end - 1 - n] === "\\") n += 1;
        if (n % 2 === 0) break;
        end = this.buffer.indexOf('"', end + 1);
      }
    }
    // Only looking for newlines within the quotes
    const qb = this.buffer.substring(0, end);
    let nl = qb.indexOf("\n", this.pos);
    if (nl !== -1) {
      while (nl !== -1) {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = qb.indexOf("\n", cs);
      }
      if (nl !== -1) {
        // this is an error caused by an unexpected unindent
        end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
      }
    }
    if (end === -1) end = this.buffer.length;
    this.pushToIndex(end + 1, false);
    return this.flowLevel !== 0 ? "flow" : "doc";
  }

  private parseBlockScalarHeader(): number {
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = this.pos;
    for (;;) {
      const ch = this.buffer[++i];
      if (ch === "+") this.blockScalarKeep = true;
      else if (ch !== undefined && ch > "0" && ch <= "9") this.blockScalarIndent = Number(ch) - 1;
      else if (ch !== "-") break;
    }
    return this.pushUntil((ch) => isEmpty(ch) || ch === "#");
  }

  private parseBlockScalar(): State {
    let nl = this.pos - 1; // may be -1 if this.pos === 0
    let indent = 0;
    let ch: string | undefined;
    loop: for (let i = this.pos; (ch = this.buffer[i]) !== undefined; ++i) {
      switch (ch) {
        case " ":
          indent += 1;
          break;
        case "\n":
          nl = i;
          indent = 0;
          break;
        case "\r":
          if (this.buffer[i + 1] === "\n") break;
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
        nl = this.buffer.indexOf("\n", cs);
      } while (nl !== -1);
      if (nl === -1) nl = this.buffer.length;
    }
    // Trailing insufficiently indented tabs are invalid.
    // To catch that during parsing, we include them in the block scalar value.
    let i = nl + 1;
    ch = this.buffer[i];
    while (ch === " ") ch = this.buffer[++i];
    if (ch === "\t") {
      while (ch === "\t" || ch === " " || ch === "\r" || ch === "\n") ch = this.buffer[++i];
      nl = i - 1;
    } else if (!this.blockScalarKeep) {
      for (;;) {
        let i = nl - 1;
        let ch = this.buffer[i];
        if (ch === "\r") ch = this.buffer[--i];
        const lastChar = i; // Drop the line if last char not more indented
        while (ch === " ") ch = this.buffer[--i];
        if (ch === "\n" && i >= this.pos && i + 1 + indent > lastChar) nl = i;
        else break;
      }
    }
    this.out.push(SCALAR);
    this.pushToIndex(nl + 1, true);
    return this.parseLineStart();
  }

  private parsePlainScalar(): State {
    const inFlow = this.flowLevel > 0;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: string | undefined;
    while ((ch = this.buffer[++i]) !== undefined) {
      if (ch === ":") {
        const next = this.buffer[i + 1];
        if (isEmpty(next) || (inFlow && next !== undefined && flowIndicatorChars.has(next))) break;
        end = i;
      } else if (isEmpty(ch)) {
        let next = this.buffer[i + 1];
        if (ch === "\r") {
          if (next === "\n") {
            i += 1;
            ch = "\n";
            next = this.buffer[i + 1];
          } else end = i;
        }
        if (next === "#" || (inFlow && next !== undefined && flowIndicatorChars.has(next))) break;
        if (ch === "\n") {
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2); // to advance, but still account for ' #'
        }
      } else {
        if (inFlow && flowIndicatorChars.has(ch)) break;
        end = i;
      }
    }
    this.out.push(SCALAR);
    this.pushToIndex(end + 1, true);
    return inFlow ? "flow" : "doc";
  }

  private pushCount(n: number): number {
    if (n > 0) {
      this.out.push(this.buffer.substr(this.pos, n));
      this.pos += n;
      return n;
    }
    return 0;
  }

  private pushToIndex(i: number, allowEmpty: boolean): number {
    const s = this.buffer.slice(this.pos, i);
    if (s !== "") {
      this.out.push(s);
      this.pos += s.length;
      return s.length;
    } else if (allowEmpty) {
      this.out.push("");
    }
    return 0;
  }

  private pushIndicators(): number {
    let n = 0;
    loop: for (;;) {
      switch (this.charAt(0)) {
        case "!":
          n += this.pushTag();
          n += this.pushSpaces(true);
          continue loop;
        case "&":
          n += this.pushUntil(isNotAnchorChar);
          n += this.pushSpaces(true);
          continue loop;
        case "-": // this is an error
        case "?": // this is an error outside flow collections
        case ":": {
          const inFlow = this.flowLevel > 0;
          const ch1 = this.charAt(1);
          if (isEmpty(ch1) || (inFlow && ch1 !== undefined && flowIndicatorChars.has(ch1))) {
            if (!inFlow) this.indentNext = this.indentValue + 1;
            else if (this.flowKey) this.flowKey = false;
            n += this.pushCount(1);
            n += this.pushSpaces(true);
            continue loop;
          }
        }
      }
      break loop;
    }
    return n;
  }

  private pushTag(): number {
    if (this.charAt(1) === "<") {
      let i = this.pos + 2;
      let ch = this.buffer[i];
      while (!isEmpty(ch) && ch !== ">") ch = this.buffer[++i];
      return this.pushToIndex(ch === ">" ? i + 1 : i, false);
    }
    let i = this.pos + 1;
    let ch = this.buffer[i];
    while (ch !== undefined) {
      if (tagChars.has(ch)) ch = this.buffer[++i];
      else if (ch === "%" && hexDigits.has(this.buffer[i + 1] ?? "") && hexDigits.has(this.buffer[i + 2] ?? "")) ch = this.buffer[(i += 3)];
      else break;
    }
    return this.pushToIndex(i, false);
  }

  private pushNewline(): number {
    const ch = this.buffer[this.pos];
    if (ch === "\n") return this.pushCount(1);
    if (ch === "\r" && this.charAt(1) === "\n") return this.pushCount(2);
    return 0;
  }

  private pushSpaces(allowTabs: boolean): number {
    let i = this.pos - 1;
    let ch: string | undefined;
    do {
      ch = this.buffer[++i];
    } while (ch === " " || (allowTabs && ch === "\t"));
    const n = i - this.pos;
    if (n > 0) {
      this.out.push(this.buffer.substr(this.pos, n));
      this.pos = i;
    }
    return n;
  }

  private pushUntil(test: (ch: string | undefined) => boolean): number {
    let i = this.pos;
    let ch = this.buffer[i];
    while (!test(ch)) ch = this.buffer[++i];
    return this.pushToIndex(i, false);
  }
}
