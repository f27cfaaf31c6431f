/**
 * The change for one resource in the manifests: create, update, replace, import, launch or no-op,
 * compared with the vendor (readable kinds) or with the spec state last applied (the others).
 */
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo, ObservedObject } from "../vendors/driver.js";
import { adoptPolicy } from "./adopt-policy.js";
import { clearRefusal } from "./clear-policy.js";
import { unownedLostWarning, usedByWarning } from "./used-by.js";
import type { Change, FieldDiff, Spec } from "./change.js";
import { idShared, sharingIds } from "./shared-ids.js";
import { comparesWithVendor, kindInfo, notObserved, unknownKind, type DiffContext, type Outcome } from "./diff-context.js";
import { changedOutside, deletedOutside } from "./drift.js";
import { changedFields, diffFields, listWords } from "./field-diff.js";
import { launchPolicy } from "./launch.js";
import { maskDiff, maskSpec } from "./mask.js";
import { diffResolved, identityOf, respell, type Identity } from "./respell.js";
import { protectedReplace } from "./removal-policy.js";
import { protectedVanished } from "./vanish-policy.js";

export function resourceChange(resource: DesiredResource, ctx: DiffContext): Outcome {
  if (resource.mode === "data") return {};
  const kind = kindInfo(ctx, resource.vendor, resource.kind);
  if (!kind) return { error: { ...unknownKind(resource.address, resource.vendor, resource.kind), source: resource.source } };
  const entry = ctx.state.get(resource.address);
  const outcome = comparesWithVendor(ctx, kind) ? againstVendor(resource, kind, entry, ctx) : againstState(resource, kind, entry, ctx);
  if (!outcome.change) return outcome;
  const sharer = outcome.change.action === "replace" && entry ? sharingIds(ctx.state, entry) : undefined;
  const refused =
    clearRefusal(resource, outcome.change.diffs, kind.fields) ??
    (outcome.change.action === "replace" ? (protectedReplace(resource, entry, outcome.change.reason) ?? (entry && sharer ? { ...idShared(entry, sharer, `is to be replaced (${outcome.change.reason})`), source: resource.source } : undefined)) : undefined);
  if (refused) return { error: refused, ...(outcome.drift ? { drift: outcome.drift } : {}) };
  const change = withLaunch(outcome.change, resource, kind, entry, ctx);
  const warnings = [
    ...(outcome.warnings ?? []),
    ...(change.action === "replace" ? replaceWarnings(resource, ctx) : []),
    ...(sends(change) ? [...reviewed(resource, kind, ctx.now), ignoredButWritten(resource, kind, change)] : []),
  ].filter((w): w is Diagnostic => w !== undefined);
  return change === outcome.change && warnings.length === 0 ? outcome : { ...outcome, change, ...(warnings.length > 0 ? { warnings } : {}) };
}

function replaceWarnings(resource: DesiredResource, ctx: DiffContext): (Diagnostic | undefined)[] {
  const observed = ctx.observed.byState.get(resource.address);
  return [usedByWarning(resource.address, resource.vendor, "replaced", observed), unownedLostWarning(resource.address, "replaced", observed)];
}

/** `ignore:` promises a field is never written; a kind that takes its spec whole cannot keep that promise. */
function ignoredButWritten(resource: DesiredResource, kind: KindInfo, change: Change): Diagnostic | undefined {
  const ignored = resource.options.ignore;
  if (kind.sendsWhole === undefined || ignored.length === 0) return undefined;
  return {
    code: "PLAN_IGNORE_WRITTEN",
    severity: "warning",
    message: `${resource.address}: ignore: [${ignored.join(", ")}] keeps them out of the plan, but ${kind.sendsWhole}: this ${change.action} writes them as the manifest has them.`,
    hint: "Write them in the manifest as they should be at the vendor, or make the change in the console instead.",
    source: resource.source,
  };
}

/** The spec is sent to the vendor by this change. */
const sends = (change: Change): boolean => change.action === "create" || change.action === "update" || change.action === "replace" || change.action === "import";

/** What the driver finds wrong with a spec about to be sent, on this day (KindInfo.review). */
function reviewed(resource: DesiredResource, kind: KindInfo, now: Date): Diagnostic[] {
  return (kind.review?.(resource.spec, now) ?? []).map((message) => ({ code: "PLAN_REVIEW", severity: "warning", message: `${resource.address}: ${message}`, source: resource.source }));
}

