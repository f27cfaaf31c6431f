/**
 * All documents → one configuration. The checks that need every file at once live here: one
 * declaration per address and per settings block, references that resolve, vendor-side names
 * that do not collide, and `moved` entries that make sense.
 */
import { parseAddress, type Address } from "../core/address.js";
import { formatLocation, type Diagnostic, type SourceLocation } from "../core/errors.js";
import { createHash } from "node:crypto";
import { canonicalJson, digestOfCanonical } from "../core/json.js";
import { scansWithoutProfile } from "./build-qualys.js";
import { MANIFEST_CODES, type ManifestCode } from "./codes.js";
import type { DocumentPart } from "./document.js";
import type { Desired, DesiredResource, Moved, StateSettings, VendorSettings } from "./model.js";
import { resolveAcceptances } from "./build-accept.js";
import { quote } from "./quote.js";
import { checkScope, type Scope } from "./scope.js";
import type { Suggester } from "./suggest.js";
import { appendAll } from "../core/arrays.js";

const finding = (code: ManifestCode, message: string, source: SourceLocation, hint: string = MANIFEST_CODES[code]): Diagnostic => ({
  code,
  severity: "error",
  message,
  hint,
  source,
});

export interface Combined {
  readonly desired: Desired;
  readonly diagnostics: readonly Diagnostic[];
}

/** `today` (YYYY-MM-DD, UTC) decides which scope exceptions have expired. */
export function combine(files: readonly string[], parts: readonly DocumentPart[], today: string, suggest: Suggester): Combined {
  const diagnostics: Diagnostic[] = [];
  const resources = new Map<Address, DesiredResource>();
  const vendors = new Map<string, { value: VendorSettings; source: SourceLocation }>();
  let state: StateSettings | undefined;
  let scope: Scope | undefined;

  for (const part of parts) {
    for (const [vendor, settings] of part.vendors) {
      const first = vendors.get(vendor);
      if (first) diagnostics.push(finding("MANIFEST_DUPLICATE_BLOCK", `vendors.${vendor} is also declared at ${formatLocation(first.source)}`, settings.source));
      else vendors.set(vendor, settings);
    }
    if (part.state) {
      if (state?.source) diagnostics.push(finding("MANIFEST_DUPLICATE_BLOCK", `state is also declared at ${formatLocation(state.source)}`, part.state.source!));
      else state = part.state;
    }
    if (part.scope) {
      if (scope) diagnostics.push(finding("MANIFEST_DUPLICATE_BLOCK", `scope is also declared at ${formatLocation(scope.source)}`, part.scope.source));
      else scope = part.scope;
    }
    for (const resource of part.resources) {
      const first = resources.get(resource.address);
      if (first) diagnostics.push(finding("MANIFEST_DUPLICATE_ADDRESS", `${resource.address} is also declared at ${formatLocation(first.source)}`, resource.source));
      else resources.set(resource.address, resource);
    }
  }

  appendAll(diagnostics, unresolvedReferences(parts, resources, suggest), collidingNames(resources));
  for (const { scan, webApp } of scansWithoutProfile(resources)) {
    diagnostics.push(finding("MANIFEST_QUALYS_NO_PROFILE", `${scan.address} names no profile and ${webApp} has no defaultProfile, so Qualys would not know which option profile to use`, scan.source));
  }
  const moved = checkMoved(parts, resources, diagnostics);
  const scoped = parts.flatMap((p) => p.scoped);
  appendAll(diagnostics, checkScope(scope, scoped, today));
  const accepted = resolveAcceptances(parts.flatMap((p) => p.acceptances), resources, today);
  appendAll(diagnostics, accepted.diagnostics);

  const sorted = [...resources.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const vendorSettings = Object.fromEntries([...vendors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([v, s]) => [v, s.value]));
  const stateSettings: StateSettings = state ?? { backend: "local" };
  const digests = configurationDigest(vendorSettings, stateSettings, moved, sorted);
  return {
    desired: {
      files,
      digest: digests.configuration,
      vendors: vendorSettings,
      state: stateSettings,
      moved,
      resources: sorted,
      specDigests: digests.specs,
      scope: { declared: scope !== undefined, checked: scope === undefined ? 0 : scoped.length },
      acceptances: accepted.acceptances,
    },
    diagnostics,
  };
}

function unresolvedReferences(parts: readonly DocumentPart[], resources: ReadonlyMap<Address, DesiredResource>, suggest: Suggester): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Keys declared per vendor and kind, listed once rather than once per unresolved reference.
  const declared = new Map<string, string[]>();
  for (const r of resources.values()) {
    const kind = `${r.vendor}.${r.kind}`;
    const keys = declared.get(kind);
    if (keys === undefined) declared.set(kind, [r.name]);
    else keys.push(r.name);
  }
  for (const part of parts) {
    for (const ref of part.references) {
      if (resources.has(ref.to)) continue;
      const target = parseAddress(ref.to)!;
      const candidates = declared.get(`${target.vendor}.${target.kind}`) ?? [];
      out.push(
        finding(
          "MANIFEST_UNKNOWN_REFERENCE",
          `${ref.from} refers to ${target.vendor}.${target.kind} ${quote(ref.key)}, which is not declared`,
          ref.at.locate(),
          candidates.length === 0
            ? `No ${target.vendor}.${target.kind} is declared in these manifests. ${MANIFEST_CODES.MANIFEST_UNKNOWN_REFERENCE}`
            : `${suggest.suggestion(ref.key, candidates, "key")} ${MANIFEST_CODES.MANIFEST_UNKNOWN_REFERENCE}`,
        ),
      );
    }
  }
  return out;
}

