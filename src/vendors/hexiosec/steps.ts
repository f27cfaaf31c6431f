/**
 * The apply steps for `hexiosec.scan`. Create = POST the scan (checkpointed at once) → its seeds,
 * one per call → `enabled: true` last, so a scan never runs without its seeds (DESIGN.md, apply).
 * Update changes only the fields the plan's diffs name; `type` and `group` are replaced, never
 * updated (sheet decisions).
 */
import { ScanformError } from "../../core/errors.js";
import type { HexiosecScanSpec } from "../../manifest/model.js";
import type { Change } from "../../plan/change.js";
import { changedFieldSet } from "../../plan/field-diff.js";
import type { Ids, StepContext } from "../driver.js";
import type { UpdateScanBody } from "./api.js";
import type { CallOptions, HexiosecClient } from "./client.js";
import { findGroup } from "./groups.js";
import { addSeeds, syncSeeds } from "./seed-sync.js";

const REPLACED = ["type", "group"];

export async function createScan(client: HexiosecClient, change: Change & { action: "create" | "replace" }, ctx: StepContext): Promise<Ids> {
  const spec = change.after as unknown as HexiosecScanSpec;
  const o: CallOptions = { address: change.address, signal: ctx.signal };
  const groups = await client.listGroups(o);
  const group = findGroup(groups, spec.group);
  if (!group.ok) {
    throw new ScanformError(group.reason === "missing" ? "VENDOR_NOT_FOUND" : "VENDOR_AMBIGUOUS", `${change.address}: ${group.message}`, {
      hint: "Write the scan group's exact name or its UUID, as shown in the Hexiosec app.",
      detail: { vendor: "hexiosec", address: change.address, group: spec.group },
    });
  }
  const scan = await client.createScan(
    { name: spec.name, scan_group_id: group.group.id, type: spec.type, dns_namelist: spec.dnsNamelist, ignore_ip_nodes: spec.ignoreIpNodes },
    o,
  );
  const ids = { id: scan.id };
  await ctx.checkpoint(ids);
  await addSeeds(client, scan.id, spec.seeds, o);
  if (spec.enabled) await client.updateScan(scan.id, { enabled: true }, o);
  return ids;
}

export async function updateScan(client: HexiosecClient, change: Change & { action: "update" | "import" }, ctx: StepContext): Promise<void> {
  const id = scanId(change);
  const spec = change.after as unknown as HexiosecScanSpec;
  const o: CallOptions = { address: change.address, signal: ctx.signal };
  const changed = changedFieldSet(change.diffs);
  const fixed = REPLACED.filter((f) => changed.has(f));
  if (fixed.length > 0) {
    throw new ScanformError("VENDOR_VALIDATION", `${change.address}: Hexiosec cannot change a scan's ${fixed.join(" or ")} in place; it has to be replaced`, {
      hint: "This is a bug in the plan: these fields are marked `replace` in the driver's kind hints.",
      detail: { vendor: "hexiosec", address: change.address, fields: fixed },
    });
  }
  const first: { -readonly [K in keyof UpdateScanBody]: UpdateScanBody[K] } = {};
  if (changed.has("name")) first.name = spec.name;
  if (changed.has("dnsNamelist")) first.dns_namelist = spec.dnsNamelist;
  if (changed.has("ignoreIpNodes")) first.ignore_ip_nodes = spec.ignoreIpNodes;
  // Stopping comes first and starting last, so the scan never runs with a half-changed seed list.
  if (changed.has("enabled") && !spec.enabled) first.enabled = false;
  if (Object.keys(first).length > 0) await client.updateScan(id, first, o);
  if (changed.has("seeds")) await syncSeeds(client, id, spec.seeds, o);
  if (changed.has("enabled") && spec.enabled) await client.updateScan(id, { enabled: true }, o);
}

/** A scan already gone is what a delete wants, so a 404 is success. */
export async function deleteScan(client: HexiosecClient, change: Change & { action: "delete" | "replace" }, ctx: StepContext): Promise<void> {
  await client.deleteScan(scanId(change), { address: change.address, signal: ctx.signal });
}

function scanId(change: Change): string {
  const id = change.ids.id;
  if (id === undefined || id === "") {
    throw new ScanformError("VENDOR_NOT_FOUND", `${change.address}: no Hexiosec scan id is known, so scanform cannot ${change.action} it`, {
      hint: "Run `scanform plan` again: it finds the scan by its recorded id or by name.",
      detail: { vendor: "hexiosec", address: change.address },
    });
  }
  return id;
}

