/**
 * The conformance suite every state backend passes (Terraform's TestBackendStates and
 * TestBackendStateLocks style): each test gets fresh storage and opens as many clients of it as it
 * needs, the way separate runs of scanform would.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StateBackend } from "../../src/state/capabilities.js";
import { lockRequest } from "../../src/state/lock-info.js";
import type { StateEntry, StateSnapshot } from "../../src/state/model.js";
import { emptySnapshot, versionOf } from "../../src/state/snapshot.js";
import { updateState } from "../../src/state/update.js";
import { type Child, type ChildTarget, appendedSnapshot, journalEntry, loopSnapshot, startChild, stateEntry, withEntries } from "./fixtures.js";

export interface Storage {
  /** A new client of this storage. */
  open(): Promise<StateBackend>;
  /** How a child process reaches the same storage. */
  readonly child?: ChildTarget;
  destroy(): Promise<void>;
}

export interface ContractTarget {
  readonly name: string;
  fresh(): Promise<Storage>;
  /** Why the tests with a second process cannot run, when they cannot. */
  readonly noProcessesBecause?: string;
}

const who = lockRequest("test", { USER: "tester" });

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string; detail?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; detail?: Record<string, unknown> };
  }
  throw new Error("expected a rejection");
}

const KILLS = 20;
const APPEND_KILLS = 12;

/** How long the child's second write call took, from its "writing" to its "wrote". */
async function writeMs(writer: Child): Promise<number> {
  await writer.next("wrote", 2);
  const at = (event: string): number => writer.arrivals[writer.events.findIndex((e) => e.event === event && "serial" in e && e.serial === second.serial)]!;
  const second = await writer.next("writing", 2);
  return at("wrote") - at("writing");
}

