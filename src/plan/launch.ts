/**
 * The launch policy of launchable kinds. `always` launches on every apply; `on-change` launches
 * after a create, update or replace, and otherwise when the spec differs from the one last launched
 * (state's lastRun.specDigest, which apply records with `specDigest`).
 */
import { digest } from "../core/json.js";
import type { DesiredResource } from "../manifest/model.js";
import type { RunRecord } from "../state/model.js";
import type { KindInfo } from "../vendors/driver.js";
import type { Action } from "./action.js";
import type { Spec } from "./change.js";

/** The digest `launch: on-change` compares; apply must record exactly this in RunRecord.specDigest. */
export const specDigest = (spec: Spec): string => digest(spec);

export type LaunchDecision =
  | { readonly launch: "none" }
  /** Launch once the change has been made. */
  | { readonly launch: "after" }
  /** Nothing else changes: the plan holds a `launch` change. */
  | { readonly launch: "only"; readonly reason: string };

const NONE: LaunchDecision = { launch: "none" };

/** `asRecorded`: the resource's spec with its references written as state recorded them, when they name the same objects. */
export function launchPolicy(resource: DesiredResource, kind: KindInfo, action: Action, lastRun: RunRecord | undefined, asRecorded?: () => Spec): LaunchDecision {
  const policy = resource.launch ?? "never";
  if (!kind.launchable || policy === "never") return NONE;
  const specMoved = lastRun?.specDigest !== specDigest(resource.spec) && (lastRun === undefined || asRecorded === undefined || lastRun.specDigest !== specDigest(asRecorded()));
  switch (action) {
    case "create":
    case "update":
    case "replace":
      return { launch: "after" };
    case "import":
      return policy === "always" || specMoved ? { launch: "after" } : NONE;
    case "no-op":
      if (policy === "always") return { launch: "only", reason: "launch: always" };
      if (!specMoved) return NONE;
      return { launch: "only", reason: lastRun ? "spec changed since the last launch" : "never launched by scanform" };
    default:
      return NONE;
  }
}
