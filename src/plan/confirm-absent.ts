/**
 * Objects state tracks that a vendor's list answer lacked are read by their ids before anything is
 * planned for them. One that still exists proves the answer partial (or from another tenant), and
 * a plan built on it would recreate or forget live objects, so the vendor's plan is refused.
 */
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo, Observation, VendorSession } from "../vendors/driver.js";

export async function confirmVanished(
  vendor: string,
  session: VendorSession,
  kinds: Readonly<Record<string, KindInfo>>,
  state: readonly StateEntry[],
  observation: Observation,
  signal?: AbortSignal,
): Promise<Diagnostic[]> {
  const confirm = session.confirmAbsent?.bind(session);
  if (confirm === undefined) return [];
  const seen = new Set(observation.objects.filter((o) => o.match === "state").map((o) => o.address));
  const lacked = state.filter((e) => !seen.has(e.address) && isReadable(kinds, e.kind) && Object.keys(e.ids).length > 0);
  if (lacked.length === 0) return [];
  // One object still there proves the answer partial: the reads still waiting for a slot are
  // dropped, so an empty answer of a wrong tenant costs a few calls, not one per tracked object
  // (4,000 Qualys web apps would be more than a day of a standard subscription's calls).
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
  const shown = present.slice(0, NAMED).join(", ");
  const named = present.length > NAMED ? `${shown}, and ${present.length - NAMED} more` : shown;
  const stillThere = present.length === 1 ? "1 of them still exists" : `${present.length} of them still exist`;
  const notRead = unread === 0 ? "" : `; the other ${unread} were not read once one was found`;
  return [
    {
      code: "PLAN_LIST_INCOMPLETE",
      severity: "error",
      message: `${vendor}'s list answer lacked ${objects} that state tracks, yet reading them by id shows ${stillThere} (${named})${notRead}: the answer was partial, or came from another tenant.`,
      hint: `Nothing is planned for ${vendor} from that answer. Check that the ${vendor} credentials and URL are those of the tenant in state, then plan again.`,
    },
  ];
}

/** Objects a message names before it counts the rest. */
const NAMED = 10;

const isReadable = (kinds: Readonly<Record<string, KindInfo>>, kind: string): boolean => Object.hasOwn(kinds, kind) && kinds[kind]?.readable === true;
