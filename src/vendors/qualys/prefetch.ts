/**
 * The paged searches observe makes, started from the manifests alone while the plan reads state
 * (VendorSession.prefetch): a manifest that declares web apps (or schedules) will search them
 * whatever state holds, and reading a large state takes a good part of a round trip. observe takes
 * each search over once; a search taken is cancelled with the read that took it.
 */
import type { DesiredResource } from "../../manifest/model.js";
import type { QualysClient } from "./client.js";
import type { XmlRecord } from "./xml.js";

export type SearchedObject = "webApp" | "schedule";

export interface StartedSearch {
  readonly pages: Promise<readonly XmlRecord[]>;
  /** Settles once the search's last page has answered, before it is read (SearchOptions.onLastAnswer). */
  readonly lastAnswer: Promise<void>;
}

export function startSearch(client: QualysClient, object: SearchedObject, signal: AbortSignal | undefined): StartedSearch {
  let answered!: () => void;
  const lastAnswer = new Promise<void>((resolve) => (answered = resolve));
  const pages = client.searchAll(object, [], { ...(signal === undefined ? {} : { signal }), onLastAnswer: answered });
  return { pages, lastAnswer };
}

export interface Prefetched {
  /** The search of `object` started ahead, once; from then on it is cancelled when `signal` aborts. */
  take(object: SearchedObject, signal: AbortSignal): StartedSearch | undefined;
}

export function prefetchSearches(client: QualysClient, desired: readonly DesiredResource[], signal: AbortSignal | undefined): Prefetched {
  const stop = new AbortController();
  const own = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  const started = new Map<SearchedObject, StartedSearch>();
  for (const object of ["webApp", "schedule"] as const) {
    if (!desired.some((r) => r.kind === object)) continue;
    const search = startSearch(client, object, own);
    // Nobody may take it (the state read failed): its failure is then nobody's to report.
    search.pages.catch(() => undefined);
    started.set(object, search);
  }
  return {
    take(object, taker) {
      const search = started.get(object);
      if (search === undefined) return undefined;
      started.delete(object);
      if (taker.aborted) stop.abort();
      else taker.addEventListener("abort", () => stop.abort(), { once: true });
      return search;
    },
  };
}
