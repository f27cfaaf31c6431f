/** Runs a body holding the state lock, named for the operation so others see what holds it. */
import type { Locker } from "../state/capabilities.js";
import type { LockRequest } from "../state/lock-info.js";

export async function withLock<T>(backend: Locker, request: LockRequest, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  const handle = await backend.lock(request, { timeoutMs });
  try {
    return await body();
  } finally {
    await handle.release();
  }
}
