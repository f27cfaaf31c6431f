/**
 * Short calls fitted around long ones. Observe's paged searches are chains (a page cannot be asked
 * for before the previous one names its cursor), so they are the critical path: a name lookup
 * queued ahead of a page in the client's concurrency queue delays the whole chain. Lookups therefore
 * run only in the slots the chains leave free, one at a time per slot, in order, and take over a
 * chain's slot when it ends (observe.ts ends a search's chain when its last page has answered, so
 * the lookups go out while that page is read).
 */

/**
 * Starts `tasks` in order across the free slots: `slots` minus the `chains` still running, one more
 * each time a chain resolves, never more than `slots` lanes. A chain that fails frees nothing (the
 * caller is failing anyway). One promise per task, settled as its task settles.
 */
export function inFreeSlots<T>(tasks: readonly (() => Promise<T>)[], slots: number, chains: readonly Promise<unknown>[]): Promise<T>[] {
  const settle: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const results = tasks.map(() => new Promise<T>((resolve, reject) => settle.push({ resolve, reject })));
  let next = 0;
  async function lane(): Promise<void> {
    while (next < tasks.length) {
      const i = next++;
      try {
        settle[i]!.resolve(await tasks[i]!());
      } catch (e) {
        settle[i]!.reject(e);
      }
    }
  }
  let lanes = 0;
  const open = (): void => {
    if (lanes >= Math.max(1, slots)) return;
    lanes += 1;
    void lane();
  };
  for (let i = chains.length; i < slots; i++) open();
  for (const chain of chains) chain.then(open, () => undefined);
  return results;
}
