/**
 * What the XML thread is asked and answers (xml-thread.ts, xml-worker.ts): one function for both
 * sides, so the thread and the in-place fallback read a text the same way.
 */
import { readSearchPage, type DecodedObject, type SearchPage } from "./search-page.js";
import { parseXml } from "./xml.js";

export interface ParseRequest {
  readonly id: number;
  readonly text: string;
  readonly root: string;
  /** A search page of these objects, read and decoded whole (search-page.ts); absent, the tree alone. */
  readonly object?: DecodedObject;
}

/**
 * A tree comes back as JSON text: JSON.parse builds objects that share their shapes, where a
 * structured clone's objects made the decoding that reads them several times slower (profile). A
 * search page comes back decoded, as a structured clone: small flat objects, read no slower.
 */
export type ParseResult = { readonly id: number; readonly json: string | undefined } | { readonly id: number; readonly page: SearchPage<unknown> };

export function answerParse(request: ParseRequest): ParseResult {
  if (request.object !== undefined) return { id: request.id, page: readSearchPage(request.text, request.object) };
  const value = parseXml(request.text, request.root);
  return { id: request.id, json: value === undefined ? undefined : JSON.stringify(value) };
}
