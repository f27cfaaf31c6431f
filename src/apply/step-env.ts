/** What a running step may use: vendor sessions, the apply's state log, the clock and the event sink. */
import type { Address } from "../core/address.js";
import type { VendorSession, Ids } from "../vendors/driver.js";
import type { ApplyEvent, Unstamped } from "./events.js";
import type { StateLog } from "./state-log.js";

export interface StepEnv {
  readonly sessions: (vendor: string) => VendorSession;
  readonly log: StateLog;
  readonly emit: (e: Unstamped<ApplyEvent>) => void;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Given to drivers; aborted only to cut in-flight calls short, never by a graceful stop. */
  readonly callSignal: AbortSignal;
  /** Ids of another address: as this apply last recorded them, else as the plan or observation knew them. */
  readonly idsOf: (address: Address) => Ids | undefined;
}
