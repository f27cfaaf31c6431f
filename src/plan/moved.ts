/**
 * `moved:` renames state addresses, so a renamed block is a rename instead of delete + create.
 * Moves apply in manifest order, so `a → b` then `b → c` chains. A move whose `from` is no longer
 * in state has already been applied (blocks stay in the manifests after apply) and is skipped. The
 * specs that refer to a moved address are renamed as apply will rename them.
 */
import type { Address } from "../core/address.js";
import { parseAddress } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { Moved } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import { renameReferences } from "../state/rename-references.js";
import type { Move } from "./change.js";

export interface MovedState {
  /** State entries by address, renamed. */
  readonly resources: ReadonlyMap<Address, StateEntry>;
  readonly moves: readonly Move[];
  readonly diagnostics: readonly Diagnostic[];
}

export function applyMoves(resources: Readonly<Record<Address, StateEntry>>, moved: readonly Moved[]): MovedState {
  // Filled key by key: Object.entries would build a pair for each of thousands of entries first.
  const byAddress = new Map<Address, StateEntry>();
  for (const address of Object.keys(resources)) byAddress.set(address, resources[address]!);
  const moves: Move[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const m of moved) {
    const entry = byAddress.get(m.from);
    if (entry === undefined) continue;
    const from = parseAddress(m.from);
    const to = parseAddress(m.to);
    if (!from || !to || from.vendor !== to.vendor || from.kind !== to.kind) {
      diagnostics.push({
        code: "PLAN_MOVED_KIND",
        severity: "error",
        message: `moved: ${m.from} cannot move to ${m.to}: a move only renames, within one vendor and kind.`,
        hint: "Remove this moved entry; to change the kind, delete the old resource and declare a new one.",
        source: m.source,
      });
      continue;
    }
    if (byAddress.has(m.to)) {
      diagnostics.push({
        code: "PLAN_MOVED_CONFLICT",
        severity: "error",
        message: `moved: ${m.from} cannot move to ${m.to}: state already holds ${m.to}.`,
        hint: `Remove this moved entry, or run \`scanform state rm ${m.to}\` if that entry is stale.`,
        source: m.source,
      });
      continue;
    }
    byAddress.delete(m.from);
    for (const [address, e] of byAddress) byAddress.set(address, renameReferences(e, m.from, m.to));
    byAddress.set(m.to, renameReferences({ ...entry, address: m.to }, m.from, m.to));
    moves.push({ from: m.from, to: m.to });
  }
  return { resources: byAddress, moves, diagnostics };
}

/** Where an address that state knew before the moves lives now. */
export function movedAddress(moves: readonly Move[], address: Address): Address {
  let current = address;
  for (const m of moves) if (m.from === current) current = m.to;
  return current;
}
