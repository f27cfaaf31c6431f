/**
 * State: for each address, what scanform created or adopted at a vendor. It is the only record of
 * Cortex definitions (that API cannot list or read them), the basis of safe deletes (scanform only
 * deletes what state says it made or adopted) and of renames (`moved:`).
 *
 * Plain JSON data, versioned by `version`; backends store it whole. No secret ever enters it.
 */
import type { Address } from "../core/address.js";
import type { JsonObject } from "../core/json.js";

export const STATE_FORMAT_VERSION = 1;

/** The last run scanform launched for an address. */
export interface RunRecord {
  /** Vendor run id (Qualys WasScan id, Cortex run id, Hexiosec iteration id). */
  readonly id: string;
  readonly launchedAt: string;
  /** Digest of the spec the run was launched with; `launch: on-change` compares against it. */
  readonly specDigest: string;
}

export interface StateEntry {
  readonly address: Address;
  readonly vendor: string;
  readonly kind: string;
  /** Vendor ids, e.g. `{ id: "..." }`; a driver may record more than one (a scan and its group). */
  readonly ids: Readonly<Record<string, string>>;
  /** The normalised spec last applied (same shape as DesiredResource.spec), no secrets. */
  readonly spec: JsonObject;
  readonly digest: string;
  readonly protect: boolean;
  /** How scanform came to own it. */
  readonly origin: "created" | "adopted";
  readonly lastRun?: RunRecord;
  readonly updatedAt: string;
}

/**
 * Intent recorded before a non-idempotent vendor call (create, launch) and cleared once the answer
 * is recorded. An entry still open on the next run means the call's fate is unknown: it is settled
 * by reading the vendor back by `naturalKey` before anything else is done for that address.
 */
export interface JournalEntry {
  readonly id: string;
  readonly address: Address;
  readonly vendor: string;
  readonly kind: string;
  readonly operation: "create" | "launch";
  /** What the vendor can be searched by: the object's name, or the launched scan's unique name. */
  readonly naturalKey: string;
  /** Spec digest the call was made with. */
  readonly specDigest: string;
  readonly startedAt: string;
}

export interface StateSnapshot {
  readonly version: typeof STATE_FORMAT_VERSION;
  /** Fixed when the state is first created; a plan made against another lineage is refused. */
  readonly lineage: string;
  /** Bumped by every write. */
  readonly serial: number;
  readonly resources: Readonly<Record<Address, StateEntry>>;
  readonly journal: readonly JournalEntry[];
}

/** The version a write is checked against (optimistic concurrency). */
export interface StateVersion {
  readonly lineage: string;
  readonly serial: number;
}
