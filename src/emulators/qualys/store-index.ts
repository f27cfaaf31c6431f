/**
 * Indexes of the tenant's store for one answer: a search page renders up to 1,000 objects, and
 * each looked its web app, profile, tags, schedules and last scan up by a scan of the whole store,
 * so a page of 2,000 web apps and 2,000 schedules cost ~2 million comparisons and 25–65 ms, spent
 * after the latency and billed to the client as vendor time (issue 14). Each map is built on first
 * use from the store as it is now, and answers exactly as the scan it replaces (the first object
 * with an id; the last scan by launch time, the later one on a tie). Never kept past the answer:
 * the store changes between requests.
 */
import type { ProfileRecord, ScanRecord, Store, WebAppRecord } from "./store.js";

export interface StoreIndex {
  webApp(id: number): WebAppRecord | undefined;
  profile(id: number): ProfileRecord | undefined;
  tagName(id: number): string | undefined;
  /** Whether any schedule targets the web app. */
  isScheduled(webAppId: number): boolean;
  /** The web app's latest scan by launch time. */
  lastScan(webAppId: number): ScanRecord | undefined;
}

/** id → the first object with it, as `objects.find` would pick. */
function firstById<T extends { readonly id: number }>(objects: readonly T[]): Map<number, T> {
  const out = new Map<number, T>();
  for (const o of objects) if (!out.has(o.id)) out.set(o.id, o);
  return out;
}

export function indexStore(store: Store): StoreIndex {
  let webApps: Map<number, WebAppRecord> | undefined;
  let profiles: Map<number, ProfileRecord> | undefined;
  let tags: Map<number, string> | undefined;
  let scheduled: Set<number> | undefined;
  let lastScans: Map<number, ScanRecord> | undefined;
  return {
    webApp: (id) => (webApps ??= firstById(store.webApps)).get(id),
    profile: (id) => (profiles ??= firstById(store.profiles)).get(id),
    tagName: (id) => (tags ??= new Map([...firstById(store.tags)].map(([k, t]) => [k, t.name]))).get(id),
    isScheduled(webAppId) {
      scheduled ??= new Set(store.schedules.flatMap((s) => s.target.webAppIds));
      return scheduled.has(webAppId);
    },
    lastScan(webAppId) {
      if (lastScans === undefined) {
        lastScans = new Map();
        for (const s of store.scans) {
          const before = lastScans.get(s.webApp.id);
          if (before === undefined || s.launchedAt >= before.launchedAt) lastScans.set(s.webApp.id, s);
        }
      }
      return lastScans.get(webAppId);
    },
  };
}
