/**
 * Every Hexiosec scan the key can see, with all its seeds, in manifest terms: what `scanform
 * import` writes. The group is written by name, or by UUID when another group shares the name;
 * untagged seeds are listed too, since a manifest that lists an untagged seed counts it as present
 * and never adds it again (seeds.ts).
 */
import type { JsonObject } from "../../core/json.js";
import type { HexiosecScanSpec } from "../../manifest/model.js";
import type { InventoryItem } from "../driver.js";
import type { ScanGroupWire } from "./api.js";
import type { HexiosecClient } from "./client.js";
import { findGroup, groupAsWritten } from "./groups.js";
import { isManaged, seedValue } from "./seeds.js";
import { SCAN_KIND } from "./observe.js";

export async function inventoryScans(client: HexiosecClient, signal?: AbortSignal): Promise<readonly InventoryItem[]> {
  const o = signal === undefined ? {} : { signal };
  const [groups, scans] = await Promise.all([client.listGroups(o), client.listScans(o)]);
  const seeds = await Promise.all(scans.map((s) => client.listSeeds(s.id, o)));
  return scans.map((scan, i): InventoryItem => {
    const all = seeds[i] ?? [];
    const spec: HexiosecScanSpec = {
      name: scan.name,
      group: unambiguousGroup(groups, scan.scan_group_id),
      type: scan.type as HexiosecScanSpec["type"],
      seeds: [...new Set(all.map(seedValue))].sort(),
      enabled: scan.enabled,
      dnsNamelist: scan.dns_namelist,
      ignoreIpNodes: scan.ignore_ip_nodes,
    };
    const untagged = all.filter((s) => !isManaged(s)).length;
    return {
      kind: SCAN_KIND,
      ids: { id: scan.id },
      spec: spec as unknown as JsonObject,
      comment: `hexiosec scan ${scan.id}${untagged > 0 ? `; ${untagged} seed${untagged === 1 ? "" : "s"} without the scanform tag, kept, never removed` : ""}`,
    };
  });
}

/** A name another group shares would make the plan refuse the scan as ambiguous: the UUID then. */
function unambiguousGroup(groups: readonly ScanGroupWire[], groupId: string): string {
  const written = groupAsWritten(groups, groupId, undefined);
  const found = findGroup(groups, written);
  return found.ok && found.group.id.toLowerCase() === groupId.toLowerCase() ? written : groupId;
}
