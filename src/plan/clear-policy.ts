/**
 * A field the vendor cannot clear once it holds a value (FieldRule.cannotClear): a plan that
 * clears it is refused with the vendor's reason, since apply would fail on it at every run and the
 * change would come back forever.
 */
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { FieldRule } from "../vendors/driver.js";
import type { FieldDiff } from "./change.js";

export function clearRefusal(resource: DesiredResource, diffs: readonly FieldDiff[], rules: Readonly<Record<string, FieldRule>>): Diagnostic | undefined {
  const cleared = diffs.filter((d) => d.kind === "value" && isEmpty(d.after) && !isEmpty(d.before) && ruleOf(rules, d.field)?.cannotClear !== undefined);
  const first = cleared[0];
  if (first === undefined) return undefined;
  return {
    code: "PLAN_CANNOT_CLEAR",
    severity: "error",
    message: `${resource.address}: ${first.field} cannot be removed: ${ruleOf(rules, first.field)?.cannotClear ?? ""}.`,
    hint: `Keep \`${first.field}\` in the manifest, or list it in \`ignore:\` to leave it to people (clear it in the ${resource.vendor} console if you must).`,
    source: resource.source,
  };
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined;

const ruleOf = (rules: Readonly<Record<string, FieldRule>>, field: string): FieldRule | undefined => (Object.hasOwn(rules, field) ? rules[field] : undefined);
