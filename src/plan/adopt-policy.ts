/**
 * An object at the vendor with the name of a resource that state does not know: taken over only
 * when the manifest says `adopt: true`, otherwise the plan refuses rather than make a duplicate or
 * silently manage something a person made.
 */
import type { Diagnostic } from "../core/errors.js";
import { formatLocation } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { FieldDiff } from "./change.js";
import { listWords } from "./field-diff.js";

export const PLAN_ALREADY_EXISTS = "PLAN_ALREADY_EXISTS";

export type AdoptVerdict = { readonly verdict: "import" } | { readonly verdict: "fail"; readonly diagnostic: Diagnostic };

export function adoptPolicy(resource: DesiredResource, diffs: readonly FieldDiff[]): AdoptVerdict {
  const vendorName = typeof resource.spec["name"] === "string" ? resource.spec["name"] : resource.name;
  if (!resource.options.adopt) {
    return {
      verdict: "fail",
      diagnostic: {
        code: PLAN_ALREADY_EXISTS,
        severity: "error",
        message: `${resource.address}: a ${resource.kind} named "${vendorName}" already exists at ${resource.vendor}, and state does not say scanform manages it.`,
        hint: `Set \`adopt: true\` on it at ${formatLocation(resource.source)} to take it over, or give it another name.`,
        source: resource.source,
        address: resource.address,
      },
    };
  }
  const fixed = diffs.filter((d) => d.forcesReplace).map((d) => d.field);
  if (fixed.length > 0) {
    return {
      verdict: "fail",
      diagnostic: {
        code: "PLAN_ADOPT_REPLACE",
        severity: "error",
        message: `${resource.address}: cannot adopt the existing ${resource.kind} "${vendorName}": ${listWords(fixed)} differ and cannot change in place.`,
        hint: `Make ${listWords(fixed)} in the manifest match the vendor's, or delete the object at the vendor and let scanform create it.`,
        source: resource.source,
      },
    };
  }
  return { verdict: "import" };
}
