/**
 * The diff's per-resource work for one vendor, done while the other vendors are still being read:
 * in a plan of several vendors, the one that answers last (one read per object where the API has no bulk read)
 * would otherwise leave every other vendor's thousands of comparisons to after its last answer.
 *
 * An outcome worked out ahead is what resourceChange gives for the same inputs, or it is not kept:
 * it is worked out from the vendor's own observation alone, and a resource whose comparison asks
 * for the address identities of the whole plan (respell.ts: references written another way) is
 * left to the diff, which knows every vendor's. The diff takes an outcome only for the very
 * observation, moved state, kinds, clock and refresh it was worked out from, and only where the
 * whole plan's index holds the same observed objects for the address (reusableOutcome).
 */
import type { Address } from "../core/address.js";
import { nextTurn } from "../core/slices.js";
import type { Desired } from "../manifest/model.js";
import type { KindInfo, Observation, ObservedObject } from "../vendors/driver.js";
import type { DiffContext, Outcome } from "./diff-context.js";
import type { MovedState } from "./moved.js";
import { indexObservations, type ObservedIndex } from "./observed-index.js";
import { resourceChange } from "./resource-change.js";

/** Small enough that answers landing meanwhile are read within a fraction of a millisecond. */
const SLICE = 50;

export interface EarlyOutcomes {
  readonly observation: Observation;
  readonly movedState: MovedState;
  readonly kinds: ReadonlyMap<string, Readonly<Record<string, KindInfo>>>;
  readonly now: Date;
  readonly refresh: boolean;
  /** By desired address: the outcome and the observed objects it was worked out from. */
  readonly outcomes: ReadonlyMap<Address, { readonly outcome: Outcome; readonly byState: ObservedObject | undefined; readonly byName: ObservedObject | undefined }>;
}

export interface EarlyInput {
  readonly desired: Desired;
  readonly vendor: string;
  readonly observation: Observation;
  readonly movedState: MovedState;
  readonly kinds: ReadonlyMap<string, Readonly<Record<string, KindInfo>>>;
  readonly now: Date;
  readonly refresh: boolean;
}

/** Works out `vendor`'s outcomes a slice at a time; undefined once `stopped()` says nobody will take them. */
export async function outcomesAhead(input: EarlyInput, stopped: () => boolean): Promise<EarlyOutcomes | undefined> {
  // The vendor read last is told of as the diff starts: not even its index is built then.
  await nextTurn();
  if (stopped()) return undefined;
  const observed = indexObservations(new Map([[input.vendor, input.observation]]), input.movedState.moves);
  let asked = false;
  const ctx: DiffContext = {
    kinds: input.kinds,
    state: input.movedState.resources,
    observed,
    observedVendors: new Set([input.vendor]),
    refresh: input.refresh,
    now: input.now,
    addressIdentity: () => {
      asked = true;
      return undefined;
    },
  };
  // An address a `moved:` block renamed to is re-keyed in each index as a new object: the diff works it out.
  const renamed = new Set(input.movedState.moves.map((m) => m.to));
  const resources = input.desired.resources.filter((r) => r.vendor === input.vendor && !renamed.has(r.address));
  const outcomes = new Map<Address, { outcome: Outcome; byState: ObservedObject | undefined; byName: ObservedObject | undefined }>();
  for (let i = 0; i < resources.length; i += SLICE) {
    if (i > 0) {
      await nextTurn();
      if (stopped()) return undefined;
    }
    for (const r of resources.slice(i, i + SLICE)) {
      asked = false;
      const outcome = resourceChange(r, ctx);
      if (!asked) outcomes.set(r.address, { outcome, byState: observed.byState.get(r.address), byName: observed.byName.get(r.address) });
    }
  }
  return { observation: input.observation, movedState: input.movedState, kinds: input.kinds, now: input.now, refresh: input.refresh, outcomes };
}

/** The outcome worked out ahead for `address` of `vendor`, if the diff's inputs are the ones it was worked out from. */
export function reusableOutcome(
  early: ReadonlyMap<string, EarlyOutcomes>,
  vendor: string,
  address: Address,
  observation: Observation | undefined,
  diffing: { readonly movedState: MovedState; readonly kinds: EarlyOutcomes["kinds"]; readonly now: Date; readonly refresh: boolean; readonly observed: ObservedIndex },
): Outcome | undefined {
  const ahead = early.get(vendor);
  if (ahead === undefined || ahead.observation !== observation || ahead.movedState !== diffing.movedState || ahead.kinds !== diffing.kinds) return undefined;
  if (ahead.now.getTime() !== diffing.now.getTime() || ahead.refresh !== diffing.refresh) return undefined;
  const found = ahead.outcomes.get(address);
  if (found === undefined || found.byState !== diffing.observed.byState.get(address) || found.byName !== diffing.observed.byName.get(address)) return undefined;
  return found.outcome;
}
