/**
 * The XML mechanics of the driver: requests written with fast-xml-parser's builder (key order is
 * element order, text in CDATA), answers read by xml-parse.ts in one strict pass with no entity
 * expansion and no DTD handling (DESIGN.md Security) into a plain tree of strings. Which elements
 * exist and in what order is api.ts's business, not this file's.
 */
import { XMLBuilder } from "fast-xml-parser";
import { parseDocument } from "./xml-parse.js";

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

/**
 * The root element's content as a plain tree, or undefined when the text is not well-formed XML
 * with that root (an HTML error page, a proxy's answer, a truncated body). xml-parse.ts says what
 * the tree looks like and why no entity is ever expanded.
 */
export function parseXml(text: string, root: string): XmlRecord | undefined {
  const doc = parseDocument(text);
  if (doc === undefined || doc.root !== root) return undefined;
  return typeof doc.content === "string" ? {} : (doc.content as XmlRecord);
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
