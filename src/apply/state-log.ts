/**
 * Every state write and journal operation of one apply, one after another. Steps run concurrently,
 * but their writes must not: each is a read-modify-write checked against the serial it read, and
 * a journal open or close is a write too. One chain orders them all, whatever the backend does
 * inside. The first failure is kept: state that cannot be written stops the apply from starting
 * anything else (a landed call whose write failed is settled from its open journal entry next run).
 */
import type { Address } from "../core/address.js";
import type { Journal, StateReader, StateWriter } from "../state/capabilities.js";
import type { JournalEntry, StateEntry, StateSnapshot } from "../state/model.js";
import { updateState } from "../state/update.js";

export type StateAccess = StateReader & StateWriter & Journal;

export class StateLog {
  private chain: Promise<unknown> = Promise.resolve();
  private latest: StateSnapshot | undefined;
  private broken: unknown;

  constructor(private readonly state: StateAccess) {}

  /** Reads the state this apply starts from. */
  load(): Promise<void> {
    return this.serially(async () => {
      this.latest = await this.state.read();
    });
  }

  /** The entry as this apply last wrote or read it. */
  entry(address: Address): StateEntry | undefined {
    return this.latest?.resources[address];
  }

  /** The first error a write or journal operation met, if any. */
  get failure(): unknown {
    return this.broken;
  }

  update(change: (s: StateSnapshot) => StateSnapshot): Promise<void> {
    return this.serially(async () => {
      this.latest = await updateState(this.state, change);
    });
  }

  open(entry: JournalEntry): Promise<void> {
    return this.serially(() => this.state.open(entry));
  }

  close(id: string): Promise<void> {
    return this.serially(() => this.state.close(id));
  }

  private serially(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op).catch((e: unknown) => {
      this.broken ??= e;
      throw e;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Sets or replaces one resource entry. */
export const putEntry =
  (entry: StateEntry) =>
  (s: StateSnapshot): StateSnapshot => ({ ...s, resources: { ...s.resources, [entry.address]: entry } });

/** Drops one resource entry, if present. */
export const dropEntry =
  (address: Address) =>
  (s: StateSnapshot): StateSnapshot => {
    if (!(address in s.resources)) return s;
    const { [address]: _dropped, ...rest } = s.resources;
    return { ...s, resources: rest };
  };
