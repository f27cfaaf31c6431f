/**
 * `--json`: the plan's wire format, described by schemas/plan.schema.json. It is a mapping, not the
 * internal Plan, so internal names can change without breaking consumers. Versioned on its own:
 * a minor bump only adds fields (consumers ignore fields they do not know), a major bump breaks.
 */
import type { Diagnostic, SourceLocation } from "../core/errors.js";
import type { JsonObject, JsonValue } from "../core/json.js";
import type { Action } from "../plan/action.js";
import type { Change, Drift, FieldDiff } from "../plan/change.js";
import type { Plan } from "../plan/plan.js";
import { countPlan, hasChanges, isStateOnly, summaryLine } from "../plan/summary.js";
import { exceedsRemaining, isTight, secondsAtLimit, type VendorCalls } from "../plan/estimate.js";

export const PLAN_JSON_FORMAT_VERSION = "1.2";

export interface SourceJson {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string | null;
}

export type DiffJson =
  | { readonly field: string; readonly kind: "value"; readonly before?: JsonValue; readonly after?: JsonValue; readonly forces_replace: boolean }
  | { readonly field: string; readonly kind: "set"; readonly added: readonly JsonValue[]; readonly removed: readonly JsonValue[]; readonly forces_replace: boolean };

export interface ResourceChangeJson {
  readonly address: string;
  readonly vendor: string;
  readonly kind: string;
  readonly action: Action;
  readonly reason: string;
  readonly launch_after: boolean;
  /** A no-op that only records a new `protect` flag in state. */
  readonly state_only: boolean;
  readonly before: JsonObject | null;
  readonly after: JsonObject | null;
  readonly diffs: readonly DiffJson[];
  readonly depends_on: readonly string[];
  readonly ids: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  readonly protect: { readonly before: boolean; readonly after: boolean } | null;
  readonly source: SourceJson | null;
}

export interface DiagnosticJson {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint: string | null;
  readonly source: SourceJson | null;
}

/** Since 1.1: calls apply will make to one vendor, and the limit they are measured against. */
export interface VendorCallsJson {
  readonly vendor: string;
  readonly calls: number;
  readonly limit: { readonly calls: number; readonly window_seconds: number; readonly remaining: number | null; readonly source: string } | null;
  /** At the limit's sustained rate; null without a limit. */
  readonly seconds_at_limit: number | null;
  /** Takes a minute or more at the limit, or needs more calls than are left: what the text shows. */
  readonly tight: boolean;
  readonly exceeds_remaining: boolean;
}

export interface PlanJson {
  readonly format_version: string;
  readonly created_at: string;
  readonly manifest_digest: string;
  readonly state: { readonly lineage: string; readonly serial: number } | null;
  readonly refreshed: boolean;
  /** Since 1.2: the `--target` addresses the plan was limited to; empty when it covers the whole configuration. */
  readonly targets: readonly string[];
  readonly summary: {
    readonly line: string;
    readonly has_changes: boolean;
    readonly add: number;
    readonly change: number;
    readonly destroy: number;
    readonly launch: number;
    readonly import: number;
    readonly forget: number;
    readonly move: number;
  };
  readonly resource_changes: readonly ResourceChangeJson[];
  readonly moves: readonly { readonly from: string; readonly to: string }[];
  readonly drift: readonly { readonly address: string; readonly description: string; readonly diffs: readonly DiffJson[] }[];
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly warnings: readonly DiagnosticJson[];
  readonly vendor_calls: readonly VendorCallsJson[];
}

export function planToJson(plan: Plan): PlanJson {
  const c = countPlan(plan);
  return {
    format_version: PLAN_JSON_FORMAT_VERSION,
    created_at: plan.createdAt,
    manifest_digest: plan.manifestDigest,
    state: plan.state ? { lineage: plan.state.lineage, serial: plan.state.serial } : null,
    refreshed: plan.refreshed !== false,
    targets: [...(plan.targets ?? [])],
    // Field by field, so a new internal count never reaches consumers unannounced.
    summary: { line: summaryLine(plan), has_changes: hasChanges(plan), add: c.add, change: c.change, destroy: c.destroy, launch: c.launch, import: c.import, forget: c.forget, move: c.move },
    resource_changes: plan.changes.map(changeJson),
    moves: plan.moves.map((m) => ({ from: m.from, to: m.to })),
    drift: plan.drift.map(driftJson),
    fingerprints: { ...plan.fingerprints },
    warnings: plan.warnings.map(diagnosticJson),
    vendor_calls: (plan.calls ?? []).map(callsJson),
  };
}

const callsJson = (v: VendorCalls): VendorCallsJson => ({
  vendor: v.vendor,
  calls: v.calls,
  limit: v.limit === undefined ? null : { calls: v.limit.calls, window_seconds: v.limit.windowSeconds, remaining: v.limit.remaining ?? null, source: v.limit.source },
  seconds_at_limit: secondsAtLimit(v) ?? null,
  tight: isTight(v),
  exceeds_remaining: exceedsRemaining(v),
});

export const renderPlanJson = (plan: Plan): string => `${JSON.stringify(planToJson(plan), null, 2)}\n`;

const changeJson = (c: Change): ResourceChangeJson => ({
  address: c.address,
  vendor: c.vendor,
  kind: c.kind,
  action: c.action,
  reason: c.reason,
  launch_after: c.launchAfter,
  state_only: isStateOnly(c),
  before: c.before,
  after: c.after,
  diffs: c.diffs.map(diffJson),
  depends_on: [...c.dependsOn],
  ids: { ...c.ids },
  notes: [...c.notes],
  protect: c.protect ? { before: c.protect.before, after: c.protect.after } : null,
  source: c.source ? sourceJson(c.source) : null,
});

const diffJson = (d: FieldDiff): DiffJson =>
  d.kind === "set"
    ? { field: d.field, kind: "set", added: d.added, removed: d.removed, forces_replace: d.forcesReplace }
    : {
        field: d.field,
        kind: "value",
        ...(d.before === undefined ? {} : { before: d.before }),
        ...(d.after === undefined ? {} : { after: d.after }),
        forces_replace: d.forcesReplace,
      };

const driftJson = (d: Drift) => ({ address: d.address, description: d.description, diffs: d.diffs.map(diffJson) });

const sourceJson = (s: SourceLocation): SourceJson => ({ file: s.file, line: s.line, column: s.column, path: s.path ?? null });

const diagnosticJson = (d: Diagnostic): DiagnosticJson => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  hint: d.hint ?? null,
  source: d.source ? sourceJson(d.source) : null,
});
