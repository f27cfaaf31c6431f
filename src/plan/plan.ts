/**
 * A Plan is data, saved with `plan --out FILE` and applied exactly by `apply FILE`. It is refused
 * as stale when the state serial or any observed fingerprint has moved since it was made.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { Change, Drift, Move } from "./change.js";
import type { VendorCalls } from "./estimate.js";

/** Major: breaking; minor: additive (1.1: `targets`). Saved-plan files carry it. */
export const PLAN_FORMAT_VERSION = "1.1";

/** A read-back limit: a fact about a vendor to keep in mind while reading a change, not a problem to fix. */
export const READ_BACK_LIMIT_CODE = "PLAN_NOT_READABLE";

export const isReadBackLimit = (d: Diagnostic): boolean => d.code === READ_BACK_LIMIT_CODE;

export interface PlannedManifests {
  readonly files: readonly string[];
  readonly resources: Readonly<Record<Address, string>>;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly createdAt: string;
  readonly manifestDigest: string;
  /**
   * What the plan was made from: the manifest files and each resource's spec digest, so a plan
   * refused as made from other manifests can name the files and the first resource that differs.
   * Absent in plans saved before it was added.
   */
  readonly manifest?: PlannedManifests;
  /** Undefined when no state existed yet. */
  readonly state: { readonly lineage: string; readonly serial: number } | undefined;
  /** Fingerprint of every observed object the plan depends on, by address. */
  readonly fingerprints: Readonly<Record<Address, string>>;
  readonly changes: readonly Change[];
  readonly moves: readonly Move[];
  readonly drift: readonly Drift[];
  /** Warnings for the reader: kinds that cannot be read back, forgets to finish in a console, ... */
  readonly warnings: readonly Diagnostic[];
  /**
   * The `--target` addresses as given, when the plan was made with them: it covers only those and
   * what they need, and changes pending elsewhere are not in it. Absent: the whole configuration.
   */
  readonly targets?: readonly Address[];
  /**
   * In a saved plan: the manifest paths it was made from, as given (`["."]` for none), which `apply
   * FILE` opens again when given none, so it reads the manifests and the state the plan read.
   * Absent in plans not saved, and in files saved before it was added.
   */
  readonly paths?: readonly string[];
  /** false when made with `--refresh=false`: no vendor was read, so staleness is judged by state alone. Absent means true. */
  readonly refreshed?: boolean;
  /**
   * Calls apply will make to each vendor with calls to make, and the limit they are measured
   * against when one is known (src/plan/estimate.ts). For people only: apply never reads it.
   * Absent when no vendor has calls to make, and in plans saved before it was added.
   */
  readonly calls?: readonly VendorCalls[];
}
