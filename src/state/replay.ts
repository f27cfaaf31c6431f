/**
 * Reading a state kept as a whole snapshot plus the append records written after it (local: a log
 * file beside the state; postgres: a log table). Records at or below the snapshot's serial were
 * folded into it by a compaction that was cut short before it could delete them, and are skipped;
 * the others must follow on serial by serial, in the snapshot's lineage, or the state is corrupt.
 */
import { corruptState, invalidWrite } from "./errors.js";
import { type AppendRecord, applyEditsInPlace } from "./edit.js";
import type { StateSnapshot } from "./model.js";
import { refuseUnstorable } from "./storable.js";
import { ShapeProblem, validateAppendRecord } from "./validate.js";

/**
 * `base` is changed in place (a fresh read the caller owns) and returned with the last serial.
 *
 * Above the snapshot's serial, a serial seen again is harmless only as the same record once more (a
 * line written twice): with other edits, one of two writers' acknowledged records would be dropped
 * without a word, so the state is corrupt.
 */
export function replay(base: StateSnapshot, records: Iterable<unknown>, where: string): StateSnapshot {
  let serial = base.serial;
  let n = 0;
  // The records applied, by serial above the base's: compared only when one repeats, which is rare.
  const applied: unknown[] = [];
  for (const raw of records) {
    const at = n++;
    const r = checked(raw, `log record ${at}`, where);
    if (r.lineage === base.lineage && r.serial <= base.serial) continue;
    if (r.lineage === base.lineage && r.serial <= serial) {
      if (JSON.stringify(raw) === JSON.stringify(applied[r.serial - base.serial - 1])) continue;
      throw corruptState(where, `log record ${at} repeats serial ${r.serial} with other edits than the record of that serial before it`);
    }
    if (r.lineage !== base.lineage || r.serial !== serial + 1) {
      throw corruptState(where, `its log holds serial ${r.serial} of lineage ${r.lineage} after serial ${serial} of lineage ${base.lineage}`);
    }
    applyEditsInPlace(base, r.edits);
    applied.push(raw);
    serial = r.serial;
  }
  return serial === base.serial ? base : { ...base, serial };
}

function checked(raw: unknown, path: string, where: string): AppendRecord {
  try {
    return validateAppendRecord(raw, path);
  } catch (e) {
    if (e instanceof ShapeProblem) throw corruptState(where, e.message, e);
    throw e;
  }
}

/** The record as it will read back, checked: a bug in a writer surfaces at the write, not as a corrupt state next run. */
export function checkedForWrite(record: AppendRecord, where: string): string {
  const text = JSON.stringify(record);
  refuseUnstorable(text, record, where, "");
  try {
    validateAppendRecord(JSON.parse(text), "append");
  } catch (e) {
    if (e instanceof ShapeProblem) throw invalidWrite(where, e.message, e);
    throw e;
  }
  return text;
}
