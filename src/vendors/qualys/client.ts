/**
 * Typed QPS calls over the shared HTTP client: one request per call with the sheet's verb, path and
 * headers, the answer's responseCode checked every time, and ONE paged search for every object.
 */
import type { HttpClient } from "../../http/types.js";
import {
  ENVELOPE_ROOT,
  MAX_ANSWER_REFERENCES,
  PORTAL_VERSION,
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
import { DEFAULT_HTTP_LIMITS } from "../../http/limits.js";
import { quoteMasked, type Redactor } from "../../http/redact.js";
import { answerError, badPaging, tooManyAttributes, tooManyPages, tooManyReferences, transportError, type CallContext } from "./errors.js";
import { TooManyAttributes } from "./xml-read.js";
import { buildXml, parseXml, recordOf, referencesIn, textOf, type XmlIn, type XmlRecord } from "./xml.js";
import type { XmlReader } from "./xml-thread.js";
import { readSearchPage, type DecodedObject, type SearchPageReader, type WireOf } from "./search-page.js";
import { appendAll } from "../../core/arrays.js";

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
  searchAll(object: ObjectName, criteria: readonly Criterion[], options?: SearchOptions): Promise<readonly XmlRecord[]>;
  /** searchAll of web apps or schedules, each page decoded where it is read (search-page.ts). */
  searchObjects<K extends DecodedObject>(object: K, criteria: readonly Criterion[], options?: SearchOptions): Promise<readonly WireOf[K][]>;
  /** The ScanformError an unsuccessful answer stands for. */
  failure(answer: Answer, ctx: CallContext): Error;
  /** `GET /qps/rest/portal/version`: proves the login; resolves to the WAS version when the answer names one. */
  portalVersion(signal?: AbortSignal): Promise<string | undefined>;
}

interface Raw {
  readonly status: number;
  readonly body: string;
}

export interface SearchOptions {
  readonly signal?: AbortSignal;
  readonly address?: string;
  /**
   * Called once, when a page has answered and its head names no next page: the search will send
   * nothing more, so its slot is free for other calls while that page is still being read. Not
   * a promise of success: the read may yet refuse the page.
   */
  readonly onLastAnswer?: () => void;
}

export interface QualysClientDeps {
  readonly version: string;
  /** Masks credentials out of vendor text quoted in an error, after it is decoded (quoteMasked). */
  readonly redact: Redactor;
  /** Pages one search may take (HttpLimits.maxPages). */
  readonly maxPages?: number;
  /** Reads a search page (xml-thread.ts parses large ones off the main thread); parseXml in place by default. */
  readonly readXml?: XmlReader;
  /** Reads and decodes a web app or schedule search page (xml-thread.ts, off the main thread when large); in place by default. */
  readonly readSearchPage?: SearchPageReader;
}

/** A page as searchAll's loop takes it: the answer, and the objects with their `<id>` texts. */
interface PageRead<T> {
  readonly answer: Answer;
  readonly ids: readonly (string | undefined)[];
  readonly items: readonly T[];
}

