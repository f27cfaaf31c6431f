/**
 * Shape check of a snapshot at the current format version. Reading trusts nothing: a file edited
 * by hand or cut short must fail loudly, naming the field, instead of planning against half a state.
 */
import { isRecord, type JsonObject } from "../core/json.js";
import type { AppendRecord, StateEdit } from "./edit.js";
import type { JournalEntry, RunRecord, StateEntry, StateSnapshot } from "./model.js";
import { STATE_FORMAT_VERSION } from "./model.js";

/** A field that is not what the format says; `path` is dotted, e.g. `resources["a.b.c"].ids`. */
export class ShapeProblem extends Error {
  constructor(readonly path: string, readonly expected: string) {
    super(`${path} must be ${expected}`);
  }
}

type Raw = Readonly<Record<string, unknown>>;

function record(v: unknown, path: string): Raw {
  if (!isRecord(v)) throw new ShapeProblem(path, "an object");
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== "string" || v === "") throw new ShapeProblem(path, "a non-empty string");
  return v;
}

function count(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new ShapeProblem(path, "a whole number ≥ 0");
  return v;
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new ShapeProblem(path, `one of ${allowed.join(", ")}`);
  return v as T;
}

function ids(v: unknown, path: string): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, id] of Object.entries(record(v, path))) out[k] = text(id, `${path}.${k}`);
  return out;
}

function run(v: unknown, path: string): RunRecord {
  const r = record(v, path);
  return { id: text(r.id, `${path}.id`), launchedAt: text(r.launchedAt, `${path}.launchedAt`), specDigest: text(r.specDigest, `${path}.specDigest`) };
}

function entry(v: unknown, address: string, path: string): StateEntry {
  const r = record(v, path);
  if (r.address !== address) throw new ShapeProblem(`${path}.address`, `its key, ${JSON.stringify(address)}`);
  if (typeof r.protect !== "boolean") throw new ShapeProblem(`${path}.protect`, "true or false");
  return {
    address,
    vendor: text(r.vendor, `${path}.vendor`),
    kind: text(r.kind, `${path}.kind`),
    ids: ids(r.ids, `${path}.ids`),
    // Parsed JSON, so an object here is a JsonObject.
    spec: record(r.spec, `${path}.spec`) as JsonObject,
    digest: text(r.digest, `${path}.digest`),
    protect: r.protect,
    origin: oneOf(r.origin, `${path}.origin`, ["created", "adopted"] as const),
    ...(r.lastRun === undefined ? {} : { lastRun: run(r.lastRun, `${path}.lastRun`) }),
    updatedAt: text(r.updatedAt, `${path}.updatedAt`),
  };
}

function journalEntry(v: unknown, path: string): JournalEntry {
  const r = record(v, path);
  return {
    id: text(r.id, `${path}.id`),
    address: text(r.address, `${path}.address`),
    vendor: text(r.vendor, `${path}.vendor`),
    kind: text(r.kind, `${path}.kind`),
    operation: oneOf(r.operation, `${path}.operation`, ["create", "launch"] as const),
    naturalKey: text(r.naturalKey, `${path}.naturalKey`),
    specDigest: text(r.specDigest, `${path}.specDigest`),
    startedAt: text(r.startedAt, `${path}.startedAt`),
  };
}

/** Throws ShapeProblem at the first field that does not fit the current format. */
export function validateSnapshot(raw: unknown): StateSnapshot {
  const r = record(raw, "state");
  if (r.version !== STATE_FORMAT_VERSION) throw new ShapeProblem("version", String(STATE_FORMAT_VERSION));
  const resources: Record<string, StateEntry> = {};
  for (const [address, v] of Object.entries(record(r.resources, "resources"))) {
    resources[address] = entry(v, address, `resources[${JSON.stringify(address)}]`);
  }
  if (!Array.isArray(r.journal)) throw new ShapeProblem("journal", "a list");
  return {
    version: STATE_FORMAT_VERSION,
    lineage: text(r.lineage, "lineage"),
    serial: count(r.serial, "serial"),
    resources,
    journal: r.journal.map((e: unknown, i) => journalEntry(e, `journal[${i}]`)),
  };
}

/** Throws ShapeProblem at the first field of an append record (edit.ts) that does not fit. */
export function validateAppendRecord(raw: unknown, path: string): AppendRecord {
  const r = record(raw, path);
  if (!Array.isArray(r.edits)) throw new ShapeProblem(`${path}.edits`, "a list");
  return { lineage: text(r.lineage, `${path}.lineage`), serial: count(r.serial, `${path}.serial`), edits: r.edits.map((e: unknown, i) => edit(e, `${path}.edits[${i}]`)) };
}

function edit(v: unknown, path: string): StateEdit {
  const r = record(v, path);
  if (isRecord(r.put)) return { put: entry(r.put, text(r.put.address, `${path}.put.address`), `${path}.put`) };
  if (r.drop !== undefined) return { drop: text(r.drop, `${path}.drop`) };
  if (r.open !== undefined) return { open: journalEntry(r.open, `${path}.open`) };
  if (r.close !== undefined) return { close: text(r.close, `${path}.close`) };
  throw new ShapeProblem(path, "one of put, drop, open, close");
}
