/**
 * What `show` can tell about a saved plan without contacting a vendor: whether the manifests it
 * was made from (found again by the paths it recorded) and their state have moved since. Vendor
 * objects are left to `apply`, which checks them before anything else.
 */
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import type { Plan } from "../plan/plan.js";
import { manifestDifference } from "../plan/planned-manifests.js";
import { openState } from "./state.js";
import type { WorkspaceIO } from "./workspace.js";

/** Why the plan is stale, one line each; empty when nothing checked has moved, undefined when its manifests are not here to check. */
export async function offlineStaleness(plan: Plan, io: Pick<WorkspaceIO, "env" | "cwd">): Promise<string[] | undefined> {
  const files = plan.manifest?.files ?? [];
  if (files.length === 0 || !(await allExist(files.map((f) => resolve(io.cwd, f))))) return undefined;
  const opened = await openState(files, io).catch(() => undefined);
  if (!opened?.ok) return undefined;
  try {
    const lines = manifestDifference(plan, opened.desired);
    const stored = await opened.backend.read();
    const was = plan.state;
    if (stored && (was?.lineage !== stored.lineage || was.serial !== stored.serial)) {
      lines.push(`state: ${was ? `serial ${was.serial}` : "none"} when planned, serial ${stored.serial} now (another apply ran)`);
    }
    return lines;
  } finally {
    await opened.backend.dispose();
  }
}

const allExist = async (paths: readonly string[]): Promise<boolean> => (await Promise.all(paths.map((p) => access(p).then(() => true, () => false)))).every(Boolean);
