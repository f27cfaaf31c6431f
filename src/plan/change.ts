/**
 * A Change is plain readonly data: one per address, with the action, the normalised before and
 * after specs (secrets masked), field-level diffs and where it came from in the manifests.
 */
import type { Address } from "../core/address.js";
import type { SourceLocation } from "../core/errors.js";
import type { JsonObject, JsonValue } from "../core/json.js";
import type { Action } from "./action.js";

export type Spec = JsonObject;

/** One changed field. Sets (kind hint `set`) are shown as members added and removed. */
export type FieldDiff =
  | { readonly field: string; readonly kind: "value"; readonly before: JsonValue | undefined; readonly after: JsonValue | undefined; readonly forcesReplace: boolean }
  | { readonly field: string; readonly kind: "set"; readonly added: readonly JsonValue[]; readonly removed: readonly JsonValue[]; readonly forcesReplace: boolean };

interface ChangeBase {
  readonly address: Address;
  readonly vendor: string;
  readonly kind: string;
  /** For people only: `not at the vendor`, `seeds changed`, `removed from the manifests`, ... */
  readonly reason: string;
  /** Addresses whose changes must be applied first (for deletes: dependents, deleted before their targets). */
  readonly dependsOn: readonly Address[];
  /** Where it is declared; absent for removals (the block is gone). */
  readonly source?: SourceLocation;
  /** Vendor ids from state or observation, as the driver needs them to act. */
  readonly ids: Readonly<Record<string, string>>;
  /** Notes for the reader that change nothing (unmanaged seeds left alone, ...). */
  readonly notes: readonly string[];
  /** Launch after the change is made (`launch: on-change | always`). */
  readonly launchAfter: boolean;
  /**
   * For resources in the manifests: the `protect` flag state holds before and must hold after this
   * change. A `no-op` whose flag moves is a state-only change that apply still has to record.
   */
  readonly protect?: { readonly before: boolean; readonly after: boolean };
}

export type Change = ChangeBase &
  (
    | { readonly action: "create"; readonly before: null; readonly after: Spec; readonly diffs: readonly FieldDiff[] }
    | { readonly action: "update" | "replace" | "import"; readonly before: Spec; readonly after: Spec; readonly diffs: readonly FieldDiff[] }
    | { readonly action: "delete" | "forget"; readonly before: Spec; readonly after: null; readonly diffs: readonly FieldDiff[] }
    | { readonly action: "no-op" | "launch"; readonly before: Spec; readonly after: Spec; readonly diffs: readonly FieldDiff[] }
  );

/** Drift: the vendor changed outside scanform. Reported apart from the changes it causes. */
export interface Drift {
  readonly address: Address;
  readonly description: string;
  readonly diffs: readonly FieldDiff[];
}

/** `moved:` entries applied to state as renames by this plan. */
export interface Move {
  readonly from: Address;
  readonly to: Address;
}

export type { Action };
