/**
 * Observe every vendor the plan needs, concurrently: those with resources in the manifests or
 * entries in state. A vendor whose kinds are all unreadable has nothing to read and is skipped, and
 * so is every vendor with `refresh: false`; the diff then compares with state. Objects state tracks
 * that a list answer lacked are read by id (confirm-absent.ts). Plan and apply share this step, so
 * both see the vendors the same way.
 */
import { isScanformError, type Diagnostic } from "../core/errors.js";
import type { Desired } from "../manifest/model.js";
import type { StateEntry, StateSnapshot } from "../state/model.js";
import type { Driver, KindInfo, Observation, VendorSession } from "../vendors/driver.js";
import { confirmVanished } from "./confirm-absent.js";
import { applyMoves, type MovedState } from "./moved.js";
import { nextTurn } from "../core/slices.js";

export interface ObserveAllInput {
  readonly desired: Desired;
  readonly state: StateSnapshot | undefined;
  readonly drivers: ReadonlyMap<string, Driver>;
  /** The vendor's session; connecting resolves its credentials, so it is called only for vendors read. */
  readonly connect: (vendor: string) => VendorSession;
  readonly refresh?: boolean;
  readonly signal?: AbortSignal;
  /** Resolve with each vendor's objects as soon as they are known; the rest comes with `complete` (ObserveRequest.objectsFirst). */
  readonly objectsFirst?: boolean;
  /** applyMoves(state, desired.moved), when the caller worked it out already (make-plan.ts does, for the diff). */
  readonly movedState?: MovedState;
  /** Told each vendor's observation as soon as it is read, with the object the result will hold. */
  readonly onObserved?: (vendor: string, observation: Observation) => void;
  /** The plan refuses a mass vanish (no `--allow-mass-recreate`), so lacked objects need fewer reads (confirm-absent.ts). */
  readonly refusesMassVanish?: boolean;
}

export interface ObserveAllResult {
  /** By vendor; only the vendors that were read. */
  readonly observations: ReadonlyMap<string, Observation>;
  /** A vendor that could not be read, or has no driver. */
  readonly diagnostics: readonly Diagnostic[];
  /** With `objectsFirst`, when a vendor's checks were still running: the result once they have settled. */
  readonly complete?: Promise<ObserveAllResult>;
}

export async function observeAll(input: ObserveAllInput): Promise<ObserveAllResult> {
  // Drivers find state entries by the addresses the plan will use, after `moved:` renames.
  const state = [...(input.movedState ?? applyMoves(input.state?.resources ?? {}, input.desired.moved)).resources.values()];
  const vendors = [...new Set([...input.desired.resources.map((r) => r.vendor), ...state.map((e) => e.vendor)])].sort();
  const diagnostics: Diagnostic[] = [];
  const reads: Promise<readonly [string, Observation] | undefined>[] = [];
  for (const vendor of vendors) {
    const driver = input.drivers.get(vendor);
    if (!driver) {
      diagnostics.push({ code: "PLAN_UNKNOWN_VENDOR", severity: "error", message: `scanform has no driver for the vendor ${vendor}.` });
      continue;
    }
    if (input.refresh === false || !anyReadable(driver.kinds)) continue;
    const read = observeOne(vendor, driver, input, state).then(
      (o) => {
        input.onObserved?.(vendor, o);
        return [vendor, o] as const;
      },
      (e: unknown) => {
        diagnostics.push(observeFailed(vendor, e));
        return undefined;
      },
    );
    // Awaited with the others below; failing meanwhile (an unexpected error) is not an unhandled rejection.
    read.catch(() => undefined);
    reads.push(read);
    // A vendor's observe queues its first requests and returns; they are written (and new
    // connections opened) only on a turn of the event loop, which the next vendor's setup over
    // thousands of resources would otherwise hold back.
    await nextTurn();
  }
  const settled = (await Promise.all(reads)).filter((x) => x !== undefined);
  const early: ObserveAllResult = { observations: new Map(settled), diagnostics };
  if (!settled.some(([, o]) => o.complete !== undefined)) return early;
  return { ...early, complete: completeAll(settled, diagnostics) };
}

/** Every vendor's complete observation; one whose checks failed is dropped with a diagnostic, as a failed read is. */
async function completeAll(early: readonly (readonly [string, Observation])[], before: readonly Diagnostic[]): Promise<ObserveAllResult> {
  const diagnostics = [...before];
  const completed = await Promise.all(
    early.map(async ([vendor, o]) => {
      try {
        return [vendor, o.complete === undefined ? o : await o.complete] as const;
      } catch (e) {
        diagnostics.push(observeFailed(vendor, e));
        return undefined;
      }
    }),
  );
  return { observations: new Map(completed.filter((x) => x !== undefined)), diagnostics };
}

async function observeOne(vendor: string, driver: Driver, input: ObserveAllInput, state: readonly StateEntry[]): Promise<Observation> {
  const session = input.connect(vendor);
  const own = state.filter((e) => e.vendor === vendor);
  const observation = await session.observe({
    desired: input.desired.resources.filter((r) => r.vendor === vendor),
    state: own,
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.objectsFirst === true ? { objectsFirst: true } : {}),
  });
  const lacked = await confirmVanished(vendor, session, driver.kinds, own, observation, {
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.refusesMassVanish === true ? { refusesMassVanish: true } : {}),
  });
  const withLacked = (o: Observation): Observation => (lacked.length === 0 ? o : { ...o, diagnostics: [...o.diagnostics, ...lacked] });
  if (observation.complete === undefined) return withLacked(observation);
  const complete = observation.complete.then(withLacked);
  complete.catch(() => undefined);
  return { ...withLacked(observation), complete };
}

const anyReadable = (kinds: Readonly<Record<string, KindInfo>>): boolean => Object.values(kinds).some((k) => k.readable);

/** Unexpected failures are rethrown by the caller's await; classified ones become diagnostics. */
function observeFailed(vendor: string, e: unknown): Diagnostic {
  if (!isScanformError(e)) throw e;
  return {
    code: e.code,
    severity: "error",
    message: `Reading ${vendor} failed: ${e.message}`,
    ...(e.hint === undefined ? {} : { hint: e.hint }),
    ...(e.source === undefined ? {} : { source: e.source }),
  };
}
