/**
 * The emulator's in-memory tenant: scan groups, scans, their seeds and iterations. Plain JSON-able
 * records, so dump/load are a copy and a shape check.
 */
import type { JsonValue } from "../../core/json.js";
import type { IterationRecord } from "./iteration.js";

export interface GroupRecord {
  readonly id: string;
  readonly name: string;
  /** false: the key's user may see the group but not create scans in it (403, sheet: "403 tier/group"). */
  readonly writable: boolean;
}

export interface SeedRecord {
  readonly id: string;
  readonly name: string;
  /** As sent; the API compares types case-insensitively (sheet §4, case quirk). */
  readonly type: string;
  readonly tags: readonly string[];
}

export interface ScanRecord {
  readonly id: string;
  name: string;
  readonly type: string;
  readonly scan_group_id: string;
  enabled: boolean;
  dns_namelist: boolean;
  ignore_ip_nodes: boolean;
  readonly created_at: string;
  readonly seeds: SeedRecord[];
  /** Oldest first; the last is "the latest iteration". */
  readonly iterations: IterationRecord[];
}

export interface Tenant {
  groups: GroupRecord[];
  /** By id, in creation order (the order of the list call). */
  scans: Map<string, ScanRecord>;
}

export function emptyTenant(groups: readonly GroupRecord[]): Tenant {
  return { groups: groups.map((g) => ({ ...g })), scans: new Map() };
}

export function dumpTenant(t: Tenant): JsonValue {
  return JSON.parse(JSON.stringify({ groups: t.groups, scans: [...t.scans.values()] })) as JsonValue;
}

/** Rebuilds a tenant from `dumpTenant` output; throws on a shape it cannot use (inspection answers 400). */
export function loadTenant(value: JsonValue): Tenant {
  const root = object(value, "state");
  const groups = list(root.groups, "groups").map((g, i) => {
    const o = object(g, `groups[${i}]`);
    return { id: str(o.id, `groups[${i}].id`), name: str(o.name, `groups[${i}].name`), writable: o.writable !== false };
  });
  const scans = new Map<string, ScanRecord>();
  list(root.scans, "scans").forEach((s, i) => {
    const at = `scans[${i}]`;
    const o = object(s, at);
    const scan: ScanRecord = {
      id: str(o.id, `${at}.id`),
      name: str(o.name, `${at}.name`),
      type: str(o.type, `${at}.type`),
      scan_group_id: str(o.scan_group_id, `${at}.scan_group_id`),
      enabled: bool(o.enabled, `${at}.enabled`),
      dns_namelist: bool(o.dns_namelist, `${at}.dns_namelist`),
      ignore_ip_nodes: bool(o.ignore_ip_nodes, `${at}.ignore_ip_nodes`),
      created_at: str(o.created_at, `${at}.created_at`),
      seeds: list(o.seeds ?? [], `${at}.seeds`).map((d, j) => {
        const so = object(d, `${at}.seeds[${j}]`);
        const tags = list(so.tags ?? [], `${at}.seeds[${j}].tags`).map((t, k) => str(t, `${at}.seeds[${j}].tags[${k}]`));
        return { id: str(so.id, `${at}.seeds[${j}].id`), name: str(so.name, `${at}.seeds[${j}].name`), type: str(so.type, `${at}.seeds[${j}].type`), tags };
      }),
      iterations: list(o.iterations ?? [], `${at}.iterations`).map((d, j) => iteration(d, `${at}.iterations[${j}]`)),
    };
    scans.set(scan.id, scan);
  });
  return { groups, scans };
}

function iteration(value: unknown, at: string): IterationRecord {
  const o = object(value, at);
  const orNull = <T>(v: unknown, check: (v: unknown, at: string) => T, field: string): T | null => (v === null || v === undefined ? null : check(v, `${at}.${field}`));
  return {
    id: str(o.id, `${at}.id`),
    state: str(o.state, `${at}.state`),
    started_at: orNull(o.started_at, str, "started_at"),
    finished_at: orNull(o.finished_at, str, "finished_at"),
    runningAt: orNull(o.runningAt, num, "runningAt"),
    finishAt: orNull(o.finishAt, num, "finishAt"),
    outcome: o.outcome === "failed" ? "failed" : "completed",
  };
}

function object(v: unknown, at: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error(`${at} must be an object`);
  return v as Record<string, unknown>;
}
function list(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${at} must be a list`);
  return v;
}
function str(v: unknown, at: string): string {
  if (typeof v !== "string") throw new Error(`${at} must be a string`);
  return v;
}
function num(v: unknown, at: string): number {
  if (typeof v !== "number") throw new Error(`${at} must be a number`);
  return v;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== "boolean") throw new Error(`${at} must be true or false`);
  return v;
}
