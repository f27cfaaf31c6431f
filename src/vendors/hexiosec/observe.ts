/**
 * Observe: two list calls (scan groups, scans) and one seed list per scan that matters, all
 * concurrent under the client's cap. Hexiosec has no bulk seed read, so seeds cost one call per
 * observed scan (its floor); scans and groups never cost more than their list call. The seed lists
 * of the scans state knows are asked for right behind the two lists rather than after their
 * answers, so the client's slots are full from the first call, and each list is read into what the
 * plan compares as it lands, while the others are in flight, instead of all at the end.
 */
import { abortSiblingsOnFailure } from "../../core/abort.js";
import type { Address } from "../../core/address.js";
import type { Diagnostic } from "../../core/errors.js";
import { digest, type JsonObject } from "../../core/json.js";
import type { DesiredResource, HexiosecScanSpec } from "../../manifest/model.js";
import type { StateEntry } from "../../state/model.js";
import type { Observation, ObservedObject, ObserveRequest } from "../driver.js";
import type { ScanGroupWire, ScanWire, SeedWire } from "./api.js";
import type { HexiosecClient } from "./client.js";
import { findGroup, groupAsWritten, groupSpellings } from "./groups.js";
import type { PrefetchedLists } from "./prefetch.js";
import { unmanagedHeld, unmanagedNote, viewSeeds, type SeedView } from "./seeds.js";

export const SCAN_KIND = "scan";

interface Target {
  readonly address: Address;
  desired?: DesiredResource;
  state?: StateEntry;
}

interface Match {
  readonly target: Target;
  readonly scan: ScanWire;
  readonly match: "state" | "name";
}

/** `ahead`: the lists prefetch() started, if any; observe lists for itself otherwise. */
export function observeScans(client: HexiosecClient, request: ObserveRequest, ahead?: PrefetchedLists): Promise<Observation> {
  return abortSiblingsOnFailure(request.signal, (signal) => observeWith(client, { ...request, signal }, ahead));
}

async function observeWith(client: HexiosecClient, request: ObserveRequest & { readonly signal: AbortSignal }, ahead: PrefetchedLists | undefined): Promise<Observation> {
  const signal = request.signal;
  const o = { signal };
  const targets = collectTargets(request);
  const seedReads = new Map<string, Promise<SeedsRead>>();
  const readSeeds = (scanId: string, target: Target): Promise<SeedsRead> => {
    let read = seedReads.get(scanId);
    if (read === undefined) {
      const wanted = (target.desired?.spec as HexiosecScanSpec | undefined)?.seeds;
      read = client.listSeeds(scanId, { ...o, address: target.address }).then((seeds) => prepareSeeds(seeds, wanted));
      // A scan state names may be gone at Hexiosec; its seed list is then nobody's answer.
      read.catch(() => undefined);
      seedReads.set(scanId, read);
    }
    return read;
  };
  // The lists go first: queued behind a hundred seed lists, they answered last, one after the
  // other (the client's slots are taken in the order asked), and every comparison waited for them.
  const started = ahead?.take(signal);
  const lists = Promise.all(started === undefined ? [client.listGroups(o), client.listScans(o)] : [started.groups, started.scans]);
  for (const t of targets) if (t.state?.ids.id !== undefined) void readSeeds(t.state.ids.id, t);
  const [groups, scans] = await lists;
  const diagnostics: Diagnostic[] = [];
  const matches: Match[] = [];

  const byId = new Map(scans.map((s) => [s.id, s]));
  const byName = new Map<string, ScanWire[]>();
  for (const s of scans) {
    const same = byName.get(s.name);
    if (same === undefined) byName.set(s.name, [s]);
    else same.push(s);
  }
  // A scan state gives to one address is never offered to another by name (e.g. across a `moved:`).
  const claimed = new Set(request.state.map((e) => e.ids.id).filter((id): id is string => id !== undefined));

  for (const target of targets) {
    const spec = target.desired?.spec as HexiosecScanSpec | undefined;
    if (spec !== undefined) {
      const group = findGroup(groups, spec.group);
      if (!group.ok) diagnostics.push(diagnostic(target.desired!, group.reason === "missing" ? "VENDOR_NOT_FOUND" : "VENDOR_AMBIGUOUS", group.message, groupHint));
    }
    const stateId = target.state?.ids.id;
    if (stateId !== undefined) {
      const scan = byId.get(stateId);
      if (scan !== undefined) matches.push({ target, scan, match: "state" });
      continue;
    }
    if (spec === undefined) continue;
    const named = (byName.get(spec.name) ?? []).filter((s) => !claimed.has(s.id));
    if (named.length === 1) matches.push({ target, scan: named[0]!, match: "name" });
    if (named.length > 1) {
      diagnostics.push(
        diagnostic(
          target.desired!,
          "VENDOR_AMBIGUOUS",
          `${named.length} Hexiosec scans are named ${JSON.stringify(spec.name)} (${named.map((s) => s.id).join(", ")}), so scanform cannot tell which one ${target.address} is`,
          "Rename or delete the extra scans in the Hexiosec app, or give this scan another `name:`.",
        ),
      );
    }
  }

  const objects = await Promise.all(matches.map(async (m) => observed(m, await readSeeds(m.scan.id, m.target), groups)));
  return { objects, diagnostics };
}

