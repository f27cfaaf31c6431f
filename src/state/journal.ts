/**
 * The crash journal over any reader/writer: entries live in the snapshot, so an entry is durable
 * exactly when the write that carries it is. Opens and closes go through updateState, so they are
 * written in order with the other changes of this process, and may share a write with them (a
 * close in the same write as the answer it waited for is exactly as safe as a write of its own).
 */
import type { Journal } from "./capabilities.js";
import type { JournalEntry } from "./model.js";
import { type StateChange, type StateStore, editing, updateState } from "./update.js";

/** Opens `entry`. Re-opening an id replaces it, so retrying an open after an ambiguous failure is safe. */
export const openJournalEntry = (entry: JournalEntry): StateChange => editing(() => [{ open: entry }]);

/** Closes entry `id`; nothing to write when it is not open. */
export const closeJournalEntry = (id: string): StateChange => editing((s) => (s.journal.some((e) => e.id === id) ? [{ close: id }] : []));

export function journalOver(store: StateStore): Journal {
  return {
    async open(entry: JournalEntry): Promise<void> {
      await updateState(store, openJournalEntry(entry));
    },
    async close(id: string): Promise<void> {
      await updateState(store, closeJournalEntry(id));
    },
    async pending(): Promise<readonly JournalEntry[]> {
      return (await store.read())?.journal ?? [];
    },
  };
}
