/**
 * Reading a state kept as a whole snapshot plus the append records written after it (local: a log
 * file beside the state; postgres: a log table). Records at or below the snapshot's serial were
 * folded into it by a compaction that was cut short before it could delete them, and are skipped;
 * the others must follow on serial by serial, in the snapshot's lineage, or the state is corrupt.
 */
import { corruptState, invalidWrite } from "./errors.js";
import { type AppendRecord, applyEditsInPlace } from "./edit.js";
import type { StateSnapshot } from "./model.js";
import { ShapeProblem, validateAppendRecord } from "./validate.js";

/** `base` is changed in place (a fresh read the caller owns) and returned with the last serial. */
export function replay(base: StateSnapshot, records: Iterable<unknown>, where: string): StateSnapshot {
  let serial = base.serial;
  let n = 0;
  for (const raw of records) {
    const r = checked(raw, `log record ${n++}`, where);
    if (r.serial <= serial && r.lineage === base.lineage) continue;
    if (r.lineage !== base.lineage || r.serial !== serial + 1) {
      throw corruptState(where, `its log holds serial ${r.serial} of lineage ${r.lineage} after serial ${serial} of lineage ${base.lineage}`);
    }
    applyEditsInPlace(base, r.edits);
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
  try {
    validateAppendRecord(JSON.parse(text), "append");
  } catch (e) {
    if (e instanceof ShapeProblem) throw invalidWrite(where, e.message, e);
    throw e;
  }
  return text;
}
