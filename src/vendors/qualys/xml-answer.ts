/**
 * What the XML thread is asked and answers (xml-thread.ts, xml-worker.ts): one function for both
 * sides, so the thread and the in-place fallback read a text the same way.
 */
import { readSearchPage, type DecodedObject, type SearchPage } from "./search-page.js";
import { parseXml } from "./xml.js";
import { TooManyAttributes } from "./xml-read.js";

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
export type ParseResult =
  | { readonly id: number; readonly json: string | undefined }
  | { readonly id: number; readonly page: SearchPage<unknown> }
  /** The text was refused for a tag past the attribute limit; `refusal` turns it back into the reader's error. */
  | { readonly id: number; readonly tooManyAttributes: number };

export function answerParse(request: ParseRequest): ParseResult {
  try {
    if (request.object !== undefined) return { id: request.id, page: readSearchPage(request.text, request.object) };
    const value = parseXml(request.text, request.root);
    return { id: request.id, json: value === undefined ? undefined : JSON.stringify(value) };
  } catch (e) {
    // An Error's class does not survive the thread's structured clone: sent as data, rebuilt by refusal().
    if (e instanceof TooManyAttributes) return { id: request.id, tooManyAttributes: e.limit };
    throw e;
  }
}

/** The reader's refusal a result carries, to be thrown where the answer was asked for; undefined for a read. */
export const refusal = (result: ParseResult): TooManyAttributes | undefined => ("tooManyAttributes" in result ? new TooManyAttributes(result.tooManyAttributes) : undefined);