/** Vendors find scanform's objects by exact name, so two managed resources of a kind may not share one. */
function collidingNames(resources: ReadonlyMap<Address, DesiredResource>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map<string, DesiredResource>();
  for (const resource of resources.values()) {
    if (resource.mode !== "managed") continue;
    const id = `${resource.vendor}.${resource.kind}\u0000${String(resource.spec.name)}`;
    const first = byName.get(id);
    if (first === undefined) byName.set(id, resource);
    else {
      out.push(
        finding("MANIFEST_DUPLICATE_NAME", `${resource.address} has the vendor-side name ${quote(resource.spec.name)}, like ${first.address} at ${formatLocation(first.source)}`, resource.source),
      );
    }
  }
  return out;
}

function checkMoved(parts: readonly DocumentPart[], resources: ReadonlyMap<Address, DesiredResource>, out: Diagnostic[]): Moved[] {
  const moved: Moved[] = [];
  const fromSeen = new Map<string, SourceLocation>();
  // Moves apply in manifest order and blocks stay after apply, so a resource renamed twice is
  // `a → b`, then later `b → c`: a `to` that a later entry moves on need not be declared itself.
  const entries = parts.flatMap((p) => p.moved);
  const lastFrom = new Map<string, number>();
  entries.forEach((e, i) => lastFrom.set(e.from, i));
  let index = -1;
  for (const part of parts) {
    for (const entry of part.moved) {
      index += 1;
      const continued = (lastFrom.get(entry.to) ?? -1) > index;
      const first = fromSeen.get(entry.from);
      const from = parseAddress(entry.from)!;
      const to = parseAddress(entry.to)!;
      const problems = out.length;
      if (first) out.push(finding("MANIFEST_MOVED_DUPLICATE", `${entry.from} is already moved at ${formatLocation(first)}`, entry.source));
      if (resources.has(entry.from)) {
        out.push(finding("MANIFEST_MOVED_FROM_DECLARED", `${entry.from} is still declared at ${formatLocation(resources.get(entry.from)!.source)}`, entry.source));
      }
      if (from.vendor !== to.vendor || from.kind !== to.kind) {
        out.push(finding("MANIFEST_MOVED_KIND_CHANGE", `${entry.from} cannot move to ${entry.to}: a ${from.vendor}.${from.kind} stays a ${from.vendor}.${from.kind}`, entry.toSource));
      } else if (!resources.has(entry.to) && !continued) {
        out.push(finding("MANIFEST_MOVED_TO_UNKNOWN", `${entry.to} is not declared in the manifests`, entry.toSource));
      }
      fromSeen.set(entry.from, first ?? entry.source);
      if (out.length === problems) moved.push({ from: entry.from, to: entry.to, source: entry.source });
    }
  }
  return moved;
}

/**
 * Of the normalised configuration, not of the bytes: reformatting a file keeps a saved plan valid.
 * It is digest() of `{vendors, state, moved, resources}`, hashed a resource at a time: the text of
 * the whole (megabytes at 10,000 resources) and its key-sorted copy are never built at once. A
 * resource's text is put together around its spec's canonical text, whose digest is the spec's
 * (a plan records them): made once for both. Made again for the plan, the second canonical text of
 * every spec took validate + diff of 10,000 resources 1,013 ms against 990 (npm run bench).
 */
function configurationDigest(
  vendors: Readonly<Record<string, VendorSettings>>,
  state: StateSettings,
  moved: readonly Moved[],
  resources: readonly DesiredResource[],
): { readonly configuration: string; readonly specs: ReadonlyMap<Address, string> } {
  const { source: _where, ...stateData } = state;
  const hash = createHash("sha256");
  const specs = new Map<Address, string>();
  // canonicalJson sorts keys: moved, resources, state, vendors.
  hash.update(`{"moved":${canonicalJson(moved.map((m) => ({ from: m.from, to: m.to })))},"resources":[`);
  resources.forEach((r, i) => {
    const spec = canonicalJson(r.spec);
    specs.set(r.address, digestOfCanonical(spec));
    const { protect, adopt, adoptId, ignore } = r.options;
    const wait = r.wait ? canonicalJson({ timeoutMs: r.wait.timeoutMs, failOn: r.wait.failOn ? { ...r.wait.failOn } : null }) : "null";
    // canonicalJson of {address, mode, spec, dependsOn, options: {protect, adopt, ignore, adoptId?},
    // launch, wait}: every key in sorted order; strings, booleans and lists of strings need no sorting.
    const options = `{"adopt":${JSON.stringify(adopt)},${adoptId === undefined ? "" : `"adoptId":${JSON.stringify(adoptId)},`}"ignore":${JSON.stringify(ignore)},"protect":${JSON.stringify(protect)}}`;
    const text =
      `{"address":${JSON.stringify(r.address)},"dependsOn":${JSON.stringify(r.dependsOn)},"launch":${JSON.stringify(r.launch ?? null)},` +
      `"mode":${JSON.stringify(r.mode)},"options":${options},"spec":${spec},"wait":${wait}}`;
    hash.update(i === 0 ? text : `,${text}`);
  });
  hash.update(`],"state":${canonicalJson(stateData)},"vendors":${canonicalJson(vendors)}}`);
  return { configuration: `sha256:${hash.digest("hex")}`, specs };
}
