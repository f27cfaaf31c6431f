/**
 * The two lists observe always makes, started from the manifests alone while the plan reads state
 * (VendorSession.prefetch): they need no scan id, and answered before observe starts, they leave
 * every slot of the first round to the seed lists. observe takes them over once; taken, they are
 * cancelled with the read that took them.
 */
import { startAhead } from "../../core/abort.js";
import type { ScanGroupWire, ScanWire } from "./api.js";
import type { HexiosecClient } from "./client.js";

export interface Lists {
  readonly groups: Promise<ScanGroupWire[]>;
  readonly scans: Promise<ScanWire[]>;
}

export interface PrefetchedLists {
  /** The lists started ahead, once; from then on they are cancelled when `taker` aborts. */
  take(taker: AbortSignal): Lists | undefined;
}

export function prefetchLists(client: HexiosecClient, signal: AbortSignal | undefined): PrefetchedLists {
  const ahead = startAhead(signal);
  let lists: Lists | undefined = { groups: client.listGroups({ signal: ahead.signal }), scans: client.listScans({ signal: ahead.signal }) };
  // Nobody may take them (the state read failed): a failure is then nobody's to report.
  lists.groups.catch(() => undefined);
  lists.scans.catch(() => undefined);
  return {
    take(taker) {
      const taken = lists;
      if (taken === undefined) return undefined;
      lists = undefined;
      ahead.takenBy(taker);
      return taken;
    },
  };
}
