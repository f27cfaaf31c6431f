/**
 * The XML mechanics of the driver: requests written with fast-xml-parser's builder (key order is
 * element order, text in CDATA), answers validated and parsed with entity processing off and no
 * DTD handling (DESIGN.md Security), then flattened to a plain tree of strings. The validator pass
 * costs ~10% of reading a page and is what refuses a truncated or mismatched body (the parser
 * accepts both), so it stays. The parser gives its ordered output (`preserveOrder`) with no jPath
 * strings: its default object output walks every node a second time and builds a path string per
 * element, ~45% of a 1,000-object page between them (issue 14's profile), and the flattening here
 * walks the tree once anyway.
 * Parsing costs far more than the bytes for character references (~80 times theirs), so the
 * client counts them with `referencesIn` and refuses a body past api.ts's limit before parsing it.
 * Which elements exist and in what order is api.ts's business, not this file's.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { ownEntry } from "../../core/own.js";

export type XmlValue = string | XmlRecord | readonly XmlValue[];
export interface XmlRecord {
  readonly [name: string]: XmlValue;
}

/** What the builder is given: nested objects in element order; `cdata()` for text. */
export type XmlIn = string | number | boolean | { readonly [name: string]: XmlIn | undefined } | readonly XmlIn[];

const CDATA = "__cdata";
const TEXT = "#text";

/** Free text goes in CDATA, as the real API writes it (vendors/qualys.md §1.4). */
export const cdata = (value: string): XmlIn => ({ [CDATA]: value });

/** An element with attributes and text, e.g. `<Criteria field=".." operator="..">v</Criteria>`. */
export const withAttributes = (attributes: Readonly<Record<string, string>>, value: string): XmlIn => ({
  ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${k}`, v])),
  [TEXT]: value,
});

const builder = new XMLBuilder({ cdataPropName: CDATA, textNodeName: TEXT, ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false });

export function buildXml(root: string, body: XmlIn): string {
  return builder.build({ [root]: prune(body) }) as string;
}

/** Drops absent optional elements, so a partial update sends only what it names. */
function prune(v: XmlIn): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, XmlIn | undefined>)) if (x !== undefined) out[k] = prune(x);
  return out;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  cdataPropName: CDATA,
  textNodeName: TEXT,
  ignoreDeclaration: true,
  ignorePiTags: true,
  preserveOrder: true,
  jPath: false,
});

/** The parser's ordered output: each node has one key, an element's name (its children), TEXT or CDATA. */
type Ordered = readonly Readonly<Record<string, unknown>>[];

/** What the parser names an element called `__proto__`, which must never become a key. */
const RENAMED_PROTO = "#__proto__";

/**
 * How many `&` the text holds (in CDATA too), counted no further than `stopAfter + 1`: enough to
 * tell that a limit is passed without walking a hostile body to its end.
 */
export function referencesIn(text: string, stopAfter: number): number {
  let count = 0;
  for (let at = text.indexOf("&"); at !== -1 && count <= stopAfter; at = text.indexOf("&", at + 1)) count++;
  return count;
}

/**
 * The root element's content as a plain tree, or undefined when the text is not well-formed XML
 * with that root (an HTML error page, a proxy's answer). A DOCTYPE is never honoured: entities
 * other than the five predefined ones and character references stay as written.
 */
export function parseXml(text: string, root: string): XmlRecord | undefined {
  if (!text.trimStart().startsWith("<") || XMLValidator.validate(text) !== true) return undefined;
  let parsed: Ordered;
  try {
    parsed = parser.parse(text) as Ordered;
  } catch {
    // The parser refuses some names (its own text and CDATA keys) by throwing; for us that is simply not a valid answer.
    return undefined;
  }
  const roots = parsed.filter((node) => Object.hasOwn(node, root));
  // Two roots are not one answer (the validator lets a second one through).
  if (roots.length !== 1) return undefined;
  const content = roots[0]![root];
  const plain = flatten(content as Ordered);
  return plain === undefined ? undefined : typeof plain === "string" ? {} : plain;
}

/**
 * An element's children as a string (only text and CDATA) or a record (repeated names as arrays,
 * text beside elements dropped); undefined when a name could reach an object's prototype.
 */
function flatten(children: Ordered): string | XmlRecord | undefined {
  let text = "";
  let out: Record<string, XmlValue> | undefined;
  for (const node of children) {
    for (const name in node) {
      const value = node[name];
      if (name === TEXT) text += decodeText(String(value));
      else if (name === CDATA) text += (value as Ordered).map((t) => String(t[TEXT] ?? "")).join("");
      else {
        if (name === RENAMED_PROTO || name === "__proto__") return undefined;
        const child = flatten(value as Ordered);
        if (child === undefined) return undefined;
        out ??= {};
        const before = out[name];
        if (before === undefined) out[name] = child;
        else if (Array.isArray(before)) (before as XmlValue[]).push(child);
        else out[name] = [before, child];
      }
    }
  }
  return out ?? text;
}

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The predefined XML entities and character references; anything else is left untouched. */
function decodeText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return ownEntry(NAMED, ref) ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// ----- reading the plain tree -----

export const textOf = (r: XmlRecord | undefined, name: string): string | undefined => {
  const v = r?.[name];
  return typeof v === "string" ? v : undefined;
};

export const recordOf = (r: XmlRecord | undefined, name: string): XmlRecord | undefined => {
  const v = r?.[name];
  return v !== undefined && typeof v === "object" && !Array.isArray(v) ? (v as XmlRecord) : undefined;
};

/** Elements that may appear once or many times, always as an array. */
export function recordsOf(r: XmlRecord | undefined, name: string): readonly XmlRecord[] {
  const v = r?.[name];
  if (v === undefined) return [];
  const all = Array.isArray(v) ? (v as readonly XmlValue[]) : [v];
  return all.map((x) => (typeof x === "object" && !Array.isArray(x) ? (x as XmlRecord) : {}));
}

export function textsOf(r: XmlRecord | undefined, name: string): readonly string[] {
  const v = r?.[name];
  if (v === undefined) return [];
  const all = Array.isArray(v) ? (v as readonly XmlValue[]) : [v];
  return all.filter((x): x is string => typeof x === "string");
}
