/**
 * The diff: Desired + State + Observed → Plan. Pure and vendor-neutral: everything it knows about
 * a vendor comes from the KindInfo hints and the drivers' observations. Errors (a protected
 * removal, a same-named object without `adopt`, an observation error) come back as diagnostics;
 * a plan with error diagnostics must not be saved or applied.
 */
import { compareAddresses, type Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { StateSnapshot } from "../state/model.js";
import type { KindInfo, Observation } from "../vendors/driver.js";
import type { Change, Drift, Move } from "./change.js";
import { adoptIdConflicts } from "./adopt-id-policy.js";
import { orderDeletes } from "./delete-order.js";
import { reusableOutcome, type EarlyOutcomes } from "./early-outcomes.js";
import { kindInfo, type DiffContext, type Outcome } from "./diff-context.js";
import { applyMoves, movedAddress, type MovedState } from "./moved.js";
import { indexObservations } from "./observed-index.js";
import { PLAN_FORMAT_VERSION, READ_BACK_LIMIT_CODE, type Plan, type PlannedManifests } from "./plan.js";
import { plannedManifests } from "./planned-manifests.js";
import { referencesIn } from "./references.js";
import { removalChange } from "./removal-change.js";
import { addressIdentities } from "./respell.js";
import { resourceChange } from "./resource-change.js";
import { isPending } from "./summary.js";
import { targetSet } from "./targets.js";
import { massVanish } from "./vanish-policy.js";

export interface DiffInput {
  readonly desired: Desired;
  readonly state: StateSnapshot | undefined;
  /** By vendor; a vendor absent here was not read. */
  readonly observations: ReadonlyMap<string, Observation>;
  /** Every driver's kind hints by vendor. */
  readonly kinds: ReadonlyMap<string, Readonly<Record<string, KindInfo>>>;
  /** `--target`: only these addresses and what they need. */
  readonly targets?: readonly Address[];
  readonly now: Date;
  /** false (`--refresh=false`): the vendors were not read; every kind is compared with state. */
  readonly refresh?: boolean;
  /** `--allow-mass-recreate`: most of a vendor's tracked objects gone at once is planned anyway (vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
  /** Vendors answering on a loopback address (emulators, which forget their objects on restart). */
  readonly emulated?: ReadonlySet<string>;
  /** plannedManifests(desired), when the caller worked it out already (make-plan.ts does, while the vendors answer). */
  readonly manifest?: PlannedManifests;
  /** applyMoves(state, desired.moved), when the caller worked it out already (make-plan.ts does, for observe). */
  readonly movedState?: MovedState;
  /** Outcomes worked out while other vendors were still read (early-outcomes.ts); each is taken only for the inputs it was worked out from. */
  readonly early?: ReadonlyMap<string, EarlyOutcomes>;
}

export interface DiffResult {
  readonly plan: Plan;
  /** Errors that make the plan unusable. Warnings for the reader are in plan.warnings. */
  readonly diagnostics: readonly Diagnostic[];
}

export function diff(input: DiffInput): DiffResult {
  const refresh = input.refresh ?? true;
  const moved = input.movedState ?? applyMoves(input.state?.resources ?? {}, input.desired.moved);
  const observed = indexObservations(input.observations, moved.moves);
  const desired = new Map(input.desired.resources.map((r) => [r.address, r]));
  const ctx: DiffContext = { kinds: input.kinds, state: moved.resources, observed, observedVendors: new Set(input.observations.keys()), refresh, now: input.now, addressIdentity: addressIdentities(moved.resources, observed) };
  const targets = input.targets !== undefined && input.targets.length > 0 ? input.targets : undefined;
  const scope = targets === undefined ? undefined : targetSet(targets, desired, ctx, moved.moves);
  const inScope = (a: Address): boolean => scope === undefined || scope.addresses.has(a);

  const inputs = { movedState: moved, kinds: input.kinds, now: input.now, refresh, observed };
  const ahead = (r: DesiredResource): Outcome | undefined =>
    input.early === undefined ? undefined : reusableOutcome(input.early, r.vendor, r.address, input.observations.get(r.vendor), inputs);
  const outcomes: Outcome[] = [
    ...[...desired.values()].filter((r) => inScope(r.address)).map((r) => ahead(r) ?? resourceChange(r, ctx)),
    ...[...moved.resources.values()].filter((e) => !desired.has(e.address) && inScope(e.address)).map((e) => removalChange(e, ctx)),
  ];
  const parts = gather(outcomes);
  const changes = orderDeletes(parts.changes).sort(byAddress);
  const drift = parts.drift.sort(byAddress);
  const observationDiagnostics = [...input.observations.values()].flatMap((o) => o.diagnostics);

  const errors = [
    ...moved.diagnostics,
    ...(scope?.diagnostics ?? []),
    ...observationDiagnostics.filter((d) => d.severity === "error"),
    ...massVanish(ctx, input.allowMassRecreate === true, input.emulated ?? new Set()),
    ...adoptIdConflicts(desired.values(), inScope, ctx),
    ...(refresh ? [] : unreadReferences(changes, desired)),
    ...parts.errors,
  ];
  const warnings = [
    ...(targets === undefined ? [] : [targetedWarning(targets)]),
    ...(refresh ? readBackLimits(changes, ctx) : [notRefreshedWarning]),
    ...observationDiagnostics.filter((d) => d.severity === "warning"),
    ...parts.warnings,
  ];

  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.now.toISOString(),
    manifestDigest: input.desired.digest,
    manifest: input.manifest ?? plannedManifests(input.desired),
    state: input.state ? { lineage: input.state.lineage, serial: input.state.serial } : undefined,
    fingerprints: sortedByKey(observed.fingerprints),
    changes,
    moves: scope === undefined ? moved.moves : movesInScope(moved.moves, inScope),
    drift,
    warnings,
    ...(targets === undefined ? {} : { targets: [...targets] }),
    ...(refresh ? {} : { refreshed: false }),
  };
  return { plan, diagnostics: errors };
}

