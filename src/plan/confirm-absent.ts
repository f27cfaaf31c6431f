/**
 * Objects state tracks that a vendor's list answer lacked are read by their ids before anything is
 * planned for them. One that still exists proves the answer partial (or from another tenant), and
 * a plan built on it would recreate or forget live objects, so the vendor's plan is refused.
 *
 * Reading stops once the plan's refusal is certain, since each read is a call of the vendor's
 * budget: at the first object found still there, and, when most of the vendor's tracked objects
 * are lacked and the plan refuses to recreate them (vanish-policy.ts), after a first few reads,
 * which tell a partial answer from objects really gone.
 */
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo, Observation, VendorSession } from "../vendors/driver.js";
import { firstOf } from "../core/arrays.js";
import { ownEntry } from "../core/own.js";
import { countsForMassVanish, isMassVanish } from "./vanish-policy.js";

export async function confirmVanished(
  vendor: string,
  session: VendorSession,
  kinds: Readonly<Record<string, KindInfo>>,
  state: readonly StateEntry[],
  observation: Observation,
  options: ConfirmOptions = {},
): Promise<Diagnostic[]> {
  const confirm = session.confirmAbsent?.bind(session);
  if (confirm === undefined) return [];
  const { signal } = options;
  const seen = new Set(observation.objects.filter((o) => o.match === "state").map((o) => o.address));
  const lackedAll = state.filter((e) => !seen.has(e.address) && isReadable(kinds, e.kind) && Object.keys(e.ids).length > 0);
  if (lackedAll.length === 0) return [];
  const refusedAnyway = options.refusesMassVanish === true && isMassVanish(lackedAll.filter((e) => counts(kinds, e)).length, state.filter((e) => counts(kinds, e)).length);
  const lacked = refusedAnyway ? lackedAll.slice(0, MASS_VANISH_READS) : lackedAll;
  // One object still there proves the answer partial: the reads still waiting for a slot are
  // dropped, so a partial answer costs a round of the vendor's slots, not a call per object it
  // lacked (4,000 objects at a vendor that allows 300 calls an hour would be 13 hours of them).
  const proven = new AbortController();
  const reading = signal === undefined ? proven.signal : AbortSignal.any([signal, proven.signal]);
  const answers = await Promise.all(
    lacked.map((e) =>
      confirm({ address: e.address, kind: e.kind, ids: e.ids }, reading).then(
        (answer) => {
          if (answer === "present") proven.abort();
          return answer;
        },
        (error: unknown) => {
          if (proven.signal.aborted && signal?.aborted !== true) return "unread" as const;
          throw error;
        },
      ),
    ),
  );
  const present = lacked.filter((_, i) => answers[i] === "present").map((e) => e.address);
  if (present.length === 0) return [];
  const unread = answers.filter((a) => a === "unread").length;
  const objects = lacked.length === 1 ? "1 object" : `${lacked.length} objects`;
  const stillThere = present.length === 1 ? "1 of them still exists" : `${present.length} of them still exist`;
  const notRead = unread === 0 ? "" : `; the other ${unread} were not read once one was found`;
  return [
    {
      code: "PLAN_LIST_INCOMPLETE",
      severity: "error",
      message: `${vendor}'s list answer lacked ${objects} that state tracks, yet reading them by id shows ${stillThere} (${firstOf(present)})${notRead}: the answer was partial, or came from another tenant.`,
      hint: `Nothing is planned for ${vendor} from that answer. Check that the ${vendor} credentials and URL are those of the tenant in state, then plan again.`,
    },
  ];
}

export interface ConfirmOptions {
  readonly signal?: AbortSignal;
  /** The plan refuses a mass vanish (no `--allow-mass-recreate`): once certain, it needs only a few reads. */
  readonly refusesMassVanish?: boolean;
}

/** Reads by id when a mass vanish will be refused: enough to find a partial answer, if it is one. */
export const MASS_VANISH_READS = 5;

const counts = (kinds: Readonly<Record<string, KindInfo>>, e: StateEntry): boolean => countsForMassVanish(ownEntry(kinds, e.kind), e.ids);

const isReadable = (kinds: Readonly<Record<string, KindInfo>>, kind: string): boolean => ownEntry(kinds, kind)?.readable === true;
