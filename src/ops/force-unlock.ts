/**
 * force-unlock: free a state lock by its id. A wrong id changes nothing, so a lock taken since by
 * another run is never freed by mistake; a holder still running on this host is refused whatever
 * the caller says; otherwise `confirm` decides (a person on a terminal, or --force in a script).
 */
import type { LockInfo, Locker } from "../state/capabilities.js";
import { lockHolderRunning, lockIdMismatch } from "../state/errors.js";
import { holderProcess } from "../state/lock-info.js";

export type ForceUnlockOutcome = { readonly kind: "freed" | "kept"; readonly holder: LockInfo };

export async function forceUnlockOperation(backend: Locker & { readonly describe: string }, id: string, confirm: (holder: LockInfo) => Promise<boolean>): Promise<ForceUnlockOutcome> {
  const holder = await backend.lockInfo();
  if (holder?.id !== id) throw lockIdMismatch(backend.describe, id, holder);
  if (holderProcess(holder) === "running") throw lockHolderRunning(backend.describe, holder);
  if (!(await confirm(holder))) return { kind: "kept", holder };
  await backend.forceUnlock(id);
  return { kind: "freed", holder };
}
