/**
 * A change of state as data: the few edits one step makes (put an entry, drop one, open or close a
 * journal entry). A backend that can store edits on their own (`append`) records a step in what the
 * step changed, not in the size of the state: a from-empty apply of n resources writes O(n) bytes
 * instead of O(n²). The same edits, replayed in order on the last whole snapshot, give the state.
 */
import type { Address } from "../core/address.js";
import type { JournalEntry, StateEntry, StateSnapshot, StateVersion } from "./model.js";

export type StateEdit =
  | { readonly put: StateEntry }
  | { readonly drop: Address }
  /** Re-opening an id replaces the entry, so retrying an open after an ambiguous failure is safe. */
  | { readonly open: JournalEntry }
  | { readonly close: string };

/** A backend that records edits after a stored version, durably, in O(size of the edits). */
export interface StateAppender {
  /**
   * Records `edits` as the write after `expected` and returns the new version (serial + 1).
   * STATE_STALE when the stored version is not `expected`, exactly as `write`.
   */
  append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion>;
}

type Draft = { -readonly [K in keyof StateSnapshot]: StateSnapshot[K] } & { resources: Record<Address, StateEntry> };

/**
 * Applies `edits` to `s` in place, in O(size of the edits) (a journal edit costs the journal's
 * length, which is bounded by the steps in flight). Only for a snapshot its caller owns: one read
 * from a backend, never one a backend or another caller still holds.
 */
export function applyEditsInPlace(s: StateSnapshot, edits: readonly StateEdit[]): void {
  const d = s as Draft;
  for (const e of edits) {
    if ("put" in e) d.resources[e.put.address] = e.put;
    else if ("drop" in e) delete d.resources[e.drop];
    else if ("open" in e) d.journal = [...d.journal.filter((j) => j.id !== e.open.id), e.open];
    else d.journal = d.journal.filter((j) => j.id !== e.close);
  }
}

/** `s` with `edits` applied, leaving `s` alone (a copy of the index of resources: O(state)). */
export function withEdits(s: StateSnapshot, edits: readonly StateEdit[]): StateSnapshot {
  const copy = ownCopy(s);
  applyEditsInPlace(copy, edits);
  return copy;
}

/** A snapshot whose index and journal are new objects (entries are shared: they are never changed in place). */
export const ownCopy = (s: StateSnapshot): StateSnapshot => ({ ...s, resources: { ...s.resources }, journal: [...s.journal] });

/** The record of one append, as stored: which state and serial it makes, and its edits. */
export interface AppendRecord {
  readonly lineage: string;
  readonly serial: number;
  readonly edits: readonly StateEdit[];
}
