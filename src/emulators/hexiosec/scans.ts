/**
 * Scans: list, create, get (with `expand=iteration`), PATCH and delete (sheet, "scanform's
 * decisions"). `type` and `scan_group_id` cannot change after creation; enabling a scan starts an
 * iteration and disabling it cancels an unfinished one.
 */
import type { JsonValue } from "../../core/json.js";
import type { EmuResponse } from "../core/types.js";
import { apiError, invalid, json, noContent, notFound, parseObject } from "./answers.js";
import { isUuid } from "./ids.js";
import { advance, cancel, iterationWire, startIteration } from "./iteration.js";
import type { ScanRecord } from "./store.js";
import type { TenantContext } from "./tenant-context.js";

export const SCAN_TYPES = ["adhoc", "continuous_own", "continuous_vendor"] as const;

const CREATE_FIELDS = ["name", "scan_group_id", "type", "dns_namelist", "ignore_ip_nodes"];
const PATCH_FIELDS = ["enabled", "name", "dns_namelist", "ignore_ip_nodes"];
const FIXED_FIELDS = ["type", "scan_group_id"];

export function scanWire(scan: ScanRecord, withIteration: boolean, now: number): JsonValue {
  const base = {
    id: scan.id,
    name: scan.name,
    type: scan.type,
    scan_group_id: scan.scan_group_id,
    enabled: scan.enabled,
    dns_namelist: scan.dns_namelist,
    ignore_ip_nodes: scan.ignore_ip_nodes,
    created_at: scan.created_at,
  };
  if (!withIteration) return base;
  const latest = scan.iterations[scan.iterations.length - 1];
  if (latest !== undefined) advance(latest, now);
  return { ...base, iteration: latest === undefined ? null : iterationWire(latest) };
}

export const listScans = (c: TenantContext): EmuResponse => json(200, [...c.tenant.scans.values()].map((s) => scanWire(s, false, c.now())));

export function getScan(c: TenantContext, id: string, expand: readonly string[]): EmuResponse {
  const scan = c.tenant.scans.get(id);
  return scan === undefined ? notFound(`scan ${id}`) : json(200, scanWire(scan, expand.includes("iteration"), c.now()));
}

export function createScan(c: TenantContext, body: string): EmuResponse {
  const parsed = parseObject(body);
  if (!parsed.ok) return parsed.answer;
  const b = parsed.value;
  const unknown = Object.keys(b).filter((k) => !CREATE_FIELDS.includes(k));
  if (unknown.length > 0) return invalid("unknown_field", `unknown field(s) ${unknown.join(", ")}; a scan is created with ${CREATE_FIELDS.join(", ")}`);
  if (typeof b.name !== "string" || b.name.trim() === "") return invalid("invalid_name", "name is required and must be a non-empty string");
  if (typeof b.type !== "string" || !(SCAN_TYPES as readonly string[]).includes(b.type)) {
    return invalid("invalid_type", `type must be one of ${SCAN_TYPES.join(", ")}`);
  }
  if (typeof b.scan_group_id !== "string" || !isUuid(b.scan_group_id)) return invalid("invalid_scan_group_id", "scan_group_id is required and must be a UUID");
  const flags = booleanFields(b, ["dns_namelist", "ignore_ip_nodes"]);
  if (typeof flags === "string") return invalid("invalid_field", flags);
  const groupId = b.scan_group_id.toLowerCase();
  const group = c.tenant.groups.find((g) => g.id.toLowerCase() === groupId);
  // A group the user has no role in is invisible to them, so unknown and forbidden look alike (sheet: "403 tier/group").
  if (group === undefined || !group.writable) {
    return apiError(403, "forbidden", `you do not have permission to create scans in scan group ${b.scan_group_id}`);
  }
  const scan: ScanRecord = {
    id: c.newId(),
    name: b.name,
    type: b.type,
    scan_group_id: group.id,
    // A new scan does not run until `enabled: true` is sent (sheet §4, "Create scan").
    enabled: false,
    dns_namelist: flags.dns_namelist ?? false,
    ignore_ip_nodes: flags.ignore_ip_nodes ?? false,
    created_at: new Date(c.now()).toISOString(),
    seeds: [],
    iterations: [],
  };
  c.tenant.scans.set(scan.id, scan);
  return json(201, scanWire(scan, false, c.now()));
}

export function updateScan(c: TenantContext, id: string, body: string): EmuResponse {
  const scan = c.tenant.scans.get(id);
  if (scan === undefined) return notFound(`scan ${id}`);
  const parsed = parseObject(body);
  if (!parsed.ok) return parsed.answer;
  const b = parsed.value;
  for (const field of FIXED_FIELDS) {
    if (field in b && b[field] !== scan[field as "type" | "scan_group_id"]) {
      return invalid("immutable_field", `${field} cannot be changed after a scan is created; create a new scan instead`);
    }
  }
  const unknown = Object.keys(b).filter((k) => !PATCH_FIELDS.includes(k) && !FIXED_FIELDS.includes(k));
  if (unknown.length > 0) return invalid("unknown_field", `unknown field(s) ${unknown.join(", ")}; a scan's ${PATCH_FIELDS.join(", ")} can be updated`);
  if ("name" in b && (typeof b.name !== "string" || b.name.trim() === "")) return invalid("invalid_name", "name must be a non-empty string");
  const flags = booleanFields(b, ["enabled", "dns_namelist", "ignore_ip_nodes"]);
  if (typeof flags === "string") return invalid("invalid_field", flags);

  if (typeof b.name === "string") scan.name = b.name;
  if (flags.dns_namelist !== undefined) scan.dns_namelist = flags.dns_namelist;
  if (flags.ignore_ip_nodes !== undefined) scan.ignore_ip_nodes = flags.ignore_ip_nodes;
  if (flags.enabled !== undefined && flags.enabled !== scan.enabled) {
    scan.enabled = flags.enabled;
    const now = c.now();
    const latest = scan.iterations[scan.iterations.length - 1];
    if (latest !== undefined) advance(latest, now);
    if (flags.enabled) scan.iterations.push(startIteration(c.newId(), now, c.settings.timing, scan.seeds.length > 0 && !c.settings.failingScans.has(scan.name)));
    else if (latest !== undefined) cancel(latest, now);
  }
  return json(200, scanWire(scan, false, c.now()));
}

export function deleteScan(c: TenantContext, id: string): EmuResponse {
  return c.tenant.scans.delete(id) ? noContent() : notFound(`scan ${id}`);
}

/** The named fields that are present, or a message naming the first that is not true/false. */
function booleanFields(b: Record<string, unknown>, fields: readonly string[]): Partial<Record<string, boolean>> | string {
  const out: Partial<Record<string, boolean>> = {};
  for (const f of fields) {
    if (!(f in b)) continue;
    const v = b[f];
    if (typeof v !== "boolean") return `${f} must be true or false`;
    out[f] = v;
  }
  return out;
}
