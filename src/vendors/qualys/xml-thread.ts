/**
 * Parses large answers on a worker thread (xml-worker.ts). A verbose page of 1,000 objects costs
 * 6-9 ms of CPU to read (xml-read.ts; ~90 ms with fast-xml-parser, when the worker came in); the
 * worker pays: with every page read in place, the no-op plan of 2,000+2,000 took 599 ms instead of
 * 511 (issue 14), as the main thread also sends the next requests and reads the other answers. A
 * page of web apps or schedules is decoded there too (search-page.ts), so the main thread gets
 * wire objects rather than a tree to JSON.parse and decode. Small answers are parsed
 * in place, where a round trip would cost more than the parse. One worker serves the process,
 * started on first use, and holds the process open only while a parse is pending. If it cannot
 * start or dies, answers are parsed in place: slower, never wrong. A text the reader refuses
 * (TooManyAttributes) rejects here as it would throw in place.
 */
import { Worker } from "node:worker_threads";
import { ENVELOPE_ROOT } from "./api.js";
import { readSearchPage, type DecodedObject, type SearchPage, type SearchPageReader, type WireOf } from "./search-page.js";
import { answerParse, refusal, type ParseRequest, type ParseResult } from "./xml-answer.js";
import { parseXml, type XmlRecord } from "./xml.js";

/** Answers at least this long go to the worker (a search page of 1,000 objects is ~0.5–1 MB). */
export const OFF_THREAD_BYTES = 128 * 1024;

export type XmlReader = (text: string, root: string) => Promise<XmlRecord | undefined>;

/** Where the worker's code sits: beside this file in src/, and at the same depth in the bundle (scripts/build.mjs). */
const WORKER_URL = import.meta.url.endsWith(".ts") ? new URL("../qualys/xml-worker.ts", import.meta.url) : new URL("../qualys/xml-worker.js", import.meta.url);

interface Pending {
  readonly request: ParseRequest;
  resolve(value: ParseResult): void;
}

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function fallBack(): void {
  broken = true;
  worker = undefined;
  for (const p of pending.values()) p.resolve(answerParse(p.request));
  pending.clear();
}

function started(): Worker | undefined {
  if (broken) return undefined;
  if (worker !== undefined) return worker;
  try {
    const w = WORKER_URL.pathname.endsWith(".ts") ? fromSource() : new Worker(WORKER_URL);
    w.on("message", (result: ParseResult) => {
      const p = pending.get(result.id);
      if (p === undefined) return;
      pending.delete(result.id);
      if (pending.size === 0) w.unref();
      p.resolve(result);
    });
    w.on("error", fallBack);
    w.on("exit", fallBack);
    // After the listeners: attaching a "message" listener holds the process open again.
    w.unref();
    worker = w;
    return w;
  } catch {
    fallBack();
    return undefined;
  }
}

/**
 * From source (tests, the bench) the worker is TypeScript: tsx loads it (a dev dependency, so only
 * there). Node 20 does not apply `--import tsx` to a worker's own entry, so it is imported by tsx's API.
 */
const fromSource = (): Worker =>
  new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(WORKER_URL.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true });

/** Starts the worker ahead of the first large answer, so its start overlaps the request's latency. */
export function warmXmlThread(): void {
  started();
}

/** Whether large answers are being read on the worker (false before first use, or after it failed). */
export const xmlThreadRunning = (): boolean => worker !== undefined;

/** The worker, for a text long enough to be worth the round trip; undefined: read it in place. */
const workerFor = (text: string): Worker | undefined => (text.length < OFF_THREAD_BYTES ? undefined : started());

function onWorker(w: Worker, request: Omit<ParseRequest, "id">): Promise<ParseResult> {
  return new Promise((resolve) => {
    const sent: ParseRequest = { ...request, id: nextId++ };
    pending.set(sent.id, { request: sent, resolve });
    w.ref();
    w.postMessage(sent);
  });
}

/** parseXml, on the worker for a large text. */
export const readXml: XmlReader = async (text, root) => {
  const w = workerFor(text);
  if (w === undefined) return parseXml(text, root);
  const result = await onWorker(w, { text, root });
  const refused = refusal(result);
  if (refused !== undefined) throw refused;
  return "json" in result && result.json !== undefined ? (JSON.parse(result.json) as XmlRecord) : undefined;
};

/** readSearchPage, on the worker for a large page. */
export const readSearchPageOffThread: SearchPageReader = async <K extends DecodedObject>(text: string, object: K): Promise<SearchPage<WireOf[K]>> => {
  const w = workerFor(text);
  if (w === undefined) return readSearchPage(text, object);
  const result = await onWorker(w, { text, root: ENVELOPE_ROOT, object });
  const refused = refusal(result);
  if (refused !== undefined) throw refused;
  if (!("page" in result)) throw new Error(`the XML thread answered a ${object} page with a tree`);
  // readSearchPage ran for this object, on the worker or here after it failed: the page holds its wire objects.
  return result.page as SearchPage<WireOf[K]>;
};
