/**
 * Runs a body holding the state lock, named for the operation so others see what holds it; the
 * body gets the lock it holds, and the signal that aborts if the lock is lost under it.
 */
import type { LockInfo, Locker } from "../state/capabilities.js";
import type { LockRequest } from "../state/lock-info.js";

export async function withLock<T>(backend: Locker, request: LockRequest, timeoutMs: number, body: (held: LockInfo, lost: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const handle = await backend.lock(request, { timeoutMs });
  try {
    return await body(handle.info, handle.lost);
  } finally {
    await handle.release();
  }
}
