/**
 * What a plan was made from, and how the manifests now differ from it: the files, and the first
 * resource (in address order) that was added, removed or changed since. Pure.
 */
import { digest } from "../core/json.js";
import { inSlices, nextTurn } from "../core/slices.js";
import { ScanformError } from "../core/errors.js";
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { Plan, PlannedManifests } from "./plan.js";

/** Each resource's address and spec digest: the one loading worked out, where it did. */
const digestEntries =
  (desired: Desired) =>
  (r: DesiredResource): readonly [string, string] => [r.address, desired.specDigests?.get(r.address) ?? digest(r.spec)];

export const plannedManifests = (desired: Desired): PlannedManifests => ({
  files: [...desired.files],
  resources: Object.fromEntries(desired.resources.map(digestEntries(desired))),
});

/**
 * The same, in small slices and only after a first turn of the event loop: make-plan.ts works it
 * out while the vendors answer, instead of after the last answer. Manifests loaded from files carry
 * their spec digests (Desired.specDigests), so this is mostly lookups; a Desired built by hand costs
 * a digest per resource (~20 ms at 4,000). The slices are small because the requests just started
 * need several turns to connect and be written: at 250 digests a turn they reached the vendor ~10 ms
 * late.
 */
const ASIDE_SLICE = 25;

export async function plannedManifestsAside(desired: Desired): Promise<PlannedManifests> {
  await nextTurn();
  const digests = await inSlices(desired.resources, digestEntries(desired), ASIDE_SLICE);
  return { files: [...desired.files], resources: Object.fromEntries(digests) };
}

/** Lines that say how `now` differs from what `plan` was made from; empty when the digests agree. */
export function manifestDifference(plan: Plan, now: Desired): string[] {
  if (plan.manifestDigest === now.digest) return [];
  const was = plan.manifest;
  if (was === undefined) return [];
  const current = plannedManifests(now);
  const lines = [`made from: ${was.files.join(", ")}`, `now:       ${current.files.join(", ")}`];
  const addresses = [...new Set([...Object.keys(was.resources), ...Object.keys(current.resources)])].sort();
  const first = addresses.find((a) => was.resources[a] !== current.resources[a]);
  if (first === undefined) lines.push("every resource is the same; the vendor or state settings, or a moved: block, differ");
  else if (!(first in current.resources)) lines.push(`first difference: ${first} is no longer in the manifests`);
  else if (!(first in was.resources)) lines.push(`first difference: ${first} was added since`);
  else lines.push(`first difference: ${first} has changed since`);
  return lines;
}

/** PLAN_STALE for a plan made from other manifests than `now`, or undefined. */
export function otherManifests(plan: Plan, now: Desired): ScanformError | undefined {
  if (plan.manifestDigest === now.digest) return undefined;
  const lines = manifestDifference(plan, now);
  return new ScanformError("PLAN_STALE", `The saved plan is stale: it was made from other manifests than these.${lines.map((l) => `\n  ${l}`).join("")}`, {
    hint: "Pass the manifests the plan was made from, or run `scanform plan --out FILE` again and apply the new file.",
    detail: { planned: plan.manifestDigest, now: now.digest },
  });
}
