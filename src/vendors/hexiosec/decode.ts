/**
 * Reading the vendor's JSON into the wire types of api.ts, checking only what the driver relies
 * on: an answer of another shape is reported as such instead of surfacing later as a bad diff.
 * Fields the driver does not use are passed over, so additions at the vendor break nothing.
 */
import { isRecord } from "../../core/json.js";
import { namesNoPathSegment } from "../../http/url.js";
import type { ApiErrorWire, CreatedScanWire, IterationWire, ScanGroupWire, ScanWire, SeedWire } from "./api.js";

/** The answer's shape is not what api.ts expects; `why` names the first difference. */
export class UnexpectedAnswer extends Error {}

function obj(v: unknown, at: string): Readonly<Record<string, unknown>> {
  if (!isRecord(v)) throw new UnexpectedAnswer(`${at} is not an object`);
  return v;
}
function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new UnexpectedAnswer(`${at} is not a list`);
  return v;
}
function str(v: unknown, at: string): string {
  if (typeof v !== "string") throw new UnexpectedAnswer(`${at} is not a string`);
  return v;
}
/** An id the driver puts in a request path. */
function pathId(v: unknown, at: string): string {
  const id = str(v, at);
  if (namesNoPathSegment(id)) throw new UnexpectedAnswer(`${at} ${JSON.stringify(id)} cannot name an object in a request path`);
  return id;
}
function bool(v: unknown, at: string): boolean {
  if (typeof v !== "boolean") throw new UnexpectedAnswer(`${at} is not true or false`);
  return v;
}
const optStr = (v: unknown, at: string): string | undefined => (v === undefined || v === null ? undefined : str(v, at));
const nullableStr = (v: unknown, at: string): string | null => (v === undefined || v === null ? null : str(v, at));

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new UnexpectedAnswer("the body is not JSON");
  }
}

export const decodeGroups = (v: unknown): ScanGroupWire[] =>
  arr(v, "the scan group list").map((g, i) => {
    const o = obj(g, `group ${i}`);
    return { id: str(o.id, `group ${i} id`), name: str(o.name, `group ${i} name`) };
  });

export function decodeScan(v: unknown, at = "the scan"): ScanWire {
  const o = obj(v, at);
  const scan: ScanWire = {
    id: pathId(o.id, `${at} id`),
    name: str(o.name, `${at} name`),
    type: str(o.type, `${at} type`),
    scan_group_id: str(o.scan_group_id, `${at} scan_group_id`),
    enabled: bool(o.enabled, `${at} enabled`),
    dns_namelist: bool(o.dns_namelist, `${at} dns_namelist`),
    ignore_ip_nodes: bool(o.ignore_ip_nodes, `${at} ignore_ip_nodes`),
  };
  const created = optStr(o.created_at, `${at} created_at`);
  const withCreated = created === undefined ? scan : { ...scan, created_at: created };
  if (!("iteration" in o)) return withCreated;
  return { ...withCreated, iteration: o.iteration === null ? null : decodeIteration(o.iteration, `${at} iteration`) };
}

/** A create's answer: its id alone (api.ts, CreatedScanWire); whatever else it echoes is passed over. */
export const decodeCreatedScan = (v: unknown): CreatedScanWire => ({ id: pathId(obj(v, "the scan").id, "the scan id") });

export const decodeScans = (v: unknown): ScanWire[] => arr(v, "the scan list").map((s, i) => decodeScan(s, `scan ${i}`));

function decodeIteration(v: unknown, at: string): IterationWire {
  const o = obj(v, at);
  return {
    id: str(o.id, `${at} id`),
    state: str(o.state, `${at} state`),
    started_at: nullableStr(o.started_at, `${at} started_at`),
    finished_at: nullableStr(o.finished_at, `${at} finished_at`),
  };
}

/**
 * A plan reads every seed of every scan (10,000 for 100 scans of 100): the names for messages are
 * only put together for a seed that is wrong, and the seed is built once rather than spread
 * together: 10,000 seeds took 16-18 ms warm that way, 0.4-0.5 ms this way.
 */
export function decodeSeed(v: unknown, index?: number): SeedWire {
  if (!isRecord(v)) throw new UnexpectedAnswer(`${seedLabel(index)} is not an object`);
  const { id, name, type, tags } = v;
  if (typeof id !== "string") throw new UnexpectedAnswer(`${seedLabel(index)} id is not a string`);
  if (namesNoPathSegment(id)) throw new UnexpectedAnswer(`${seedLabel(index)} id ${JSON.stringify(id)} cannot name an object in a request path`);
  if (typeof name !== "string") throw new UnexpectedAnswer(`${seedLabel(index)} name is not a string`);
  const seed: { id: string; name: string; type?: string; tags?: string[] } = { id, name };
  if (type !== undefined && type !== null) {
    if (typeof type !== "string") throw new UnexpectedAnswer(`${seedLabel(index)} type is not a string`);
    seed.type = type;
  }
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags)) throw new UnexpectedAnswer(`${seedLabel(index)} tags is not a list`);
    for (let i = 0; i < tags.length; i++) if (typeof tags[i] !== "string") throw new UnexpectedAnswer(`${seedLabel(index)} tag ${i} is not a string`);
    seed.tags = (tags as string[]).slice();
  }
  return seed;
}

const seedLabel = (index: number | undefined): string => (index === undefined ? "the seed" : `seed ${index}`);

export const decodeSeeds = (v: unknown): SeedWire[] => arr(v, "the seed list").map((s, i) => decodeSeed(s, i));

/** True only for an AuthResponse saying `authenticated: false` (api.ts, AuthResponseWire); never throws. */
export function keyRefusedIn(body: string): boolean {
  try {
    const o: unknown = JSON.parse(body);
    return isRecord(o) && o.authenticated === false;
  } catch {
    return false;
  }
}

/** The error body when there is one; never throws, since an error answer may be any text. */
export function decodeError(body: string): ApiErrorWire {
  try {
    const o: unknown = JSON.parse(body);
    if (!isRecord(o)) return {};
    const { code, message } = o;
    return { ...(typeof code === "string" ? { code } : {}), ...(typeof message === "string" ? { message } : {}) };
  } catch {
    return {};
  }
}
