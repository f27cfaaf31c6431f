/**
 * Search and count: Criteria (ANDed; operators by field type, vendors/qualys.md §3.1), then paging
 * by `limitResults` / `startFromOffset` over objects ordered by id, which is what makes
 * `id GREATER lastId` paging work (§3.2).
 */
import type { EmuResponse } from "../core/types.js";
import { QpsError, countOnly, success, type Envelope } from "./envelope.js";
import type { Operator } from "./schema.js";
import { child, childrenNamed, type XNode } from "./xml-in.js";
import type { Out } from "./xml-out.js";
import { ownEntry } from "../../core/own.js";

export type FieldType = "long" | "text" | "date" | "keyword" | "boolean" | "collection";
type Scalar = string | number | boolean;

export interface FieldDef<T> {
  readonly type: FieldType;
  /** Allowed values of a keyword field. */
  readonly values?: readonly string[];
  /** Every value the object has for the field (several for `tags.id`; none for an empty collection). */
  read(obj: T): readonly Scalar[];
}

export type Fields<T> = Readonly<Record<string, FieldDef<T>>>;

const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  long: ["EQUALS", "NOT EQUALS", "GREATER", "LESSER", "IN"],
  text: ["CONTAINS", "EQUALS", "NOT EQUALS"],
  date: ["EQUALS", "NOT EQUALS", "GREATER", "LESSER"],
  keyword: ["EQUALS", "NOT EQUALS", "IN"],
  boolean: ["EQUALS", "NOT EQUALS"],
  collection: ["NONE"],
};

const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;

function parseValue(field: string, def: FieldDef<unknown>, raw: string): Scalar {
  const v = raw.trim();
  const wrong = (resolution: string): QpsError => new QpsError("INVALID_REQUEST", `Criteria: Invalid value format for criteria '${field}' (${raw}).`, resolution);
  switch (def.type) {
    case "long":
      if (!/^-?\d+$/.test(v)) throw wrong("Specify criteria value(s) as Long.");
      return Number(v);
    case "date":
      if (!DATE.test(v)) throw wrong("Specify criteria value(s) as Date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ).");
      return Date.parse(v);
    case "boolean":
      if (v !== "true" && v !== "false") throw wrong("Values expected: true, false.");
      return v === "true";
    case "keyword":
      if (def.values !== undefined && !def.values.includes(v)) throw wrong(`Values expected: ${def.values.join(", ")}.`);
      return v;
    default:
      return raw;
  }
}

const comparable = (def: FieldDef<unknown>, v: Scalar): Scalar => (def.type === "date" && typeof v === "string" ? Date.parse(v) : v);

type Predicate<T> = (obj: T) => boolean;

function criterion<T>(node: XNode, fields: Fields<T>): Predicate<T> {
  const field = node.attrs.field ?? "";
  const operator = (node.attrs.operator ?? "EQUALS") as Operator;
  const def = ownEntry(fields, field);
  if (def === undefined) {
    throw new QpsError("INVALID_REQUEST", `Criteria: Unsupported field '${field}'.`, `Supported fields: ${Object.keys(fields).join(", ")}.`);
  }
  const allowed = OPERATORS_BY_TYPE[def.type];
  if (!allowed.includes(operator)) {
    throw new QpsError("INVALID_REQUEST", `Criteria: Unsupported operator '${operator}' for criteria '${field}'.`, `Operators for this field: ${allowed.join(", ")}.`);
  }
  const values = (obj: T): Scalar[] => def.read(obj).map((v) => comparable(def, v));
  if (operator === "NONE") return (obj) => def.read(obj).length === 0;
  if (operator === "IN") {
    const wanted = node.text.split(",").map((part) => parseValue(field, def, part));
    return (obj) => values(obj).some((v) => wanted.includes(v));
  }
  const x = parseValue(field, def, node.text);
  switch (operator) {
    case "EQUALS":
      return (obj) => values(obj).includes(x);
    case "NOT EQUALS":
      return (obj) => !values(obj).includes(x);
    case "CONTAINS":
      return (obj) => values(obj).some((v) => String(v).toLowerCase().includes(String(x).toLowerCase()));
    case "GREATER":
      return (obj) => values(obj).some((v) => v > x);
    case "LESSER":
      return (obj) => values(obj).some((v) => v < x);
  }
}

