/**
 * The XML mechanics of the driver: requests written with fast-xml-parser's builder (key order is
 * element order, text in CDATA); answers read by xml-read.ts, strictly and with nothing expanded
 * (DESIGN.md Security), to a plain tree of strings.
 * Reading costs far more than the bytes for character references, so the client counts them with
 * `referencesIn` and refuses a body past api.ts's limit before reading it.
 * Which elements exist and in what order is api.ts's business, not this file's.
 */
import { XMLBuilder } from "fast-xml-parser";

export { parseXml } from "./xml-read.js";

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
 * How many `&` the text holds (in CDATA too), counted no further than `stopAfter + 1`: enough to
 * tell that a limit is passed without walking a hostile body to its end.
 */
export function referencesIn(text: string, stopAfter: number): number {
  let count = 0;
  for (let at = text.indexOf("&"); at !== -1 && count <= stopAfter; at = text.indexOf("&", at + 1)) count++;
  return count;
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
