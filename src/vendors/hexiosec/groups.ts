/**
 * Scan groups are written in manifests by name or by UUID (`scan_group_id`, sheet §4) and resolved
 * against GET /v1/scan_groups. A UUID is matched case-insensitively; a name exactly.
 */
import { quoteVendorText } from "../../http/limits.js";
import type { ScanGroupWire } from "./api.js";
import type { CallOptions } from "./client.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const looksLikeId = (written: string): boolean => UUID.test(written);

export type GroupLookup =
  | { readonly ok: true; readonly group: ScanGroupWire }
  | { readonly ok: false; readonly reason: "missing" | "ambiguous"; readonly message: string };

export function findGroup(groups: readonly ScanGroupWire[], written: string): GroupLookup {
  const byId = groups.find((g) => g.id.toLowerCase() === written.toLowerCase());
  if (byId !== undefined) return { ok: true, group: byId };
  const byName = groups.filter((g) => g.name === written);
  if (byName.length === 1) return { ok: true, group: byName[0]! };
  if (byName.length > 1) {
    return {
      ok: false,
      reason: "ambiguous",
      message: `${byName.length} Hexiosec scan groups are named ${JSON.stringify(written)} (${quoteVendorText(byName.map((g) => g.id).join(", "))}); write the UUID of the one you mean`,
    };
  }
  const known = groups.map((g) => g.name).sort();
  return {
    ok: false,
    reason: "missing",
    message: `no Hexiosec scan group ${looksLikeId(written) ? "has the id" : "is named"} ${JSON.stringify(written)}; the API key can see ${known.length === 0 ? "no groups" : quoteVendorText(known.join(", "))}`,
  };
}

/**
 * A scan's group in the form the manifest writes it, so equal groups compare equal: a UUID when
 * the manifest (or state) wrote one, the group's name otherwise; the raw id for a group the key
 * cannot see.
 */
export function groupAsWritten(groups: readonly ScanGroupWire[], groupId: string, written: string | undefined): string {
  if (written !== undefined && looksLikeId(written)) return written.toLowerCase() === groupId.toLowerCase() ? written : groupId;
  return groups.find((g) => g.id.toLowerCase() === groupId.toLowerCase())?.name ?? groupId;
}

/**
 * Every way the manifests or state wrote the scan's group, with its UUID and name: they all name one
 * group, so the plan compares them as equal (a group first written as its UUID, then as its name).
 */
export function groupSpellings(groups: readonly ScanGroupWire[], groupId: string, written: readonly unknown[]): string[] {
  const namesIt = (w: unknown): w is string => {
    if (typeof w !== "string") return false;
    const found = findGroup(groups, w);
    return found.ok && found.group.id.toLowerCase() === groupId.toLowerCase();
  };
  const name = groups.find((g) => g.id.toLowerCase() === groupId.toLowerCase())?.name;
  return [...new Set([groupId, ...[name, ...written].filter(namesIt)])];
}

/**
 * Lists scan groups once per session (one command): observe's listing then serves every create
 * after it, instead of one more GET /v1/scan_groups per new scan. Only a successful answer is kept.
 */
export function rememberGroups<C extends { listGroups(o?: CallOptions): Promise<ScanGroupWire[]> }>(client: C): C {
  let groups: Promise<ScanGroupWire[]> | undefined;
  const listGroups = (o?: CallOptions): Promise<ScanGroupWire[]> => {
    groups ??= client.listGroups(o).catch((e: unknown) => {
      groups = undefined;
      throw e;
    });
    return groups;
  };
  return { ...client, listGroups };
}