export function backendContract(target: ContractTarget): void {
  describe(`state backend contract: ${target.name}`, () => {
    let storage: Storage;
    const opened: StateBackend[] = [];
    const open = async (): Promise<StateBackend> => {
      const b = await storage.open();
      opened.push(b);
      return b;
    };

    beforeEach(async () => {
      storage = await target.fresh();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.dispose()));
      await storage.destroy();
    });

    const processIt = target.noProcessesBecause ? it.skip : it;
    const skipped = target.noProcessesBecause ? ` (skipped: ${target.noProcessesBecause})` : "";
    const child = (): ChildTarget => {
      if (!storage.child) throw new Error(`${target.name} gives no child target`);
      return storage.child;
    };

    it("reads nothing from a state never written", async () => {
      expect(await (await open()).read()).toBeUndefined();
    });

    it("reads back what it wrote, as serial 1 of the writer's lineage", async () => {
      const a = await open();
      const written = withEntries(emptySnapshot("lineage-1"), stateEntry("hexiosec.scan.a"));
      expect(await a.write(written, undefined)).toEqual({ lineage: "lineage-1", serial: 1 });
      expect(await (await open()).read()).toEqual({ ...written, serial: 1 });
    });

    it("hands out a fresh copy on every read", async () => {
      const a = await open();
      await a.write(withEntries(emptySnapshot(), stateEntry("hexiosec.scan.a")), undefined);
      const first = (await a.read()) as { resources: Record<string, unknown> };
      delete first.resources["hexiosec.scan.a"];
      expect(Object.keys((await a.read())!.resources)).toEqual(["hexiosec.scan.a"]);
    });

    it("bumps the serial by one on every write", async () => {
      const a = await open();
      const v1 = await a.write(emptySnapshot("l"), undefined);
      const v2 = await a.write(withEntries((await a.read())!, stateEntry("hexiosec.scan.a")), v1);
      expect([v1.serial, v2.serial]).toEqual([1, 2]);
      expect((await a.read())!.serial).toBe(2);
    });

    it("refuses a write against a serial that has moved, keeping the newer state", async () => {
      const a = await open();
      const b = await open();
      const v1 = await a.write(emptySnapshot("l"), undefined);
      await b.write(withEntries((await b.read())!, stateEntry("hexiosec.scan.b")), v1);
      const e = await rejection(a.write(withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a")), v1));
      expect(e.code).toBe("STATE_STALE");
      expect(Object.keys((await a.read())!.resources)).toEqual(["hexiosec.scan.b"]);
    });

    it("refuses a first write when a state already exists", async () => {
      const a = await open();
      await a.write(emptySnapshot("first"), undefined);
      expect((await rejection(a.write(emptySnapshot("second"), undefined))).code).toBe("STATE_STALE");
      expect((await a.read())!.lineage).toBe("first");
    });

    it("keeps the lineage fixed: a snapshot of another lineage is refused", async () => {
      const a = await open();
      const v1 = await a.write(emptySnapshot("mine"), undefined);
      expect((await rejection(a.write(emptySnapshot("theirs"), v1))).code).toBe("STATE_STALE");
      expect(versionOf((await a.read())!)).toEqual({ lineage: "mine", serial: 1 });
    });

    it("refuses a second locker with STATE_LOCKED carrying the holder's details", async () => {
      const a = await open();
      const b = await open();
      const held = await a.lock({ ...who, operation: "apply" });
      const e = await rejection(b.lock(who));
      expect(e.code).toBe("STATE_LOCKED");
      expect(e.detail?.holder).toEqual(held.info);
      expect(e.message).toContain(`tester on ${who.host} (pid ${process.pid}, operation "apply")`);
    });

    it("shows the holder to other clients while held, and no one after release", async () => {
      const a = await open();
      const b = await open();
      const held = await a.lock(who);
      expect(held.info).toMatchObject({ ...who, id: expect.any(String), created: expect.any(String) });
      expect(await b.lockInfo()).toEqual(held.info);
      await held.release();
      expect(await b.lockInfo()).toBeUndefined();
    });

    it("says a locker waited when its timeout expired with the lock still held", async () => {
      const a = await open();
      const b = await open();
      await a.lock(who);
      const e = await rejection(b.lock(who, { timeoutMs: 200 }));
      expect(e.code).toBe("STATE_LOCKED");
      expect(e.message).toContain("Still locked after waiting 200 ms (--lock-timeout).");
    });

    it("gives a waiting locker the lock once the holder releases it within the timeout", async () => {
      const a = await open();
      const b = await open();
      const held = await a.lock(who);
      setTimeout(() => void held.release(), 100);
      const got = await b.lock(who, { timeoutMs: 5_000 });
      expect(await a.lockInfo()).toEqual(got.info);
    });

    it("refuses force-unlock with a wrong id and keeps the lock", async () => {
      const a = await open();
      const b = await open();
      const held = await a.lock(who);
      const e = await rejection(b.forceUnlock("not-the-id"));
      expect(e.code).toBe("STATE_LOCK_ID_MISMATCH");
      expect(e.detail?.holder).toEqual(held.info);
      expect(await b.lockInfo()).toEqual(held.info);
    });

    it("frees the lock on force-unlock with the holder's id, and the old holder's release then frees nothing", async () => {
      const a = await open();
      const b = await open();
      const stale = await a.lock(who);
      await b.forceUnlock(stale.info.id);
      expect(await b.lockInfo()).toBeUndefined();
      const fresh = await b.lock(who);
      await stale.release();
      expect(await a.lockInfo()).toEqual(fresh.info);
    });

    it("keeps open journal entries across clients until they are closed", async () => {
      const a = await open();
      await a.open(journalEntry("j1"));
      await a.open(journalEntry("j2", "qualys.scan.b"));
      await a.close("j1");
      const b = await open();
      expect(await b.pending()).toEqual([journalEntry("j2", "qualys.scan.b")]);
    });

    it("creates the state when a journal entry is opened before anything was written", async () => {
      const a = await open();
      await a.open(journalEntry("j1"));
      expect(await a.read()).toMatchObject({ serial: 1, resources: {}, journal: [journalEntry("j1")] });
    });

    it("writes nothing when closing a journal entry that is not open", async () => {
      const a = await open();
      await a.open(journalEntry("j1"));
      await a.close("unknown");
      expect((await a.read())!.serial).toBe(1);
    });

    it("replaces an entry re-opened with the same id instead of adding a second", async () => {
      const a = await open();
      await a.open(journalEntry("j1"));
      await a.open({ ...journalEntry("j1"), naturalKey: "retried" });
      expect((await a.pending()).map((e) => e.naturalKey)).toEqual(["retried"]);
    });

    processIt(`makes a locker in another process wait or fail with STATE_LOCKED, losing no write${skipped}`, async () => {
      const a = await open();
      const v1 = await a.write(withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.before")), undefined);
      const holder = startChild(child(), { mode: "hold", holdMs: 1_000 });
      const { id } = await holder.next("locked");

      const refused = await rejection(a.lock(who));
      expect(refused.code).toBe("STATE_LOCKED");
      expect(refused.detail?.holder).toMatchObject({ id, pid: holder.process.pid, operation: "child hold" });

      const mine = await a.lock(who, { timeoutMs: 15_000 });
      const after = (await a.read())!;
      await a.write(withEntries(after, stateEntry("hexiosec.scan.after")), versionOf(after));
      await mine.release();
      expect(await holder.exited).toBe(0);
      const final = (await a.read())!;
      expect(Object.keys(final.resources).sort()).toEqual(["hexiosec.scan.after", "hexiosec.scan.before", "hexiosec.scan.child"]);
      expect(final.serial).toBe(v1.serial + 2);
    }, 40_000);

    /**
     * Starts a child in `mode` `kills` times and kills it at a spread of instants over the end of a
     * write call, timed from the child's own pace; after each, the state must be `expected` at some
     * serial no lower than the last one the child was told was stored.
     */
    async function killRepeatedly(mode: "write-loop" | "append-loop", kills: number, spread: readonly [number, number], expected: (serial: number) => StateSnapshot): Promise<void> {
      const a = await open();
      await a.write(loopSnapshot("loop", 1), undefined);
      let lastSeen = 1;
      for (let kill = 0; kill < kills; kill++) {
        const writer = startChild(child(), { mode });
        const duration = await writeMs(writer);
        await writer.next("writing", 3);
        await new Promise((resolve) => setTimeout(resolve, (spread[0] + (kill / kills) * spread[1]) * duration));
        writer.process.kill("SIGKILL");
        await writer.exited;
        for (const e of writer.events) if (e.event === "wrote") lastSeen = Math.max(lastSeen, e.serial);

        const state: StateSnapshot = (await a.read())!;
        expect(state.serial).toBeGreaterThanOrEqual(lastSeen);
        expect(state).toEqual(expected(state.serial));
        const left = await a.lockInfo();
        if (left) await a.forceUnlock(left.id);
        lastSeen = state.serial;
      }
    }

    // Where the bytes reach the disk and a non-atomic write tears (a plain writeFile fails ~3 kills in 20).
    processIt(`leaves the previous or the next state, never a torn one, when a writer is killed mid-write${skipped}`, () =>
      killRepeatedly("write-loop", KILLS, [0.6, 0.5], (serial) => loopSnapshot("loop", serial)), 120_000);

    processIt(`keeps every acknowledged append and half of none when an appender is killed mid-append${skipped}`, () =>
      killRepeatedly("append-loop", APPEND_KILLS, [0.3, 0.9], (serial) => appendedSnapshot("loop", serial)), 120_000);

    it("reads back, from another client, edits appended after a whole write", async () => {
      const a = await open();
      const v1 = await a.write(withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a"), stateEntry("hexiosec.scan.b")), undefined);
      const v2 = await a.append([{ put: stateEntry("hexiosec.scan.c") }, { drop: "hexiosec.scan.a" }, { open: journalEntry("j1") }, { open: journalEntry("j2") }], v1);
      const v3 = await a.append([{ close: "j1" }], v2);
      expect(v3).toEqual({ lineage: "l", serial: 3 });
      expect(await (await open()).read()).toEqual({ ...withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.b"), stateEntry("hexiosec.scan.c")), serial: 3, journal: [journalEntry("j2")] });
    });

    it("refuses an append against a serial that has moved, keeping the newer state", async () => {
      const a = await open();
      const b = await open();
      const v1 = await a.write(emptySnapshot("l"), undefined);
      await b.append([{ put: stateEntry("hexiosec.scan.b") }], v1);
      expect((await rejection(a.append([{ put: stateEntry("hexiosec.scan.a") }], v1))).code).toBe("STATE_STALE");
      expect(Object.keys((await a.read())!.resources)).toEqual(["hexiosec.scan.b"]);
    });

    it("keeps appended edits through a lock's release and a whole write after them", async () => {
      const a = await open();
      const held = await a.lock(who);
      const v1 = await a.write(emptySnapshot("l"), undefined);
      const v2 = await a.append([{ put: stateEntry("hexiosec.scan.a") }], v1);
      await held.release();
      const read = (await (await open()).read())!;
      expect(read).toEqual({ ...withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a")), serial: 2 });
      await a.write(withEntries(read, stateEntry("hexiosec.scan.b")), v2);
      expect(Object.keys((await (await open()).read())!.resources).sort()).toEqual(["hexiosec.scan.a", "hexiosec.scan.b"]);
    });

    it("refuses an appended entry that would not read back", async () => {
      const a = await open();
      const v1 = await a.write(emptySnapshot("l"), undefined);
      const broken = { ...stateEntry("hexiosec.scan.b"), origin: "stolen" } as unknown as StateEntry;
      expect((await rejection(a.append([{ put: broken }], v1))).code).toBe("STATE_INVALID");
      expect(versionOf((await a.read())!)).toEqual(v1);
    });

    it("lets one client's concurrent read-modify-writes all land, those queued behind a write sharing the next", async () => {
      const a = await open();
      await Promise.all(["a", "b", "c"].map((n) => updateState(a, (s) => withEntries(s, stateEntry(`hexiosec.scan.${n}`)))));
      const s = (await a.read())!;
      expect([s.serial, Object.keys(s.resources).sort()]).toEqual([2, ["hexiosec.scan.a", "hexiosec.scan.b", "hexiosec.scan.c"]]);
    });

    it("makes a client's next read-modify-write on top of another client's write since its own, losing neither", async () => {
      const a = await open();
      const b = await open();
      await updateState(a, (s) => withEntries(s, stateEntry("hexiosec.scan.a1")));
      const theirs = (await b.read())!;
      await b.write(withEntries(theirs, stateEntry("hexiosec.scan.b")), versionOf(theirs));
      const stored = await updateState(a, (s) => withEntries(s, stateEntry("hexiosec.scan.a2")));
      expect([stored.serial, Object.keys(stored.resources).sort()]).toEqual([3, ["hexiosec.scan.a1", "hexiosec.scan.a2", "hexiosec.scan.b"]]);
      expect((await b.read())!.resources).toEqual(stored.resources);
    });

    // PostgreSQL's jsonb cannot hold either; every backend refuses them, so a state moves between backends whole.
    describe.each([
      ["a NUL character", "a\u0000b", `resources["hexiosec.scan.b"].spec.name holds a NUL character (U+0000)`],
      ["an unpaired surrogate", "a\ud800b", `resources["hexiosec.scan.b"].spec.name holds an unpaired surrogate (U+D800)`],
    ])("a string holding %s", (_, name, problem) => {
      const odd = (): StateEntry => stateEntry("hexiosec.scan.b", { name });

      it("is refused in a whole write as STATE_VALUE_UNSTORABLE, naming the field, and nothing is stored", async () => {
        const a = await open();
        const v1 = await a.write(emptySnapshot("l"), undefined);
        const e = await rejection(a.write(withEntries((await a.read())!, odd()), v1));
        expect(e.code).toBe("STATE_VALUE_UNSTORABLE");
        expect(e.message).toContain(problem);
        expect(versionOf((await a.read())!)).toEqual(v1);
      });

      it("is refused in an append as STATE_VALUE_UNSTORABLE, naming the field, and nothing is stored", async () => {
        const a = await open();
        const v1 = await a.write(emptySnapshot("l"), undefined);
        const e = await rejection(a.append([{ put: odd() }], v1));
        expect(e.code).toBe("STATE_VALUE_UNSTORABLE");
        expect(e.message).toContain(problem.replace(`resources["hexiosec.scan.b"]`, "edits[0].put"));
        expect(versionOf((await a.read())!)).toEqual(v1);
      });
    });

    it("stores text that only spells an escape, a backslash then u0000, as it is", async () => {
      const a = await open();
      const spelled = stateEntry("hexiosec.scan.b", { name: "C:\\u0000\\ud800" });
      const v2 = await a.append([{ put: spelled }], await a.write(emptySnapshot("l"), undefined));
      await a.write(withEntries((await a.read())!, stateEntry("hexiosec.scan.c", { name: "\\\\u0000" })), v2);
      expect((await (await open()).read())!.resources["hexiosec.scan.b"]).toEqual(spelled);
    });

    it("refuses an entry that would not read back even when the rest was checked at an earlier write", async () => {
      const a = await open();
      const v1 = await a.write(withEntries(emptySnapshot("l"), stateEntry("hexiosec.scan.a")), undefined);
      const broken = { ...stateEntry("hexiosec.scan.b"), origin: "stolen" } as unknown as StateEntry;
      const e = await rejection(a.write(withEntries((await a.read())!, broken), v1));
      expect(e.code).toBe("STATE_INVALID");
      expect(versionOf((await a.read())!)).toEqual(v1);
    });
  });
}