/**
 * A targeted plan keeps each move whose chain ends in scope: with `a → a1` then `a1 → a2` and a2
 * targeted, the first move names an address neither declared nor in state, and apply needs it.
 */
const movesInScope = (moves: readonly Move[], inScope: (a: Address) => boolean): Move[] =>
  moves.filter((m, i) => inScope(movedAddress(moves.slice(i + 1), m.to)));

/** One pass over the outcomes: one per resource, so a pass and a throwaway array per part added up. */
function gather(outcomes: readonly Outcome[]): { changes: Change[]; drift: Drift[]; errors: Diagnostic[]; warnings: Diagnostic[] } {
  const parts = { changes: [] as Change[], drift: [] as Drift[], errors: [] as Diagnostic[], warnings: [] as Diagnostic[] };
  for (const o of outcomes) {
    if (o.change) parts.changes.push(o.change);
    if (o.drift) parts.drift.push(o.drift);
    if (o.error) parts.errors.push(o.error);
    if (o.warnings) parts.warnings.push(...o.warnings);
  }
  return parts;
}

// The default sort orders strings by UTF-16 code units, as `compare` does, without a call per comparison.
const sortedByKey = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));

const byAddress = (a: Change | Drift, b: Change | Drift): number => compareAddresses(a.address, b.address);

/**
 * Each limit once, and only when a change it affects is in the plan: one compared with what state
 * holds rather than with the vendor. A removal compares nothing, and "No changes" has nothing to read.
 */
function readBackLimits(changes: readonly Change[], ctx: DiffContext): Diagnostic[] {
  const limits = new Map<string, { vendor: string; limit: string; kinds: Set<string> }>();
  for (const c of changes) {
    const info = kindInfo(ctx, c.vendor, c.kind);
    if (info === undefined || info.readable || !isPending(c) || c.action === "delete" || c.action === "forget") continue;
    const limit = info.readBackLimit ?? `${c.vendor} cannot read it back, so the plan compares it with the settings scanform last applied: changes made in the ${c.vendor} console are not seen.`;
    const key = JSON.stringify([c.vendor, limit]);
    const found = limits.get(key) ?? { vendor: c.vendor, limit, kinds: new Set<string>() };
    limits.set(key, { ...found, kinds: found.kinds.add(c.kind) });
  }
  return [...limits.values()].map(({ vendor, limit, kinds }) => ({
    code: READ_BACK_LIMIT_CODE,
    severity: "warning",
    message: `${vendor} ${[...kinds].sort().join(", ")}: ${limit}`,
  }));
}

/**
 * A data resource (a Qualys option profile) is never kept in state: its id comes only from reading
 * the vendor. With --refresh=false a change that sends or launches with one could only fail at apply.
 */
function unreadReferences(changes: readonly Change[], desired: ReadonlyMap<Address, DesiredResource>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of changes) {
    const data = c.dependsOn.filter((a) => desired.get(a)?.mode === "data");
    if (data.length === 0) continue;
    const needs = needsIds(c, data);
    if (needs === undefined) continue;
    out.push({
      code: "PLAN_NEEDS_REFRESH",
      severity: "error",
      message: `${c.address} refers to ${needs.unread.join(", ")}, whose id is read from ${c.vendor} and never kept in state, so it cannot be ${needs.done} with --refresh=false.`,
      hint: "Plan (or apply) without --refresh=false.",
      ...(c.source === undefined ? {} : { source: c.source }),
    });
  }
  return out;
}

/**
 * Which of `data` (data resources the change depends on) apply needs the ids of, and for what: a
 * create, replace or launch sends the whole spec; an update or import sends only the fields that
 * change, so only a reference those set counts.
 */
function needsIds(c: Change, data: readonly Address[]): { readonly unread: readonly Address[]; readonly done: string } | undefined {
  if (c.action === "create" || c.action === "replace") return { unread: data, done: c.action === "create" ? "created" : "replaced" };
  if (c.action === "update" || c.action === "import") {
    const set = c.diffs.flatMap((d) => (d.kind === "set" ? d.added : d.after === undefined ? [] : [d.after]));
    const touched = referencesIn(set, new Set(data));
    if (touched.size > 0) return { unread: [...touched].sort(), done: c.action === "update" ? "updated" : "imported" };
  }
  if (c.action === "launch" || c.launchAfter) return { unread: data, done: "launched" };
  return undefined;
}

/** As Terraform's "Resource targeting is in effect": a targeted plan is partial on every run, whatever it holds. */
const targetedWarning = (targets: readonly Address[]): Diagnostic => ({
  code: "PLAN_TARGETED",
  severity: "warning",
  message: `Resource targeting is in effect: this plan covers only ${targets.map((t) => `--target ${t}`).join(", ")} and what ${targets.length === 1 ? "it needs" : "they need"}; changes the manifests call for elsewhere are not in it.`,
  hint: "Plan without --target to see every change; keep --target for exceptions, such as recovering from a mistake.",
});

const notRefreshedWarning: Diagnostic = {
  code: "PLAN_NOT_REFRESHED",
  severity: "warning",
  message: "The vendors were not read (--refresh=false): the plan compares the manifests with state only, so drift and same-named objects at the vendors are not seen.",
};
