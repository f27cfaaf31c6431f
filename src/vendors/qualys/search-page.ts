/**
 * A page of the paged web app and schedule searches, read whole where it is parsed: the envelope
 * (without its `<data>`), and each object's id and wire form. Pages of 1,000 objects are read on the
 * XML thread (xml-thread.ts), so the main thread receives wire objects, not the page's tree: the
 * tree came back as 0.5-0.7 MB of JSON, and parsing it and decoding its objects took 8-19 ms of the
 * main thread a page, with the garbage collector's share after, while the plan's next lookups
 * waited to be sent and read (a no-op plan of 2,000 + 2,000, issue 14). The wire objects are passed
 * as a structured clone, which keeps every value decode gives (NaN, undefined) as it is.
 */
import { ENVELOPE_ROOT, OBJECTS, decodeSchedule, decodeWebApp, type WireSchedule, type WireWebApp } from "./api.js";
import { parseXml, recordOf, recordsOf, textOf, type XmlRecord } from "./xml.js";

/** The objects whose searches are read this way, by the decoder of each. */
const DECODERS = { webApp: decodeWebApp, schedule: decodeSchedule } as const;

export type DecodedObject = keyof typeof DECODERS;

export interface WireOf {
  readonly webApp: WireWebApp;
  readonly schedule: WireSchedule;
}

export interface SearchPage<W> {
  /** The envelope's fields but `<data>`: success, paging and error details. Undefined when the body is not a ServiceResponse. */
  readonly root: XmlRecord | undefined;
  /** Each object's `<id>` text, in page order (undefined where it has none), for the paging checks. */
  readonly ids: readonly (string | undefined)[];
  readonly objects: readonly W[];
}

export type SearchPageReader = <K extends DecodedObject>(text: string, object: K) => Promise<SearchPage<WireOf[K]>>;

export function readSearchPage<K extends DecodedObject>(text: string, object: K): SearchPage<WireOf[K]> {
  const root = parseXml(text, ENVELOPE_ROOT);
  if (root === undefined) return { root, ids: [], objects: [] };
  const items = recordsOf(recordOf(root, "data"), OBJECTS[object].element);
  const { data: _objects, ...head } = root;
  const decode = DECODERS[object] as (r: XmlRecord) => WireOf[K];
  return { root: head, ids: items.map((r) => textOf(r, "id")), objects: items.map(decode) };
}
