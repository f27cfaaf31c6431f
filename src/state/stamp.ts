/**
 * The optimistic-concurrency rule every backend applies to a write, and the snapshot it stores:
 * the lineage is fixed at the first write and the serial is one more than the one read.
 */
import { isRecord } from "../core/json.js";
import { invalidWrite, staleState } from "./errors.js";
import type { StateSnapshot, StateVersion } from "./model.js";
import { refuseUnstorable } from "./storable.js";
import { ShapeProblem, validateSnapshot } from "./validate.js";

/** Throws STATE_STALE unless `current` (what is stored now) is exactly what the writer read. */
export function checkExpected(where: string, expected: StateVersion | undefined, current: StateVersion | undefined): void {
  const moved = expected === undefined
    ? current !== undefined
    : current === undefined || current.lineage !== expected.lineage || current.serial !== expected.serial;
  if (moved) throw staleState(where, expected, current);
}

/**
 * The snapshot as it will be stored. Refuses a snapshot of another lineage, and one that would not
 * read back, so a bug in a writer surfaces at the write instead of as a corrupt state next run.
 *
 * `trusted` is what this writer stored last (a result of this function): entries it holds, as the
 * same objects, were checked then and are not checked again, so a write re-checks what changed
 * rather than the whole state. Everything else is checked as it will read back, after a JSON trip.
 */
export function stamp(where: string, next: StateSnapshot, expected: StateVersion | undefined, trusted?: StateSnapshot): StateSnapshot {
  // The lineage is fixed at creation: a snapshot of another state must never replace this one.
  if (expected !== undefined && next.lineage !== expected.lineage) {
    throw staleState(where, { lineage: next.lineage, serial: expected.serial }, expected);
  }
  const stored: StateSnapshot = { ...next, lineage: expected?.lineage ?? next.lineage, serial: (expected?.serial ?? 0) + 1 };
  // Only the entries that are not the very objects checked at the last write are checked, as they
  // will read back; the rest of the snapshot (lineage, serial, journal) is small and checked whole.
  const known = trusted?.resources ?? {};
  // Keyed by whatever the writer used: a `__proto__` key set on a plain object would slip past the check.
  const changed: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (stored.resources !== known && isRecord(stored.resources)) {
    for (const address in stored.resources) {
      const e = stored.resources[address];
      if (!Object.hasOwn(known, address) || known[address] !== e) changed[address] = jsonTrip(e, where, `resources[${JSON.stringify(address)}]`);
    }
  }
  const whole = !isRecord(stored.resources);
  try {
    validateSnapshot(whole ? jsonTrip(stored, where, "") : { ...(jsonTrip({ ...stored, resources: {} }, where, "") as object), resources: changed });
  } catch (e) {
    if (!(e instanceof ShapeProblem)) throw e;
    throw invalidWrite(where, e.message, e);
  }
  return stored;
}

/** What a value reads back as once stored; refused if no backend can store it. `path` is where it sits. */
function jsonTrip(v: unknown, where: string, path: string): unknown {
  const text = JSON.stringify(v);
  if (text === undefined) return undefined;
  refuseUnstorable(text, v, where, path);
  return JSON.parse(text);
}
