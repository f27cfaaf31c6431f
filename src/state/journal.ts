/**
 * The crash journal over any reader/writer: entries live in the snapshot, so an entry is durable
 * exactly when the write that carries it is. Each open and close is one write (one serial bump),
 * made by the lock holder inside apply, after a saved plan's staleness check.
 */
import type { Journal } from "./capabilities.js";
import type { JournalEntry } from "./model.js";
import { type StateStore, updateState } from "./update.js";

export function journalOver(store: StateStore): Journal {
  return {
    async open(entry: JournalEntry): Promise<void> {
      // Re-opening an id replaces it, so retrying an open after an ambiguous failure is safe.
      await updateState(store, (s) => ({ ...s, journal: [...s.journal.filter((e) => e.id !== entry.id), entry] }));
    },
    async close(id: string): Promise<void> {
      await updateState(store, (s) => (s.journal.some((e) => e.id === id) ? { ...s, journal: s.journal.filter((e) => e.id !== id) } : s));
    },
    async pending(): Promise<readonly JournalEntry[]> {
      return (await store.read())?.journal ?? [];
    },
  };
}
