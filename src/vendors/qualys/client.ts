/**
 * Typed QPS calls over the shared HTTP client: one request per call with the sheet's verb, path and
 * headers, the answer's responseCode checked every time, and ONE paged search for every object.
 */
import type { HttpClient } from "../../http/types.js";
import {
  ENVELOPE_ROOT,
  REQUEST_ROOT,
  SUCCESS,
  dataItems,
  decodeEnvelope,
  endpoint,
  idGreater,
  requestHeaders,
  searchBody,
  type Action,
  type Criterion,
  type Envelope,
  type ObjectName,
} from "./api.js";
import { answerError, transportError, type CallContext } from "./errors.js";
import { buildXml, parseXml, textOf, type XmlIn, type XmlRecord } from "./xml.js";

export interface CallOptions {
  readonly id?: string;
  readonly body?: XmlIn;
  /** Reads and updates: true. Create and launch: false (settled by read-back, never resent). */
  readonly idempotent: boolean;
  readonly address?: string;
  readonly signal?: AbortSignal;
  /** responseCodes besides SUCCESS that the caller takes as done (a delete of what is gone). */
  readonly alsoDone?: readonly string[];
}

export interface Answer {
  readonly status: number;
  /** Undefined when the body is not a ServiceResponse. */
  readonly envelope: Envelope | undefined;
}

export interface QualysClient {
  /** The call's answer, whatever its responseCode; throws only on transport failure. */
  send(action: Action, object: ObjectName, options: CallOptions): Promise<Answer>;
  /** The SUCCESS envelope, or a classified ScanformError. */
  call(action: Action, object: ObjectName, options: CallOptions): Promise<Envelope>;
  /** Every object matching `criteria`, all pages: limitResults 1000 and `id GREATER lastId` (§3.2). */
  searchAll(object: ObjectName, criteria: readonly Criterion[], options?: { readonly signal?: AbortSignal; readonly address?: string }): Promise<readonly XmlRecord[]>;
  /** The ScanformError an unsuccessful answer stands for. */
  failure(answer: Answer, ctx: CallContext): Error;
}

export function createQualysClient(http: HttpClient, deps: { readonly version: string; readonly redact: (s: string) => string }): QualysClient {
  const headers = requestHeaders(deps.version);

  async function send(action: Action, object: ObjectName, o: CallOptions): Promise<Answer> {
    const ep = endpoint(action, object, o.id);
    const ctx: CallContext = { operation: ep.operation, idempotent: o.idempotent, ...(o.address === undefined ? {} : { address: o.address }) };
    let res;
    try {
      res = await http.request({
        method: ep.method,
        path: ep.path,
        headers,
        ...(o.body === undefined ? {} : { body: buildXml(REQUEST_ROOT, o.body) }),
        idempotent: o.idempotent,
        operation: ep.operation,
        ...(o.signal === undefined ? {} : { signal: o.signal }),
      });
    } catch (e) {
      throw transportError(ctx, e);
    }
    const root = parseXml(res.body, ENVELOPE_ROOT);
    return { status: res.status, envelope: root === undefined ? undefined : decodeEnvelope(root) };
  }

  const failure = (answer: Answer, ctx: CallContext): Error => answerError(ctx, answer.status, answer.envelope, deps.redact);

  async function call(action: Action, object: ObjectName, o: CallOptions): Promise<Envelope> {
    const answer = await send(action, object, o);
    const code = answer.envelope?.responseCode;
    if (answer.status === 200 && answer.envelope !== undefined && (code === SUCCESS || o.alsoDone?.includes(code ?? "") === true)) return answer.envelope;
    const ep = endpoint(action, object, o.id);
    throw failure(answer, { operation: ep.operation, idempotent: o.idempotent, ...(o.address === undefined ? {} : { address: o.address }) });
  }

  async function searchAll(object: ObjectName, criteria: readonly Criterion[], o: { readonly signal?: AbortSignal; readonly address?: string } = {}): Promise<readonly XmlRecord[]> {
    const found: XmlRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const filters = after === undefined ? criteria : [...criteria, idGreater(after)];
      const page = await call("search", object, { body: searchBody(object, filters), idempotent: true, ...o });
      const items = dataItems(page, object);
      found.push(...items);
      if (!page.hasMoreRecords) return found;
      const next = page.lastId ?? textOf(items.at(-1), "id");
      // §3.2: guard against "more records" with an empty page, or a cursor that does not move.
      if (items.length === 0 || next === undefined || next === after) return found;
      after = next;
    }
  }

  return { send, call, searchAll, failure };
}