const groupHint = "Write the scan group's exact name or its UUID, as shown in the Hexiosec app; the API key's user must have a role in it.";

function collectTargets(request: ObserveRequest): Target[] {
  const targets = new Map<Address, Target>();
  const at = (address: Address): Target => {
    let t = targets.get(address);
    if (t === undefined) targets.set(address, (t = { address }));
    return t;
  };
  for (const d of request.desired) if (d.kind === SCAN_KIND) at(d.address).desired = d;
  for (const s of request.state) if (s.kind === SCAN_KIND) at(s.address).state = s;
  return [...targets.values()];
}

/** A scan's seeds as the plan compares them, and as its fingerprint holds them. */
interface SeedsRead {
  readonly view: SeedView;
  readonly printed: readonly JsonObject[];
}

function prepareSeeds(seeds: readonly SeedWire[], wanted: readonly string[] | undefined): SeedsRead {
  const printed = [...seeds]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({ id: s.id, name: s.name, type: (s.type ?? "").toLowerCase(), tags: [...(s.tags ?? [])].sort() }));
  return { view: viewSeeds(seeds, wanted), printed };
}

function observed(m: Match, seeds: SeedsRead, groups: readonly ScanGroupWire[]): ObservedObject {
  const written = (m.target.desired?.spec ?? m.target.state?.spec) as Partial<HexiosecScanSpec> | undefined;
  const view = seeds.view;
  const spec: HexiosecScanSpec = {
    name: m.scan.name,
    group: groupAsWritten(groups, m.scan.scan_group_id, written?.group),
    type: m.scan.type as HexiosecScanSpec["type"],
    seeds: view.values,
    enabled: m.scan.enabled,
    dnsNamelist: m.scan.dns_namelist,
    ignoreIpNodes: m.scan.ignore_ip_nodes,
  };
  const note = unmanagedNote(view.unmanaged);
  // What a delete or replace takes with it: an untagged seed the manifest lists is one the new scan gets too.
  const listed = new Set((m.target.desired?.spec["seeds"] as readonly string[] | undefined) ?? []);
  const lost = view.unmanaged.filter((v) => !listed.has(v));
  const group = groupSpellings(groups, m.scan.scan_group_id, [m.target.desired?.spec["group"], m.target.state?.spec["group"]]);
  return {
    address: m.target.address,
    match: m.match,
    ids: { id: m.scan.id },
    spec: spec as unknown as JsonObject,
    fingerprint: fingerprint(m.scan, seeds.printed),
    notes: note === undefined ? [] : [note],
    sameAs: [{ field: "group", values: group }],
    unowned: [{ field: "seeds", values: view.unmanaged }],
    ...(lost.length === 0 ? {} : { holds: [unmanagedHeld(lost)] }),
  };
}

/** Everything the vendor holds for the scan (untagged seeds too), so any change there moves it. */
function fingerprint(scan: ScanWire, seeds: readonly JsonObject[]): string {
  return digest({
    id: scan.id,
    name: scan.name,
    type: scan.type,
    scan_group_id: scan.scan_group_id,
    enabled: scan.enabled,
    dns_namelist: scan.dns_namelist,
    ignore_ip_nodes: scan.ignore_ip_nodes,
    seeds,
  });
}

function diagnostic(d: DesiredResource, code: string, message: string, hint: string): Diagnostic {
  return { code, severity: "error", message: `${d.address}: ${message}`, hint, source: d.source };
}
