/**
 * The ServiceResponse envelope (vendors/qualys.md §2.2, §4). Logical errors are HTTP 200 with a
 * non-SUCCESS responseCode; handlers throw QpsError and the router turns it into that answer.
 */
import type { EmuResponse } from "../core/types.js";
import { bare, document, el, elOf, text, type Out } from "./xml-out.js";

export type ResponseCode =
  | "SUCCESS"
  | "INVALID_REQUEST"
  | "INVALID_XML"
  | "INVALID_CREDENTIALS"
  | "UNAUTHORIZED"
  | "OBJECT_NOT_FOUND"
  | "LIMIT_EXCEEDED"
  | "INTERNAL_ERROR";

export class QpsError extends Error {
  constructor(
    readonly code: Exclude<ResponseCode, "SUCCESS">,
    message: string,
    readonly resolution?: string,
  ) {
    super(message);
  }
}

/** Which XSD a response names, by object (`webapp`, `wasscan`, ... or `am/tag`). */
export interface Envelope {
  readonly xsd: string;
  readonly host: string;
}

const XML_HEADERS = { "content-type": "application/xml;charset=UTF-8" } as const;

function root(env: Envelope, parts: readonly (Out | undefined)[]): Out {
  return {
    el: "ServiceResponse",
    attrs: {
      "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
      "xsi:noNamespaceSchemaLocation": `${env.host}/qps/xsd/${env.xsd}.xsd`,
    },
    kids: parts.filter((p): p is Out => p !== undefined),
  };
}

export interface Page {
  readonly items: readonly Out[];
  readonly hasMoreRecords?: boolean;
  readonly lastId?: number;
}

/** Success with objects. `<data>` is absent when there are none (§2.2 "Empty result"). */
export function success(env: Envelope, page: Page, status = 200): EmuResponse {
  const parts: (Out | undefined)[] = [bare("responseCode", "SUCCESS"), bare("count", page.items.length)];
  if (page.hasMoreRecords !== undefined) parts.push(bare("hasMoreRecords", page.hasMoreRecords));
  // The last page carries no lastId (§2.2).
  if (page.hasMoreRecords === true && page.lastId !== undefined) parts.push(bare("lastId", page.lastId));
  if (page.items.length > 0) parts.push(elOf("data", page.items));
  return { status, headers: XML_HEADERS, body: document(root(env, parts)) };
}

/** `count/...`: the number alone. */
export function countOnly(env: Envelope, count: number): EmuResponse {
  return { status: 200, headers: XML_HEADERS, body: document(root(env, [bare("responseCode", "SUCCESS"), bare("count", count)])) };
}

export function failure(env: Envelope, error: QpsError, status = 200, headers: Readonly<Record<string, string>> = {}): EmuResponse {
  const details = el(
    "responseErrorDetails",
    text("errorMessage", error.message),
    error.resolution === undefined ? undefined : text("errorResolution", error.resolution),
  );
  return { status, headers: { ...XML_HEADERS, ...headers }, body: document(root(env, [bare("responseCode", error.code), details])) };
}