/** Objects matching every Criteria of the request, ordered by id. */
export function filterObjects<T extends { readonly id: number }>(request: XNode | undefined, objects: readonly T[], fields: Fields<T>): T[] {
  const filters = request === undefined ? undefined : child(request, "filters");
  const predicates = filters === undefined ? [] : childrenNamed(filters, "Criteria").map((c) => criterion(c, fields));
  return objects.filter((o) => predicates.every((p) => p(o))).sort((a, b) => a.id - b.id);
}

export interface Preferences {
  readonly limitResults: number;
  readonly startFromOffset: number;
  readonly verbose: boolean;
}

export const MAX_LIMIT_RESULTS = 1000;

export function readPreferences(request: XNode | undefined): Preferences {
  const prefs = request === undefined ? undefined : child(request, "preferences");
  const num = (name: string, fallback: number): number => {
    const n = prefs === undefined ? undefined : child(prefs, name);
    return n === undefined ? fallback : Number(n.text.trim());
  };
  const limitResults = num("limitResults", 100);
  const startFromOffset = num("startFromOffset", 1);
  // §3.2: limitResults is 1–1000.
  if (limitResults < 1 || limitResults > MAX_LIMIT_RESULTS) {
    throw new QpsError("INVALID_REQUEST", `Invalid value for limitResults (${limitResults}).`, `Specify a value between 1 and ${MAX_LIMIT_RESULTS}.`);
  }
  if (startFromOffset < 1) throw new QpsError("INVALID_REQUEST", `Invalid value for startFromOffset (${startFromOffset}).`, "Specify an offset of 1 or more.");
  const verbose = prefs === undefined ? undefined : child(prefs, "verbose");
  return { limitResults, startFromOffset, verbose: verbose !== undefined && ["true", "1"].includes(verbose.text.trim()) };
}

export interface PageOf<T> {
  readonly items: readonly T[];
  readonly hasMoreRecords: boolean;
  readonly lastId: number | undefined;
}

export function page<T extends { readonly id: number }>(matching: readonly T[], prefs: Preferences): PageOf<T> {
  const start = prefs.startFromOffset - 1;
  const items = matching.slice(start, start + prefs.limitResults);
  return { items, hasMoreRecords: start + items.length < matching.length, lastId: items.at(-1)?.id };
}

/** A search answer: the matching page, each object rendered in full or as a summary (`verbose`). */
export function searchAnswer<T extends { readonly id: number }>(
  env: Envelope,
  request: XNode | undefined,
  objects: readonly T[],
  fields: Fields<T>,
  render: (obj: T, verbose: boolean) => Out,
): EmuResponse {
  const prefs = readPreferences(request);
  const found = page(filterObjects(request, objects, fields), prefs);
  return success(env, { items: found.items.map((o) => render(o, prefs.verbose)), hasMoreRecords: found.hasMoreRecords, lastId: found.lastId });
}

export const countAnswer = <T extends { readonly id: number }>(env: Envelope, request: XNode | undefined, objects: readonly T[], fields: Fields<T>): EmuResponse =>
  countOnly(env, filterObjects(request, objects, fields).length);

/** The object with this id, or OBJECT_NOT_FOUND (its meaning per the sheet §4: missing or out of scope). */
export function findById<T extends { readonly id: number }>(objects: readonly T[], id: number, element: string): T {
  const found = objects.find((o) => o.id === id);
  if (found === undefined) throw new QpsError("OBJECT_NOT_FOUND", `${element} with id ${id} was not found.`, "Check the id, and that the object is in your scope.");
  return found;
}
