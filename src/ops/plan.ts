/**
 * plan: what apply would change, made as `scanform plan` makes it. Nothing is written: not the
 * state, not the journal, nothing at a vendor.
 */
import { manifestSpecs, previewSettlement } from "../apply/journal/settle.js";
import type { Diagnostic } from "../core/errors.js";
import { makePlan } from "../plan/make-plan.js";
import type { Plan } from "../plan/plan.js";
import type { JournalEntry } from "../state/model.js";
import type { Workspace } from "./workspace.js";

export interface PlanOptions {
  /** Plan only these addresses and what they need; all when empty. */
  readonly targets: readonly string[];
  /** false compares with state only, reading no vendor. */
  readonly refresh: boolean;
  readonly now: () => Date;
  /** Plan the re-creation of most of a vendor's objects gone at once (src/plan/vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
}

export interface PlanOutcome {
  readonly plan: Plan;
  /** Errors that make the plan unusable (a vendor that could not be read, a journal entry that cannot be settled). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Plans as if the crash journal were settled, writing nothing: an entry a killed apply left open is
 * read back, and what landed counts as recorded, so a create that reached the vendor is not
 * mistaken for a same-named object scanform does not own. An entry the vendor cannot settle is an
 * error. The plan keeps the stored serial, so `apply FILE` (which records the same settlements
 * after its staleness check) still applies exactly it. With refresh off nothing is read back.
 */
export async function planOperation(ws: Workspace, options: PlanOptions): Promise<PlanOutcome> {
  const connect = (vendor: string) => ws.connect(vendor).session;
  const made = { targets: options.targets, refresh: options.refresh, now: options.now(), allowMassRecreate: options.allowMassRecreate === true };
  if (!options.refresh) {
    const result = await makePlan({ desired: ws.desired, backend: ws.backend, drivers: ws.drivers, connect }, made);
    const open = result.state?.journal ?? [];
    return { plan: { ...result.plan, warnings: [...result.plan.warnings, ...open.map(notReadBack)] }, diagnostics: result.diagnostics };
  }
  const preview = await previewSettlement(ws.backend, connect, { now: options.now, specs: manifestSpecs(ws.desired) });
  const result = await makePlan({ desired: ws.desired, backend: { read: async () => preview.state }, drivers: ws.drivers, connect }, made);
  return { plan: result.plan, diagnostics: [...preview.settled.diagnostics, ...result.diagnostics] };
}

const notReadBack = (e: JournalEntry): Diagnostic => ({
  code: "PLAN_JOURNAL_NOT_READ",
  severity: "warning",
  message: `${e.address}: a ${e.operation} sent at ${e.startedAt} by an interrupted apply was not read back (--refresh=false), so this plan assumes it did not reach ${e.vendor}.`,
  hint: "apply reads it back first and refuses to repeat it if it landed; plan without --refresh=false to see what it finds.",
});
