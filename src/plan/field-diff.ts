/**
 * Field-level comparison of two specs of one kind, driven only by the kind's FieldRules: sets are
 * compared as sets (order never yields a change), `ignore`d fields never diff, nested objects diff
 * by dotted path so a reviewer sees `schedule.at` rather than the whole schedule.
 */
import { canonicalJson, type JsonObject, type JsonValue } from "../core/json.js";
import type { FieldRule } from "../vendors/driver.js";
import type { FieldDiff, Spec } from "./change.js";
import { sameJson } from "./same-json.js";
import { ownEntry } from "../core/own.js";

const IN_PLACE: FieldRule = { update: "in-place" };

export function diffFields(
  before: Spec,
  after: Spec,
  rules: Readonly<Record<string, FieldRule>>,
  ignore: readonly string[] = [],
): FieldDiff[] {
  // Most specs match: equal values cannot differ as a set or at any path, so the field walk is skipped.
  if (sameJson(before, after)) return [];
  const out: FieldDiff[] = [];
  for (const field of unionKeys(before, after)) {
    if (isIgnored(field, ignore)) continue;
    const rule = ownEntry(rules, field) ?? IN_PLACE;
    const forcesReplace = rule.update === "replace";
    const b = before[field];
    const a = after[field];
    if (rule.set === true && isArrayOrAbsent(b) && isArrayOrAbsent(a)) {
      const d = diffSet(field, b ?? [], a ?? [], forcesReplace);
      if (d) out.push(d);
    } else {
      diffValue(field, b, a, forcesReplace, ignore, out);
    }
  }
  return out;
}

export const sameValue = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  a === undefined || b === undefined ? a === b : sameJson(a, b);

/** `ignore: [schedule]` also ignores `schedule.at`. */
const isIgnored = (path: string, ignore: readonly string[]): boolean =>
  ignore.some((i) => path === i || path.startsWith(`${i}.`));

function diffSet(field: string, before: readonly JsonValue[], after: readonly JsonValue[], forcesReplace: boolean): FieldDiff | undefined {
  const b = new Map(before.map((v) => [canonicalJson(v), v]));
  const a = new Map(after.map((v) => [canonicalJson(v), v]));
  const added = [...a].filter(([k]) => !b.has(k)).map(([, v]) => v);
  const removed = [...b].filter(([k]) => !a.has(k)).map(([, v]) => v);
  if (added.length === 0 && removed.length === 0) return undefined;
  return { field, kind: "set", added, removed, forcesReplace };
}

function diffValue(
  path: string,
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  forcesReplace: boolean,
  ignore: readonly string[],
  out: FieldDiff[],
): void {
  if (sameValue(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of unionKeys(before, after)) {
      const sub = `${path}.${key}`;
      if (!isIgnored(sub, ignore)) diffValue(sub, before[key], after[key], forcesReplace, ignore, out);
    }
    return;
  }
  out.push({ field: path, kind: "value", before, after, forcesReplace });
}

const unionKeys = (a: JsonObject, b: JsonObject): string[] => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();

const isPlainObject = (v: JsonValue | undefined): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

const isArrayOrAbsent = (v: JsonValue | undefined): v is readonly JsonValue[] | undefined => v === undefined || Array.isArray(v);

/** Top-level field names of the diffs, in order, for a reason such as `seeds and enabled changed`. */
export const changedFields = (diffs: readonly FieldDiff[]): string[] => [...changedFieldSet(diffs)];

/**
 * The top-level fields a change's diffs name: what a driver's update may send. A field the resource
 * ignores is in no diff, so a driver that writes only these never writes it (docs/manifest.md).
 */
export const changedFieldSet = (diffs: readonly FieldDiff[]): Set<string> => new Set(diffs.map((d) => d.field.split(".")[0] ?? d.field));

export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