export function createQualysClient(http: HttpClient, deps: QualysClientDeps): QualysClient {
  const headers = requestHeaders(deps.version);
  const maxPages = deps.maxPages ?? DEFAULT_HTTP_LIMITS.maxPages;
  const readXml: XmlReader = deps.readXml ?? (async (text, root) => parseXml(text, root));
  const readPage: SearchPageReader = deps.readSearchPage ?? (async (text, object) => readSearchPage(text, object));

  const contextOf = (action: Action, object: ObjectName, o: CallOptions): CallContext => ({
    operation: endpoint(action, object, o.id).operation,
    idempotent: o.idempotent,
    ...(o.address === undefined ? {} : { address: o.address }),
  });

  /**
   * Every answer passes here before any of it is parsed (the look-ahead's head included), so a body
   * that would cost far more to read than its bytes is refused at the cost of one scan.
   */
  const readable = (raw: Raw, ctx: CallContext): Raw => {
    if (referencesIn(raw.body, MAX_ANSWER_REFERENCES) > MAX_ANSWER_REFERENCES) throw tooManyReferences(ctx, MAX_ANSWER_REFERENCES);
    return raw;
  };

  async function request(action: Action, object: ObjectName, o: CallOptions): Promise<Raw> {
    const ep = endpoint(action, object, o.id);
    let raw: Raw;
    try {
      raw = await http.request({
        method: ep.method,
        path: ep.path,
        headers,
        ...(o.body === undefined ? {} : { body: buildXml(REQUEST_ROOT, o.body) }),
        idempotent: o.idempotent,
        operation: ep.operation,
        ...(o.signal === undefined ? {} : { signal: o.signal }),
      });
    } catch (e) {
      throw transportError(contextOf(action, object, o), e);
    }
    return readable(raw, contextOf(action, object, o));
  }

  function answerOf(raw: Raw, ctx: CallContext): Answer {
    try {
      return envelopeOf(raw, parseXml(raw.body, ENVELOPE_ROOT));
    } catch (e) {
      throw refused(ctx, e);
    }
  }
  const pageOf = async (raw: Raw): Promise<Answer> => envelopeOf(raw, await readXml(raw.body, ENVELOPE_ROOT));

  const send = async (action: Action, object: ObjectName, o: CallOptions): Promise<Answer> => answerOf(await request(action, object, o), contextOf(action, object, o));

  const failure = (answer: Answer, ctx: CallContext): Error => answerError(ctx, answer.status, answer.envelope, deps.redact);

  function succeeded(answer: Answer, action: Action, object: ObjectName, o: CallOptions): Envelope {
    const code = answer.envelope?.responseCode;
    if (answer.status === 200 && answer.envelope !== undefined && (code === SUCCESS || o.alsoDone?.includes(code ?? "") === true)) return answer.envelope;
    throw failure(answer, contextOf(action, object, o));
  }

  const call = async (action: Action, object: ObjectName, o: CallOptions): Promise<Envelope> => succeeded(await send(action, object, o), action, object, o);

  async function portalVersion(signal?: AbortSignal): Promise<string | undefined> {
    const ctx: CallContext = { operation: PORTAL_VERSION.operation, idempotent: true };
    let raw: Raw;
    try {
      raw = await http.request({ method: "GET", path: PORTAL_VERSION.path, headers, idempotent: true, operation: PORTAL_VERSION.operation, ...(signal === undefined ? {} : { signal }) });
    } catch (e) {
      throw transportError(ctx, e);
    }
    const answer = answerOf(readable(raw, ctx), ctx);
    if (answer.status !== 200 || answer.envelope?.responseCode !== SUCCESS) throw failure(answer, ctx);
    return textOf(recordOf(answer.envelope.data, PORTAL_VERSION.element), PORTAL_VERSION.versionField);
  }

  async function searchAll(object: ObjectName, criteria: readonly Criterion[], o: SearchOptions = {}): Promise<readonly XmlRecord[]> {
    return paged(object, criteria, o, async (raw) => {
      const answer = await pageOf(raw);
      // Taken only from a SUCCESS envelope: the loop checks the answer first.
      const items = answer.envelope === undefined ? [] : dataItems(answer.envelope, object);
      return { answer, ids: items.map((item) => textOf(item, "id")), items };
    });
  }

  function searchObjects<K extends DecodedObject>(object: K, criteria: readonly Criterion[], o: SearchOptions = {}): Promise<readonly WireOf[K][]> {
    return paged(object, criteria, o, async (raw) => {
      const page = await readPage(raw.body, object);
      return { answer: envelopeOf(raw, page.root), ids: page.ids, items: page.objects };
    });
  }

  /**
   * Every page of a search, in order, each asked for as soon as the previous page's envelope names its cursor, so the
   * full read of a page (off the main thread when it is large) overlaps the next request. The look-ahead is only a guess from the head of
   * the body: the fully read page decides, and a guess it does not confirm is cancelled and unsent
   * pages are never counted as read.
   */
  async function paged<T>(object: ObjectName, criteria: readonly Criterion[], o: SearchOptions, read: (raw: Raw) => Promise<PageRead<T>>): Promise<T[]> {
    const found: T[] = [];
    const pageOptions = (after: string | undefined, signal: AbortSignal | undefined): CallOptions => ({
      body: searchBody(object, after === undefined ? criteria : [...criteria, idGreater(after)]),
      idempotent: true,
      ...(o.address === undefined ? {} : { address: o.address }),
      ...(signal === undefined ? {} : { signal }),
    });
    let after: string | undefined;
    let told = false;
    const lastAnswered = (): void => {
      if (told) return;
      told = true;
      o.onLastAnswer?.();
    };
    // Told as the answer arrives, not when the loop reaches it: the loop may still be reading an earlier page.
    const ask = (cursor: string | undefined, signal: AbortSignal | undefined): Promise<Raw> =>
      request("search", object, pageOptions(cursor, signal)).then((raw) => {
        if (nextCursorIn(raw, cursor) === undefined) lastAnswered();
        return raw;
      });
    let current = ask(undefined, o.signal);
    for (let pages = 1; ; pages++) {
      const raw = await current;
      const ahead = lookAhead(raw, after, ask, o.signal);
      let next: string | undefined;
      const ctx: CallContext = { operation: endpoint("search", object).operation, idempotent: true, ...(o.address === undefined ? {} : { address: o.address }) };
      try {
        const got = await read(raw).catch((e: unknown) => {
          throw refused(ctx, e);
        });
        const page = succeeded(got.answer, "search", object, pageOptions(after, o.signal));
        // A page that goes back would make the paging endless, or a list that lacks objects.
        checkAdvances(got.ids, after, ctx, deps.redact);
        appendAll(found, got.items);
        // §3.2: "more records" with an empty page ends the search (a known quirk).
        const cursor = page.hasMoreRecords ? (page.lastId ?? got.ids.at(-1)) : undefined;
        if (got.items.length > 0 && cursor !== undefined) {
          checkAdvances([cursor], after, ctx, deps.redact);
          if (pages >= maxPages) throw tooManyPages(ctx, maxPages);
          next = cursor;
        }
      } finally {
        if (ahead !== undefined && (next === undefined || ahead.cursor !== next)) ahead.cancel();
      }
      if (next === undefined) return found;
      current = ahead !== undefined && ahead.cursor === next ? ahead.answer : ask(next, o.signal);
      after = next;
    }
  }

  return { portalVersion, send, call, searchAll, searchObjects, failure };
}