function againstState(resource: DesiredResource, kind: KindInfo, entry: StateEntry | undefined, ctx: DiffContext): Outcome {
  if (!entry && resource.options.adoptId !== undefined && kind.adoptById) return adoptById(resource, kind, kind.adoptById, resource.options.adoptId);
  if (!entry) return { change: create(resource, entry, "not in state") };
  return { change: compare(resource, kind, entry, entry.spec, entry.ids, [], identityOf(ctx.addressIdentity)) };
}

function againstVendor(resource: DesiredResource, kind: KindInfo, entry: StateEntry | undefined, ctx: DiffContext): Outcome {
  if (!ctx.observedVendors.has(resource.vendor)) return { error: { ...notObserved(resource.address, resource.vendor), source: resource.source } };
  const byState = ctx.observed.byState.get(resource.address);
  if (entry && byState) {
    const identity = identityOf(ctx.addressIdentity, byState);
    const drift = changedOutside(entry, byState, kind.fields, resource.options.ignore, identity);
    const change = compare(resource, kind, entry, byState.spec, { ...entry.ids, ...byState.ids }, byState.notes, identity);
    return drift ? { change, drift } : { change };
  }
  const drift = entry ? deletedOutside(resource.address) : undefined;
  const byName = ctx.observed.byName.get(resource.address);
  if (byName) {
    const adopted = adopt(resource, kind, entry, byName, identityOf(ctx.addressIdentity, byName));
    return drift ? { ...adopted, drift } : adopted;
  }
  if (entry?.protect) return { error: protectedVanished(resource, entry), ...(drift ? { drift } : {}) };
  const change = create(resource, entry, entry ? "deleted outside scanform" : "not at the vendor");
  const warnings = !entry && resource.options.adopt ? [adoptedNothing(resource, ctx)] : undefined;
  return { change, ...(drift ? { drift } : {}), ...(warnings ? { warnings } : {}) };
}

/**
 * adopt: true says an object is expected: a name off by a space or a letter's case finds none, and
 * a second object would be made. The object of that name may be another address's (a key renamed
 * without moved:), which adopt never takes: that is said instead.
 */
function adoptedNothing(resource: DesiredResource, ctx: DiffContext): Diagnostic {
  const name = String(resource.spec["name"] ?? "");
  const holder = [...ctx.state.values()].find((e) => e.address !== resource.address && e.vendor === resource.vendor && e.kind === resource.kind && e.spec["name"] === name);
  const where = resource.source ? { source: resource.source } : {};
  if (holder !== undefined) {
    return {
      code: "PLAN_ADOPT_NOTHING",
      severity: "warning",
      message: `${resource.address} has adopt: true, but the ${resource.kind} named ${JSON.stringify(name)} is the one state records for ${holder.address}, which adopt never takes: a new one will be created.`,
      hint: `To give ${holder.address} this address, write a \`moved:\` block from ${holder.address} to ${resource.address} instead of adopt.`,
      ...where,
    };
  }
  return {
    code: "PLAN_ADOPT_NOTHING",
    severity: "warning",
    message: `${resource.address} has adopt: true, but ${resource.vendor} holds no ${resource.kind} named ${JSON.stringify(name)} that scanform could take: it will be created.`,
    hint: "scanform adopts by the exact name: if the object you meant is there under a name that differs by a space or a letter's case, write that name.",
    ...where,
  };
}

function adopt(resource: DesiredResource, kind: KindInfo, entry: StateEntry | undefined, found: ObservedObject, identity: Identity): Outcome {
  const { before, diffs } = diffResolved(found.spec, resource.spec, kind.fields, resource.options.ignore, identity);
  const verdict = adoptPolicy(resource, diffs);
  if (verdict.verdict === "fail") return { error: verdict.diagnostic };
  const fields = changedFields(diffs);
  const reason = fields.length === 0 ? "adopt: true, the vendor's object matches" : `adopt: true, then ${listWords(fields)} change`;
  return { change: changeOf(resource, entry, found.ids, found.notes, reason, "import", maskSpec(before), maskSpec(resource.spec), diffs.map(maskDiff)) };
}

