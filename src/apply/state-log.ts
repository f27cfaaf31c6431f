/**
 * Every state write and journal operation of one apply. Steps run concurrently, and so may their
 * calls here: updateState applies them to one store in the order they are made, writing those that
 * queue behind a write in flight together as the next write (group commit), and resolves each only
 * once a write holding it is stored. Journal opens and closes are changes of the same snapshot
 * through the same queue, so a close can share the write of the answer it waited for. The first
 * failure is kept: state that cannot be written stops the apply from starting anything else (a
 * landed call whose write failed is settled from its open journal entry next run).
 *
 * An entry is opened only while the run holds the state lock: once the lock is lost (`lockLost`),
 * another run may hold it and be making the same calls, so no call that needs an entry is made.
 * Answers of calls already made are still recorded, as far as the state can be written.
 */
import type { Address } from "../core/address.js";
import type { Journal, StateReader, StateWriter } from "../state/capabilities.js";
import { closeJournalEntry, openJournalEntry } from "../state/journal.js";
import type { JournalEntry, StateEntry, StateSnapshot } from "../state/model.js";
import { type StateChange, type StateStore, chain, editing, updateState } from "../state/update.js";

export type StateAccess = StateReader & StateWriter & Journal;

export class StateLog {
  private latest: StateSnapshot | undefined;
  private broken: unknown;

  constructor(
    private readonly state: StateStore,
    private readonly lockLost?: AbortSignal,
  ) {}

  /** Reads the state this apply starts from. */
  async load(): Promise<void> {
    this.latest = await this.state.read();
  }

  /** The entry as this apply last wrote or read it. */
  entry(address: Address): StateEntry | undefined {
    return this.latest?.resources[address];
  }

  /** Every entry as this apply last wrote or read them. */
  get resources(): Readonly<Record<Address, StateEntry>> | undefined {
    return this.latest?.resources;
  }

  /** The first error a write or journal operation met, if any. */
  get failure(): unknown {
    return this.broken;
  }

  /** `closing`: a journal entry closed in the same write, because `change` records its answer. */
  update(change: StateChange, closing?: string): Promise<void> {
    // The apply holds the lock: a write it did not make means the lock was lost before that was
    // noticed, and a second run is writing. Failing stops this run; redoing would hide the other.
    return this.track(updateState(this.state, closing === undefined ? change : chain(change, closeJournalEntry(closing)), { redoWhenStale: false }));
  }

  /** Resolves once the entry is durable: only then may its call be made. */
  open(entry: JournalEntry): Promise<void> {
    if (this.lockLost?.aborted === true) return Promise.reject(this.lockLost.reason);
    return this.update(openJournalEntry(entry));
  }

  close(id: string): Promise<void> {
    return this.update(closeJournalEntry(id));
  }

  private async track(written: Promise<StateSnapshot>): Promise<void> {
    try {
      this.latest = await written;
    } catch (e) {
      this.broken ??= e;
      throw e;
    }
  }
}

/** Sets or replaces one resource entry. */
export const putEntry = (entry: StateEntry): StateChange => editing(() => [{ put: entry }]);

/** Drops one resource entry, if present. */
export const dropEntry = (address: Address): StateChange => editing((s) => (Object.hasOwn(s.resources, address) ? [{ drop: address }] : []));
