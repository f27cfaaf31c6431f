/**
 * Objects state tracks that are gone from their vendor. One gone is what a person deleting it in
 * the console looks like; most of a vendor's objects gone at once is what a partial list answer or
 * a key of another tenant looks like, so the plan refuses to recreate or forget them unless the
 * person says so with `--allow-mass-recreate`. A protected object is never recreated silently.
 */
import { compareAddresses } from "../core/address.js";
import { firstOf } from "../core/arrays.js";
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo } from "../vendors/driver.js";
import { kindInfo, type DiffContext } from "./diff-context.js";

/** Refused above this share of a vendor's tracked objects, when at least `atLeast` are gone. */
export const MASS_VANISH = { share: 0.5, atLeast: 2 } as const;

export const isMassVanish = (gone: number, tracked: number): boolean => gone >= MASS_VANISH.atLeast && gone > tracked * MASS_VANISH.share;

/** What the refusal counts as tracked: a managed object the vendor is read for, with ids. */
export const countsForMassVanish = (kind: KindInfo | undefined, ids: Readonly<Record<string, string>>): boolean =>
  kind !== undefined && kind.mode === "managed" && kind.readable && Object.keys(ids).length > 0;

const named = (addresses: string[]): string => firstOf(addresses.sort(compareAddresses));

export const ALLOW_MASS_RECREATE_FLAG = "--allow-mass-recreate";
export const ALLOW_MASS_RECREATE_HELP = "plan objects for re-creation even when most of a vendor's tracked objects are gone at once";

export function massVanish(ctx: DiffContext, allow: boolean, emulated: ReadonlySet<string>): Diagnostic[] {
  if (allow) return [];
  const byVendor = new Map<string, { tracked: number; gone: string[] }>();
  for (const entry of ctx.state.values()) {
    if (!isTracked(entry, ctx)) continue;
    const count = byVendor.get(entry.vendor) ?? { tracked: 0, gone: [] };
    count.tracked++;
    if (!ctx.observed.byState.has(entry.address)) count.gone.push(entry.address);
    byVendor.set(entry.vendor, count);
  }
  return [...byVendor]
    .filter(([, c]) => isMassVanish(c.gone.length, c.tracked))
    .map(([vendor, c]) => (emulated.has(vendor) ? emulatorForgot(vendor, c) : vanished(vendor, c)));
}

interface Gone {
  readonly tracked: number;
  readonly gone: string[];
}

const vanished = (vendor: string, c: Gone): Diagnostic => ({
  code: "PLAN_MASS_VANISH",
  severity: "error",
  message: `${c.gone.length} of the ${c.tracked} ${vendor} objects state tracks are gone from ${vendor} at once (${named(c.gone)}): a partial answer or a key of another tenant looks like this, so scanform will not recreate or forget them.`,
  hint: `Check the ${vendor} credentials and URL. If the objects really were deleted, plan and apply again with ${ALLOW_MASS_RECREATE_FLAG}.`,
});

/** An emulator keeps its objects in memory: after a restart, state describes objects it never had. */
const emulatorForgot = (vendor: string, c: Gone): Diagnostic => ({
  code: "PLAN_MASS_VANISH",
  severity: "error",
  message: `${c.gone.length} of the ${c.tracked} ${vendor} objects state tracks are gone (${named(c.gone)}), and ${vendor} answers on a loopback address, so it is an emulator: an emulator forgets its objects when it restarts, so this state belongs to an earlier emulator run.`,
  hint: `To start over, delete the state (the .scanform/ folder beside the manifests, with the local backend) or forget each address with \`scanform state rm ADDRESS\`, then plan again. To recreate them at this emulator, plan and apply with ${ALLOW_MASS_RECREATE_FLAG} (a protected resource is not recreated that way: forget it first).`,
});

/** A protected resource whose object is gone: recreating it is a decision for a person. */
export function protectedVanished(resource: DesiredResource, entry: StateEntry): Diagnostic {
  return {
    code: "PLAN_PROTECTED_VANISHED",
    severity: "error",
    message: `${resource.address} is protected, and its object is gone from ${resource.vendor} (deleted outside scanform): scanform will not recreate it on its own.`,
    hint: `If it was deleted on purpose, run \`scanform state rm ${entry.address}\`, then plan again to create it anew.`,
    source: resource.source,
  };
}

const isTracked = (entry: StateEntry, ctx: DiffContext): boolean =>
  ctx.observedVendors.has(entry.vendor) && ctx.refresh && countsForMassVanish(kindInfo(ctx, entry.vendor, entry.kind), entry.ids);
