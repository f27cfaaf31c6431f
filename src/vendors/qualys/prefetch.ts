/**
 * The paged searches observe makes, started from the manifests alone while the plan reads state
 * (VendorSession.prefetch): a manifest that declares web apps (or schedules) will search them
 * whatever state holds, and reading a large state takes a good part of a round trip. observe takes
 * each search over once; a search taken is cancelled with the read that took it.
 */
import { startAhead } from "../../core/abort.js";
import type { DesiredResource } from "../../manifest/model.js";
import type { QualysClient } from "./client.js";
import type { DecodedObject, WireOf } from "./search-page.js";

export type SearchedObject = DecodedObject;

export interface StartedSearch<K extends SearchedObject> {
  /** Every object found, decoded. */
  readonly pages: Promise<readonly WireOf[K][]>;
  /** Settles once the search's last page has answered, before it is read (SearchOptions.onLastAnswer). */
  readonly lastAnswer: Promise<void>;
}

export function startSearch<K extends SearchedObject>(client: QualysClient, object: K, signal: AbortSignal | undefined): StartedSearch<K> {
  let answered!: () => void;
  const lastAnswer = new Promise<void>((resolve) => (answered = resolve));
  const pages = client.searchObjects(object, [], { ...(signal === undefined ? {} : { signal }), onLastAnswer: answered });
  return { pages, lastAnswer };
}

export interface Prefetched {
  /** The search of `object` started ahead, once; from then on it is cancelled when `signal` aborts. */
  take<K extends SearchedObject>(object: K, signal: AbortSignal): StartedSearch<K> | undefined;
}

type Started = { [K in SearchedObject]?: StartedSearch<K> };

export function prefetchSearches(client: QualysClient, desired: readonly DesiredResource[], signal: AbortSignal | undefined): Prefetched {
  const ahead = startAhead(signal);
  const started: Started = {};
  const start = <K extends SearchedObject>(object: K): StartedSearch<K> | undefined => {
    if (!desired.some((r) => r.kind === object)) return undefined;
    const search = startSearch(client, object, ahead.signal);
    // Nobody may take it (the state read failed): its failure is then nobody's to report.
    search.pages.catch(() => undefined);
    return search;
  };
  started.webApp = start("webApp");
  started.schedule = start("schedule");
  return {
    take<K extends SearchedObject>(object: K, taker: AbortSignal) {
      const search = started[object] as StartedSearch<K> | undefined;
      if (search === undefined) return undefined;
      delete started[object];
      ahead.takenBy(taker);
      return search;
    },
  };
}
