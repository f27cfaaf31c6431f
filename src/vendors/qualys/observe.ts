/**
 * Observe in bulk (api.ts gives the call budget): option profiles and tags by name, every web app
 * and every schedule through one paged verbose search each, all at once, the searches ahead of the
 * lookups, which take a search's slot as soon as its last page has answered (free-slots.ts). Objects are matched to
 * addresses by the ids state recorded, else by exact name for an address state does not know.
 */
import { abortSiblingsOnFailure } from "../../core/abort.js";
import type { Address } from "../../core/address.js";
import type { Diagnostic, SourceLocation } from "../../core/errors.js";
import { digest } from "../../core/json.js";
import type { DesiredResource } from "../../manifest/model.js";
import type { StateEntry } from "../../state/model.js";
import type { Observation, ObservedObject, ObserveRequest } from "../driver.js";
import type { Named, WireSchedule } from "./api.js";
import type { QualysClient } from "./client.js";
import { inFreeSlots } from "./free-slots.js";
import type { Lookups } from "./lookups.js";
import { startSearch, type Prefetched, type SearchedObject } from "./prefetch.js";
import type { WireOf } from "./search-page.js";
import { fingerprint, scheduleSpec, webAppSpec, type AddressBook, type Normalised } from "./normalise.js";
import { appendAll } from "../../core/arrays.js";
import { inSlices, nextTurn } from "../../core/slices.js";

export interface ObserveDeps {
  readonly client: QualysClient;
  readonly lookups: Lookups;
  /** Requests the driver's HTTP client lets through at once. */
  readonly slots: number;
  /** Searches started ahead from the manifests (prefetch.ts); any not taken are started here. */
  readonly prefetched?: Prefetched;
}

interface Wire {
  readonly id: string;
  readonly name: string;
  readonly updatedDate: string | undefined;
}

const ofKind = <T extends { readonly kind: string }>(xs: readonly T[], kind: string): T[] => xs.filter((x) => x.kind === kind);
const specName = (r: DesiredResource): string => String(r.spec["name"] ?? r.name);
const tagsOf = (r: DesiredResource): readonly string[] => (r.spec["tags"] as readonly string[] | undefined) ?? [];

/** Settles as `p` fails, never as it succeeds: lets a race fail fast on work awaited later. */
const failureOf = (p: Promise<unknown>): Promise<never> => p.then(() => new Promise<never>(() => undefined));

export function observe(request: ObserveRequest, deps: ObserveDeps): Promise<Observation> {
  return abortSiblingsOnFailure(request.signal, (signal) => observeWith({ ...request, signal }, deps));
}

async function observeWith(req: ObserveRequest & { readonly signal: AbortSignal }, deps: ObserveDeps): Promise<Observation> {
  const profiles = ofKind(req.desired, "profile");
  const webApps = ofKind(req.desired, "webApp");
  const schedules = ofKind(req.desired, "schedule");
  const stateWebApps = ofKind(req.state, "webApp");
  const stateSchedules = ofKind(req.state, "schedule");
  const tagNames = [...new Set(webApps.flatMap(tagsOf))].sort();

  // The paged searches first, each page decoded where it is read (search-page.ts: off the main
  // thread for a large page), and the name lookups in the slots they leave free (free-slots.ts).
  const chains: Promise<unknown>[] = [];
  function search<K extends SearchedObject>(object: K, wanted: boolean): Promise<readonly WireOf[K][]> {
    if (!wanted) return Promise.resolve([]);
    const { pages, lastAnswer } = deps.prefetched?.take(object, req.signal) ?? startSearch(deps.client, object, req.signal);
    // The chain's slot is free once its last page has answered, not once that page is read.
    chains.push(Promise.race([lastAnswer, pages]));
    return pages;
  }
  const webAppSearch = search("webApp", webApps.length + stateWebApps.length > 0);
  // A web app leaving the manifests is deleted: the schedules are read to say which others target it.
  const desiredAddresses = new Set(webApps.map((w) => w.address));
  const deletesWebApp = stateWebApps.some((e) => !desiredAddresses.has(e.address));
  const scheduleSearch = search("schedule", schedules.length + stateSchedules.length > 0 || deletesWebApp);
  const lookups = inFreeSlots(
    [...profiles.map((p) => () => deps.lookups.find("profile", specName(p), req.signal)), ...tagNames.map((t) => () => deps.lookups.find("tag", t, req.signal))],
    deps.slots,
    chains,
  );
  const profileLookups = Promise.all(lookups.slice(0, profiles.length));
  const tagLookups = Promise.all(lookups.slice(profiles.length));
  // Objects are normalised while the tag lookups, which only check names, are still running.
  const [wireWebApps, wireSchedules, profileHits] = await Promise.race([Promise.all([webAppSearch, scheduleSearch, profileLookups]), failureOf(tagLookups)]);
  // The lookup that took the profile lookup's slot is written to its socket before the matching below holds the thread.
  await nextTurn();

  const diagnostics: Diagnostic[] = [];
  const objects: ObservedObject[] = [];

  const profileById = new Map<string, Address>();
  profiles.forEach((p, i) => {
    const hits = profileHits[i] ?? [];
    if (hits.length === 1) {
      const hit = hits[0]!;
      if (!profileById.has(hit.id)) profileById.set(hit.id, p.address);
      const spec = { name: hit.name };
      objects.push({ address: p.address, match: "name", ids: { id: hit.id }, spec, fingerprint: digest({ id: hit.id, spec }), notes: [] });
    } else diagnostics.push(nameProblem("option profile", specName(p), hits, p.address, p.source));
  });

  // Reported after the tag problems, which are only known later.
  const matchProblems: Diagnostic[] = [];
  const webAppMatches = match(webApps, stateWebApps, wireWebApps, "web app", matchProblems);
  // Only web apps Qualys still holds name an address: a schedule targeting one that is gone (deleted
  // in the console, about to be recreated with a new id) must show `id:<n>`, so the plan updates it.
  const present = new Set(wireWebApps.map((w) => w.id));
  const webAppById = new Map<string, Address>();
  for (const e of stateWebApps) if (e.ids["id"] !== undefined && present.has(e.ids["id"])) webAppById.set(e.ids["id"], e.address);
  for (const [address, w] of webAppMatches) if (!webAppById.has(w.id)) webAppById.set(w.id, address);
  const book: AddressBook = { profileById, webAppById };

  const scheduleMatches = match(schedules, stateSchedules, wireSchedules, "schedule", matchProblems);
  const usedBy = unmanagedTargeting(wireSchedules, scheduleMatches);
  appendAll(objects, await inSlices(webAppMatches, ([address, w, how]) => withUsers(observed(address, how, w, webAppSpec(w, book)), usedBy.get(w.id))));
  appendAll(objects, await inSlices(scheduleMatches, ([address, s, how]) => observed(address, how, s, scheduleSpec(s, book))));

  const complete = tagLookups.then((tagHits): Observation => {
    const tagProblems: Diagnostic[] = [];
    tagNames.forEach((name, i) => {
      const hits = tagHits[i] ?? [];
      if (hits.length === 1) return;
      for (const w of webApps.filter((x) => tagsOf(x).includes(name))) tagProblems.push(nameProblem("tag", name, hits, w.address, w.source));
    });
    return { objects, diagnostics: [...diagnostics, ...tagProblems, ...matchProblems] };
  });
  if (req.objectsFirst !== true) return complete;
  // The tag lookups only check names: the objects go to the caller now, the tag problems with `complete`.
  complete.catch(() => undefined);
  return { objects, diagnostics: [...diagnostics, ...matchProblems], complete };
}

