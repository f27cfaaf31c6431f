/**
 * The last look before apply's first vendor call: the lock is still this run's and the state is
 * where the plan left it. Between the plan and the answer at the prompt a person may have run
 * force-unlock and a second apply; acting then on the old plan would undo or duplicate its work.
 */
import { ScanformError } from "../core/errors.js";
import type { LockInfo, Locker, StateReader } from "../state/capabilities.js";
import { formatHolder } from "../state/lock-info.js";
import type { StateVersion } from "../state/model.js";
import { versionOf } from "../state/snapshot.js";

const HINT = "Nothing was changed. Run `scanform apply` again: it plans against the state as it is now.";

/** Throws PLAN_STALE when the lock was freed or taken since `held` was issued, or the state moved from `planned`. */
export async function checkStillHeld(backend: Locker & StateReader & { readonly describe: string }, held: LockInfo, planned: StateVersion | undefined): Promise<void> {
  const holder = await backend.lockInfo();
  if (holder?.id !== held.id) {
    const now = holder ? `it is now held by ${formatHolder(holder)}` : "it is now free";
    throw new ScanformError("PLAN_STALE", `This apply no longer holds the state lock at ${backend.describe} (lock ID ${held.id}): ${now}; someone ran force-unlock.`, {
      hint: HINT,
      detail: { held, holder },
    });
  }
  const stored = await backend.read();
  const current = stored && versionOf(stored);
  if (current?.lineage !== planned?.lineage || current?.serial !== planned?.serial) {
    throw new ScanformError("PLAN_STALE", `The state at ${backend.describe} moved since this apply planned: ${describe(planned)} is now ${describe(current)}.`, {
      hint: HINT,
      detail: { planned, current },
    });
  }
}

const describe = (v: StateVersion | undefined): string => (v ? `lineage ${v.lineage} serial ${v.serial}` : "no state");
