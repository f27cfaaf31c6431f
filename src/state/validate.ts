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

/**
 * Where a value sits: spelled out only when it does not fit, since a state of thousands of
 * entries is read at the start of every plan and most of the check's time went into building a
 * dozen path strings per entry. `field`, when given, is a field of the object at `where`.
 */
type Where = string | (() => string);

const spell = (where: Where, field?: string): string => {
  const path = typeof where === "string" ? where : where();
  return field === undefined ? path : `${path}.${field}`;
};

function record(v: unknown, where: Where, field?: string): Raw {
  if (!isRecord(v)) throw new ShapeProblem(spell(where, field), "an object");
  return v;
}

function text(v: unknown, where: Where, field?: string): string {
  if (typeof v !== "string" || v === "") throw new ShapeProblem(spell(where, field), "a non-empty string");
  return v;
}

function count(v: unknown, where: Where, field?: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new ShapeProblem(spell(where, field), "a whole number ≥ 0");
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: Where, field?: string): T {
  if (!allowed.includes(v as T)) throw new ShapeProblem(spell(where, field), `one of ${allowed.join(", ")}`);
  return v as T;
}

/** The parsed object itself once every id is text: it was parsed for this read, and nothing else holds it. */
function ids(v: unknown, where: Where, field: string): Readonly<Record<string, string>> {
  const r = record(v, where, field);
  for (const k of Object.keys(r)) text(r[k], () => `${spell(where, field)}.${k}`);
  return r as Readonly<Record<string, string>>;
}

function run(v: unknown, where: string): RunRecord {
  const r = record(v, where);
  return { id: text(r.id, where, "id"), launchedAt: text(r.launchedAt, where, "launchedAt"), specDigest: text(r.specDigest, where, "specDigest") };
}

const ORIGINS = ["created", "adopted"] as const;

function entry(v: unknown, address: string, where: Where): StateEntry {
  const r = record(v, where);
  if (r.address !== address) throw new ShapeProblem(spell(where, "address"), `its key, ${JSON.stringify(address)}`);
  if (typeof r.protect !== "boolean") throw new ShapeProblem(spell(where, "protect"), "true or false");
  return {
    address,
    vendor: text(r.vendor, where, "vendor"),
    kind: text(r.kind, where, "kind"),
    ids: ids(r.ids, where, "ids"),
    // Parsed JSON, so an object here is a JsonObject.
    spec: record(r.spec, where, "spec") as JsonObject,
    digest: text(r.digest, where, "digest"),
    protect: r.protect,
    origin: oneOf(r.origin, ORIGINS, where, "origin"),
    ...(r.lastRun === undefined ? {} : { lastRun: run(r.lastRun, spell(where, "lastRun")) }),
    updatedAt: text(r.updatedAt, where, "updatedAt"),
  };
}

const OPERATIONS = ["create", "launch"] as const;

function journalEntry(v: unknown, where: string): JournalEntry {
  const r = record(v, where);
  return {
    id: text(r.id, where, "id"),
    address: text(r.address, where, "address"),
    vendor: text(r.vendor, where, "vendor"),
    kind: text(r.kind, where, "kind"),
    operation: oneOf(r.operation, OPERATIONS, where, "operation"),
    naturalKey: text(r.naturalKey, where, "naturalKey"),
    specDigest: text(r.specDigest, where, "specDigest"),
    startedAt: text(r.startedAt, where, "startedAt"),
  };
}

/** What parseAddress accepts, tested without building its parts: a read checks every key of a state. */
const ADDRESS = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*\..+$/;

/**
 * Only an address may key the resources table. A key such as `__proto__` is no address, and set on a
 * plain object it changes the object's prototype instead of adding an entry: the entry would vanish.
 */
function addressKey(key: string): string {
  if (!ADDRESS.test(key)) throw new ShapeProblem(`resources[${JSON.stringify(key)}]`, "keyed by an address of the form vendor.kind.name");
  return key;
}

function address(v: unknown, path: string): string {
  const a = text(v, path);
  if (!ADDRESS.test(a)) throw new ShapeProblem(path, "an address of the form vendor.kind.name");
  return a;
}

/** Throws ShapeProblem at the first field that does not fit the current format. */
export function validateSnapshot(raw: unknown): StateSnapshot {
  const r = record(raw, "state");
  if (r.version !== STATE_FORMAT_VERSION) throw new ShapeProblem("version", String(STATE_FORMAT_VERSION));
  const resources: Record<string, StateEntry> = {};
  const held = record(r.resources, "resources");
  for (const key of Object.keys(held)) {
    resources[addressKey(key)] = entry(held[key], key, () => `resources[${JSON.stringify(key)}]`);
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
  if (isRecord(r.put)) return { put: entry(r.put, address(r.put.address, `${path}.put.address`), `${path}.put`) };
  if (r.drop !== undefined) return { drop: address(r.drop, `${path}.drop`) };
  if (r.open !== undefined) return { open: journalEntry(r.open, `${path}.open`) };
  if (r.close !== undefined) return { close: text(r.close, `${path}.close`) };
  throw new ShapeProblem(path, "one of put, drop, open, close");
}