/** An answer the XML reader refused for its attributes, as this call's VENDOR_BAD_ANSWER; any other error as it is. */
const refused = (ctx: CallContext, e: unknown): unknown => (e instanceof TooManyAttributes ? tooManyAttributes(ctx, e.limit) : e);

const envelopeOf = (raw: Raw, root: XmlRecord | undefined): Answer => ({ status: raw.status, envelope: root === undefined ? undefined : decodeEnvelope(root) });

/** Qualys ids are integers; paging asks for `id GREATER after`, so every id must be above it. */
function checkAdvances(ids: readonly (string | undefined)[], after: string | undefined, ctx: CallContext, redact: Redactor): void {
  if (after === undefined) return;
  for (const given of ids) {
    const id = given ?? "";
    if (/^\d+$/.test(id) && /^\d+$/.test(after) && BigInt(id) > BigInt(after)) continue;
    // The id is vendor text, decoded from XML: masked, then cut, like any quoted in an error.
    throw badPaging(ctx, `id ${quoteMasked(redact, id, 40)} does not come after ${after}, the id the page was asked to start after`);
  }
}

interface Ahead {
  readonly cursor: string;
  readonly answer: Promise<Raw>;
  cancel(): void;
}

/**
 * The next page, asked for at once when the head of this page (the envelope before `<data>`) is a
 * SUCCESS with more records, a new lastId and objects. Reading the head costs nothing like reading
 * the page: it is a few hundred bytes.
 */
function lookAhead(raw: Raw, after: string | undefined, fetch: (cursor: string, signal: AbortSignal) => Promise<Raw>, signal: AbortSignal | undefined): Ahead | undefined {
  const cursor = nextCursorIn(raw, after);
  if (cursor === undefined) return undefined;
  const stop = new AbortController();
  const answer = fetch(cursor, signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]));
  // A cancelled guess is nobody's answer; its rejection must not go unhandled.
  answer.catch(() => undefined);
  return { cursor, answer, cancel: () => stop.abort() };
}

/** The next page's cursor as the head of this page names it: a SUCCESS with more records, a new lastId and objects. */
function nextCursorIn(raw: Raw, after: string | undefined): string | undefined {
  if (raw.status !== 200) return undefined;
  const head = envelopeHead(raw.body);
  if (head === undefined || head.responseCode !== SUCCESS || !head.hasMoreRecords || head.lastId === undefined || head.lastId === after) return undefined;
  return head.lastId;
}

/** The envelope's fields before `<data>`, when `<data>` opens with an object; undefined otherwise. */
function envelopeHead(body: string): Envelope | undefined {
  const data = /<data>\s*<[A-Za-z_:]/.exec(body);
  if (data === null) return undefined;
  let root: XmlRecord | undefined;
  try {
    root = parseXml(`${body.slice(0, data.index)}</${ENVELOPE_ROOT}>`, ENVELOPE_ROOT);
  } catch (e) {
    // No guess from a head the reader refuses: the full read of the page refuses it, for its call.
    if (e instanceof TooManyAttributes) return undefined;
    throw e;
  }
  return root === undefined ? undefined : decodeEnvelope(root);
}
