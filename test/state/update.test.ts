/**
 * updateState's group commit: changes that queue behind a write in flight go out together as the
 * next write, in the order they were made, and each caller hears back only once a write holding its
 * change is stored. Over the memory backend, with its reads and writes counted and writes held.
 */
import { describe, expect, it } from "vitest";
import type { StateSnapshot, StateVersion } from "../../src/state/model.js";
import { createMemoryBackend } from "../../src/state/memory.js";
import { versionOf } from "../../src/state/snapshot.js";
import { updateState } from "../../src/state/update.js";
import { journalEntry, stateEntry, withEntries } from "./fixtures.js";

/** A client whose writes wait for `release()` and are counted, with their content, once stored. */
function heldStore() {
  const backend = createMemoryBackend();
  const stored: StateSnapshot[] = [];
  let reads = 0;
  let gates: (() => void)[] = [];
  const store = {
    read: () => {
      reads += 1;
      return backend.read();
    },
    write: async (next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> => {
      await new Promise<void>((resolve) => gates.push(resolve));
      const v = await backend.write(next, expected);
      stored.push({ ...next, ...v });
      return v;
    },
  };
  const release = async (): Promise<void> => {
    // Lets the queue reach its next write before the gates are opened.
    await new Promise((resolve) => setImmediate(resolve));
    const open = gates;
    gates = [];
    for (const g of open) g();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { backend, store, stored, release, reads: () => reads };
}

const add = (name: string) => (s: StateSnapshot): StateSnapshot => withEntries(s, stateEntry(`hexiosec.scan.${name}`));
const names = (s: StateSnapshot): string[] => Object.keys(s.resources).sort();

/** Settles `p` into a flag, so a test can see whether it has resolved yet. */
function watch(p: Promise<unknown>): { done: boolean } {
  const seen = { done: false };
  void p.then(() => (seen.done = true), () => (seen.done = true));
  return seen;
}

describe("updateState group commit", () => {
  it("writes the changes queued behind a write in flight as one next write, every change in it", async () => {
    const h = heldStore();
    const all = Promise.all(["a", "b", "c", "d", "e"].map((n) => updateState(h.store, add(n))));
    await h.release();
    await h.release();
    await all;
    expect(h.stored.map(names)).toEqual([["hexiosec.scan.a"], ["hexiosec.scan.a", "hexiosec.scan.b", "hexiosec.scan.c", "hexiosec.scan.d", "hexiosec.scan.e"]]);
  });

  it("resolves no caller before the write holding its change is stored", async () => {
    const h = heldStore();
    const first = watch(updateState(h.store, add("a")));
    const second = watch(updateState(h.store, add("b")));
    await new Promise((resolve) => setImmediate(resolve));
    expect([first.done, second.done, h.stored.length]).toEqual([false, false, 0]);
    await h.release();
    expect([first.done, second.done, h.stored.length]).toEqual([true, false, 1]);
    await h.release();
    expect([first.done, second.done, h.stored.length]).toEqual([true, true, 2]);
  });

  it("applies queued changes in the order they were made", async () => {
    const h = heldStore();
    const opens = ["j1", "j2", "j3", "j4"].map((id) => updateState(h.store, (s) => ({ ...s, journal: [...s.journal, journalEntry(id)] })));
    await h.release();
    await h.release();
    await Promise.all(opens);
    expect((await h.backend.read())!.journal.map((e) => e.id)).toEqual(["j1", "j2", "j3", "j4"]);
  });

  it("resolves every caller of a shared write with the stored snapshot, its new serial included", async () => {
    const h = heldStore();
    const results = [updateState(h.store, add("a")), updateState(h.store, add("b")), updateState(h.store, add("c"))];
    await h.release();
    await h.release();
    const [, second, third] = await Promise.all(results);
    expect([second!.serial, names(second!)]).toEqual([2, ["hexiosec.scan.a", "hexiosec.scan.b", "hexiosec.scan.c"]]);
    expect(third).toBe(second);
  });

  it("rejects only the caller whose change throws; the others in its write are stored", async () => {
    const h = heldStore();
    const first = updateState(h.store, add("a"));
    const failing = updateState(h.store, () => {
      throw new Error("no such address");
    });
    const last = updateState(h.store, add("c"));
    // Attached before the writes are released, so the rejection is never momentarily unhandled.
    const refused = expect(failing).rejects.toThrow("no such address");
    await h.release();
    await h.release();
    await refused;
    await Promise.all([first, last]);
    expect(names((await h.backend.read())!)).toEqual(["hexiosec.scan.a", "hexiosec.scan.c"]);
  });

  it("rejects every caller of a write that fails, and reads the state afresh for the next", async () => {
    const backend = createMemoryBackend();
    let fail = false;
    let reads = 0;
    const store = {
      read: () => ((reads += 1), backend.read()),
      write: (next: StateSnapshot, expected: StateVersion | undefined) => (fail ? Promise.reject(new Error("disk full")) : backend.write(next, expected)),
    };
    await updateState(store, add("a"));
    fail = true;
    const failed = [updateState(store, add("b")), updateState(store, add("c"))];
    await Promise.all(failed.map((p) => expect(p).rejects.toThrow("disk full")));
    fail = false;
    const readsBefore = reads;
    await updateState(store, add("d"));
    expect([reads - readsBefore, names((await backend.read())!)]).toEqual([1, ["hexiosec.scan.a", "hexiosec.scan.d"]]);
  });

  it("reads the state once, not again for every change after its own write", async () => {
    const h = heldStore();
    for (const n of ["a", "b", "c"]) {
      const p = updateState(h.store, add(n));
      await h.release();
      await p;
    }
    expect([h.reads(), h.stored.length]).toEqual([1, 3]);
  });

  it("writes nothing when every change in a batch returns the snapshot it was given", async () => {
    const h = heldStore();
    const p = updateState(h.store, add("a"));
    await h.release();
    const stored = await p;
    const same = await Promise.all([updateState(h.store, (s) => s), updateState(h.store, (s) => s)]);
    expect([h.stored.length, versionOf(same[0]!), versionOf(same[1]!)]).toEqual([1, versionOf(stored), versionOf(stored)]);
  });
});
