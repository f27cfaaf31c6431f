/**
 * A workspace for the import operations: real drivers (their kinds and id rules are what is under
 * test), state and manifests built in code, and an inventory answered from a list.
 */
import type { DesiredResource } from "../../src/manifest/model.js";
import type { Workspace } from "../../src/ops/workspace.js";
import type { StateEntry } from "../../src/state/model.js";
import type { InventoryItem } from "../../src/vendors/driver.js";
import { drivers } from "../../src/vendors/index.js";
import { desired, snapshot } from "../plan/fakes.js";

export function importWorkspace(o: { state?: readonly StateEntry[]; resources?: readonly DesiredResource[]; items?: readonly InventoryItem[] } = {}): Workspace {
  const state = o.state === undefined ? undefined : snapshot(o.state);
  return {
    desired: desired(o.resources ?? []),
    backend: { read: async () => state } as unknown as Workspace["backend"],
    drivers,
    connect: () => ({ session: { inventory: async () => o.items ?? [] } }) as unknown as ReturnType<Workspace["connect"]>,
    close: async () => {},
  };
}
