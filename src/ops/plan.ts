/**
 * plan: what apply would change, made as `scanform plan` makes it, after checking the credentials
 * of every vendor in use. Nothing is written: not the state, not the journal, nothing at a vendor.
 */
import { manifestSpecs, previewSettlement } from "../apply/journal/settle.js";
import type { Diagnostic } from "../core/errors.js";
import { makePlan } from "../plan/make-plan.js";
import type { Plan } from "../plan/plan.js";
import type { JournalEntry } from "../state/model.js";
import { checkCredentials, credentialFailures, vendorsInUse } from "./credentials.js";
import { inFlight, inFlightView, liveHolder, openedBy, recordedSince } from "./in-flight.js";
import { callLimitOf, onLoopback, type Workspace } from "./workspace.js";

export interface PlanOptions {
  /** Plan only these addresses and what they need; all when empty. */
  readonly targets: readonly string[];
  /** false compares with state only, reading no vendor. */
  readonly refresh: boolean;
  readonly now: () => Date;
  /** Plan the re-creation of most of a vendor's objects gone at once (src/plan/vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
}

export type PlanOutcome =
  | { readonly ok: true; readonly plan: Plan }
  /** Errors that make a plan unusable: credentials refused, a vendor that could not be read, a journal entry that cannot be settled. */
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Plans as if the crash journal were settled, writing nothing: an entry a killed apply left open is
 * read back, and what landed counts as recorded, so a create that reached the vendor is not
 * mistaken for a same-named object scanform does not own. An entry the vendor cannot settle is an
 * error, unless a live run holding the lock opened it: then it is a call in flight (ops/in-flight.ts). The plan keeps the stored serial, so `apply FILE` (which records the same settlements
 * after its staleness check) still applies exactly it. With refresh off nothing is read back.
 */
export async function planOperation(ws: Workspace, options: PlanOptions): Promise<PlanOutcome> {
  const connect = (vendor: string) => ws.connect(vendor).session;
  const made = { targets: options.targets, refresh: options.refresh, now: options.now(), allowMassRecreate: options.allowMassRecreate === true };
  // Checked before the state is read and again after: a run that held the lock at either moment
  // may have opened the entries this plan sees.
  const before = await liveHolder(ws.backend);
  if (!options.refresh) {
    const result = await makePlan({ desired: ws.desired, backend: ws.backend, drivers: ws.drivers, connect, emulated: onLoopback(ws), ...callLimitOf(ws) }, made);
    if (result.diagnostics.length > 0) return { ok: false, diagnostics: result.diagnostics };
    const holder = before ?? (await liveHolder(ws.backend));
    const live = openedBy(holder);
    const open = result.state?.journal ?? [];
    const notes = [...inFlightView(holder, [], []).notes, ...open.map((e) => (live(e) ? inFlight(e) : notReadBack(e)))];
    return { ok: true, plan: { ...result.plan, warnings: [...result.plan.warnings, ...notes] } };
  }
  // Every vendor is asked first, those plan reads and those only apply writes (Cortex) alike.
  const refused = credentialFailures(await checkCredentials(ws, await vendorsInUse(ws)));
  if (refused.length > 0) return { ok: false, diagnostics: refused };
  const preview = await previewSettlement(ws.backend, connect, { now: options.now, specs: manifestSpecs(ws.desired, ws.drivers) });
  const holder = before ?? (await liveHolder(ws.backend));
  const result = await makePlan({ desired: ws.desired, backend: { read: async () => preview.state }, drivers: ws.drivers, connect, emulated: onLoopback(ws), ...callLimitOf(ws) }, made);
  // An apply that holds the lock goes on while this plan observes: what it made meanwhile is at
  // the vendor but not in the state this plan read. A second read tells its objects apart.
  const meanwhile = holder && result.diagnostics.length > 0 ? recordedSince(preview.state, await ws.backend.read(), holder) : new Set<string>();
  const view = inFlightView(holder, preview.settled.settlements, result.diagnostics, meanwhile);
  if (view.errors.length > 0) return { ok: false, diagnostics: view.errors };
  return { ok: true, plan: { ...result.plan, warnings: [...result.plan.warnings, ...view.notes] } };
}

const notReadBack = (e: JournalEntry): Diagnostic => ({
  code: "PLAN_JOURNAL_NOT_READ",
  severity: "warning",
  message: `${e.address}: a ${e.operation} sent at ${e.startedAt} by an interrupted apply was not read back (--refresh=false), so this plan assumes it did not reach ${e.vendor}.`,
  hint: "apply reads it back first and refuses to repeat it if it landed; plan without --refresh=false to see what it finds.",
});
