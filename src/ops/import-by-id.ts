/**
 * import by id: for a kind the vendor can neither list nor read (Cortex definitions), a manifest
 * block that takes over one object by its console id (`adopt: {id}`). Nothing is read at the vendor
 * and nothing is written to state; the next plan shows an import whose apply OVERWRITES the object
 * with the manifest, since what it holds today cannot be shown (docs/import.md).
 */
import { parseAddress } from "../core/address.js";
import { ScanformError } from "../core/errors.js";
import { holdsIds } from "../plan/adopt-id-policy.js";
import type { Workspace } from "./workspace.js";

export interface ImportByIdOptions {
  readonly vendor: string;
  readonly address: string;
  readonly id: string;
}

export interface ImportById {
  readonly vendor: string;
  readonly kind: string;
  readonly key: string;
  readonly id: string;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export async function importByIdOperation(ws: Workspace, options: ImportByIdOptions): Promise<ImportById> {
  const driver = ws.drivers.get(options.vendor);
  if (!driver) throw new ScanformError("IMPORT_UNKNOWN_VENDOR", `scanform has no driver for the vendor ${options.vendor}.`, { hint: `Known vendors: ${[...ws.drivers.keys()].sort().join(", ")}.` });
  const byId = Object.entries(driver.kinds).filter(([, k]) => k.adoptById !== undefined).map(([kind]) => kind);
  const parts = parseAddress(options.address);
  if (parts === undefined || parts.vendor !== options.vendor || !byId.includes(parts.kind) || !KEY.test(parts.name)) {
    throw new ScanformError("IMPORT_ADDRESS", `${options.address} is not an address scanform can import by id at ${options.vendor}.`, {
      hint: byId.length === 0 ? `${options.vendor} lists its objects: import without --address and --id.` : `Write ${byId.map((k) => `${options.vendor}.${k}.KEY`).join(" or ")}; a key holds letters, digits, - and _.`,
    });
  }
  // The ids the vendor records for what was typed (its one spelling of them), or its refusal.
  const ids = driver.idsFromConsole(parts.kind, options.id);
  const state = await ws.backend.read();
  const managed = Object.values(state?.resources ?? {}).find((e) => e.address === options.address || (e.vendor === options.vendor && e.kind === parts.kind && holdsIds(e.ids, ids)));
  if (managed !== undefined) throw new ScanformError("IMPORT_MANAGED", `${managed.address} is in the state already (ids ${Object.values(managed.ids).join(", ")}); there is nothing to import.`);
  if (ws.desired.resources.some((r) => r.address === options.address)) {
    throw new ScanformError("IMPORT_DECLARED", `${options.address} is declared in the manifests already.`, { hint: `Add \`adopt: {id: "${options.id}"}\` to it there, or import under another key.` });
  }
  // A kind taken over by id records that one id, so its value is the id in the vendor's spelling.
  const recorded = Object.values(ids);
  return { vendor: options.vendor, kind: parts.kind, key: parts.name, id: recorded.length === 1 ? (recorded[0] ?? options.id) : options.id };
}
