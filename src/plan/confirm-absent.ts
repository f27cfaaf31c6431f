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
  const answers = await Promise.all(lacked.map((e) => confirm({ address: e.address, kind: e.kind, ids: e.ids }, signal)));
  const present = lacked.filter((_, i) => answers[i] === "present").map((e) => e.address);
  if (present.length === 0) return [];
  const objects = present.length === 1 ? "1 object" : `${present.length} objects`;
  return [
    {
      code: "PLAN_LIST_INCOMPLETE",
      severity: "error",
      message: `${vendor}'s list answer lacked ${objects} that state tracks, yet reading them by id shows they still exist (${present.join(", ")}): the answer was partial, or came from another tenant.`,
      hint: `Nothing is planned for ${vendor} from that answer. Check that the ${vendor} credentials and URL are those of the tenant in state, then plan again.`,
    },
  ];
}

const isReadable = (kinds: Readonly<Record<string, KindInfo>>, kind: string): boolean => Object.hasOwn(kinds, kind) && kinds[kind]?.readable === true;