/** `adopt: {id}` of an object the vendor cannot read: an import whose apply overwrites it, said loudly. */
function adoptById(resource: DesiredResource, kind: KindInfo, by: NonNullable<KindInfo["adoptById"]>, id: string): Outcome {
  // Every field is shown as written, none as unchanged: nobody knows what the object holds, and an
  // empty list (no exclusions, no credentials) is written over whatever the console set.
  const compared = diffFields({}, resource.spec, kind.fields, resource.options.ignore);
  const shown = new Set(compared.map((d) => d.field.split(".")[0]));
  const written = Object.keys(resource.spec).filter((field) => !shown.has(field) && !resource.options.ignore.includes(field));
  const diffs: FieldDiff[] = [...compared, ...written.map((field): FieldDiff => ({ field, kind: "value", before: undefined, after: resource.spec[field], forcesReplace: false }))];
  const overwrite = `the first apply OVERWRITES ${resource.kind} ${id} with the manifest; ${by.why}`;
  const warning: Diagnostic = { code: "PLAN_OVERWRITE", severity: "warning", message: `${resource.address}: adopt: {id: ${id}}: ${overwrite}.`, source: resource.source };
  const change = changeOf(resource, undefined, by.ids(id), [], `adopt: {id: ${id}}: ${overwrite}`, "import", {}, maskSpec(resource.spec), diffs.map(maskDiff));
  return { change, warnings: [warning] };
}

function compare(resource: DesiredResource, kind: KindInfo, entry: StateEntry, current: Spec, ids: Ids, notes: Notes, identity: Identity): Change {
  const { before, diffs } = diffResolved(current, resource.spec, kind.fields, resource.options.ignore, identity);
  const fixed = diffs.length === 0 ? [] : changedFields(diffs.filter((d) => d.forcesReplace));
  const [action, reason]: [Compared, string] =
    fixed.length > 0 ? ["replace", `${listWords(fixed)} cannot change in place`]
    : diffs.length > 0 ? ["update", `${listWords(changedFields(diffs))} changed`]
    : ["no-op", entry.protect === resource.options.protect ? "matches the manifests" : resource.options.protect ? "protect set" : "protect lifted"];
  return changeOf(resource, entry, ids, notes, reason, action, maskSpec(before), maskSpec(resource.spec), diffs.map(maskDiff));
}

const create = (resource: DesiredResource, entry: StateEntry | undefined, reason: string): Change =>
  changeOf(resource, entry, {}, [], reason, "create", null, maskSpec(resource.spec), []);

type Ids = Change["ids"];
type Notes = readonly string[];
type Diffs = Change["diffs"];
type Compared = "update" | "replace" | "import" | "no-op";

// One literal per change, fields in the order plan files have always had: spreading a shared base
// into each of 10,000 changes cost the diff more than comparing the specs did.
function changeOf(resource: DesiredResource, entry: StateEntry | undefined, ids: Ids, notes: Notes, reason: string, action: "create", before: null, after: Spec, diffs: Diffs): Change;
function changeOf(resource: DesiredResource, entry: StateEntry | undefined, ids: Ids, notes: Notes, reason: string, action: Compared, before: Spec, after: Spec, diffs: Diffs): Change;
function changeOf(
  resource: DesiredResource,
  entry: StateEntry | undefined,
  ids: Ids,
  notes: Notes,
  reason: string,
  action: "create" | Compared,
  before: Spec | null,
  after: Spec,
  diffs: Diffs,
): Change {
  return {
    address: resource.address,
    vendor: resource.vendor,
    kind: resource.kind,
    reason,
    dependsOn: [...resource.dependsOn].sort(),
    source: resource.source,
    ids,
    notes,
    launchAfter: false,
    protect: { before: entry?.protect ?? false, after: resource.options.protect },
    action,
    before,
    after,
    diffs,
    // The overloads above pair `create` with a null `before`, as Change requires.
  } as Change;
}

function withLaunch(change: Change, resource: DesiredResource, kind: KindInfo, entry: StateEntry | undefined, ctx: DiffContext): Change {
  // The spec in the words state recorded it, so a reference written another way is not a new spec to launch.
  const asRecorded = (): Spec => (entry ? respell(resource.spec, entry.spec, identityOf(ctx.addressIdentity)) : resource.spec);
  const decision = launchPolicy(resource, kind, change.action, entry?.lastRun, asRecorded);
  if (decision.launch === "after") return { ...change, launchAfter: true };
  if (decision.launch === "only" && change.action === "no-op") return { ...change, action: "launch", reason: decision.reason };
  return change;
}