/** By web app id: the schedules scanform does not manage that target it, as clauses for the plan's warning. */
function unmanagedTargeting(wire: readonly WireSchedule[], managed: readonly (readonly [Address, WireSchedule, "state" | "name"])[]): Map<string, string[]> {
  const claimed = new Set(managed.map(([, s]) => s.id));
  const out = new Map<string, string[]>();
  for (const s of wire) {
    if (claimed.has(s.id)) continue;
    const clause = `schedule ${JSON.stringify(s.name)} (id ${s.id}), which scanform does not manage, targets it; Qualys marks a schedule whose web app is gone invalid`;
    for (const id of new Set(s.webAppIds)) out.set(id, [...(out.get(id) ?? []), clause]);
  }
  return out;
}

const withUsers = (o: ObservedObject, users: readonly string[] | undefined): ObservedObject => (users === undefined ? o : { ...o, usedBy: users });

function observed(address: Address, how: "state" | "name", w: Wire, n: Normalised): ObservedObject {
  return { address, match: how, ids: { id: w.id }, spec: n.spec, fingerprint: fingerprint(w.id, w.updatedDate, n.spec), notes: n.notes };
}

/**
 * Pairs vendor objects with addresses: by the id state recorded, else by exact name for a desired
 * address state does not know (an adopt candidate, or a conflict the plan reports). A name held by
 * several vendor objects is reported instead of guessed.
 */
function match<W extends Wire>(desired: readonly DesiredResource[], state: readonly StateEntry[], wire: readonly W[], what: string, diagnostics: Diagnostic[]): [Address, W, "state" | "name"][] {
  const byId = new Map(wire.map((w) => [w.id, w]));
  const out: [Address, W, "state" | "name"][] = [];
  const known = new Set<Address>();
  for (const e of state) {
    known.add(e.address);
    const w = e.ids["id"] === undefined ? undefined : byId.get(e.ids["id"]);
    if (w !== undefined) out.push([e.address, w, "state"]);
  }
  const claimed = new Set(out.map(([, w]) => w.id));
  let byName: Map<string, W[]> | undefined;
  for (const r of desired) {
    if (known.has(r.address)) continue;
    byName ??= groupByName(wire);
    const hits = (byName.get(specName(r)) ?? []).filter((w) => !claimed.has(w.id));
    if (hits.length === 1) out.push([r.address, hits[0]!, "name"]);
    else if (hits.length > 1) diagnostics.push(nameProblem(what, specName(r), hits, r.address, r.source));
  }
  return out;
}

/** Vendor objects by name, each list in the vendor's order: one pass instead of a scan per resource. */
function groupByName<W extends Wire>(wire: readonly W[]): Map<string, W[]> {
  const out = new Map<string, W[]>();
  for (const w of wire) {
    const same = out.get(w.name);
    if (same === undefined) out.set(w.name, [w]);
    else same.push(w);
  }
  return out;
}

function nameProblem(what: string, name: string, hits: readonly Named[], address: Address, source: SourceLocation | undefined): Diagnostic {
  const base = { severity: "error" as const, ...(source === undefined ? {} : { source }) };
  if (hits.length === 0) {
    return {
      ...base,
      code: "VENDOR_NOT_FOUND",
      message: `${address}: no ${what} named "${name}" at Qualys.`,
      hint: what === "tag" ? "Create the tag in Qualys Asset Management, or fix its name; scanform does not create tags." : `Check the exact name of the ${what} in the Qualys console.`,
    };
  }
  return {
    ...base,
    code: "VENDOR_AMBIGUOUS",
    message: `${address}: ${hits.length} ${what}s are named "${name}" at Qualys (ids ${hits.map((h) => h.id).join(", ")}).`,
    hint: `Rename the duplicates in the Qualys console so that "${name}" names one ${what}.`,
  };
}
