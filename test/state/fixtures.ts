/** Data and processes shared by the state tests and the child process they spawn. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { StateBackend } from "../../src/state/capabilities.js";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import type { JournalEntry, StateEntry, StateSnapshot } from "../../src/state/model.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";

export function stateEntry(address: string, spec: StateEntry["spec"] = { name: address.split(".")[2] ?? address }): StateEntry {
  const [vendor = "", kind = ""] = address.split(".");
  return { address, vendor, kind, ids: { id: `id-${address}` }, spec, digest: `sha256:${address}`, protect: false, origin: "created", updatedAt: "2026-01-01T00:00:00.000Z" };
}

/** The error `p` rejects with; a test fails if it resolves. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; hint?: string; detail?: Record<string, unknown> }> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as { code: string; message: string },
  );
}

/** An open create at `address` (vendor and kind taken from it), with any field overridden. */
export function journalEntry(id: string, address = "hexiosec.scan.a", o: Partial<JournalEntry> = {}): JournalEntry {
  const [vendor = "", kind = ""] = address.split(".");
  return { id, address, vendor, kind, operation: "create", naturalKey: address, specDigest: "sha256:x", startedAt: "2026-01-01T00:00:00.000Z", ...o };
}

export const withEntries = (s: StateSnapshot, ...entries: StateEntry[]): StateSnapshot => ({
  ...s,
  resources: { ...s.resources, ...Object.fromEntries(entries.map((e) => [e.address, e])) },
});

/**
 * What the killed writer writes at `serial`: every entry carries the serial, so a snapshot mixing
 * two writes (a torn one) cannot equal this for any serial.
 */
export function loopSnapshot(lineage: string, serial: number): StateSnapshot {
  const entries = Array.from({ length: LOOP_ENTRIES }, (_, i) => loopEntry(i, serial));
  return { ...withEntries(emptySnapshot(lineage), ...entries), serial };
}

const LOOP_ENTRIES = 50;
const loopEntry = (i: number, marker: number): StateEntry => stateEntry(`hexiosec.scan.r${i}`, { name: `r${i}`, marker, pad: "x".repeat(20_000) });

/** What the killed appender appends as `serial`: one entry, marked with that serial. */
export const appendedEntry = (serial: number): StateEntry => loopEntry(serial % LOOP_ENTRIES, serial);

/**
 * The state after the appender's appends up to `serial`, on loopSnapshot(lineage, 1): one that lost
 * an acknowledged append, or holds half of one, cannot equal this for any serial.
 */
export function appendedSnapshot(lineage: string, serial: number): StateSnapshot {
  const latest = new Map<string, StateEntry>();
  for (let m = Math.max(2, serial - LOOP_ENTRIES + 1); m <= serial; m++) latest.set(appendedEntry(m).address, appendedEntry(m));
  return { ...withEntries(loopSnapshot(lineage, 1), ...latest.values()), serial };
}

/** How a child process opens the same storage as the test. */
export type ChildTarget =
  | { readonly kind: "local"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string; readonly workspace: string; readonly tablePrefix: string };

export function openTarget(t: ChildTarget): Promise<StateBackend> {
  return t.kind === "local"
    ? Promise.resolve(new LocalBackend(t.path, { pollMs: 20 }))
    : openPostgresBackend({ url: t.url, workspace: t.workspace, tablePrefix: t.tablePrefix, pollMs: 20 });
}

export type ChildMode = { readonly mode: "hold"; readonly holdMs: number } | { readonly mode: "write-loop" } | { readonly mode: "append-loop" };

export type ChildEvent =
  | { readonly event: "locked"; readonly id: string }
  | { readonly event: "writing"; readonly serial: number }
  | { readonly event: "wrote"; readonly serial: number }
  | { readonly event: "released" };

export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the `nth` event of that name (default the first), whether seen already or yet to come. */
  next<E extends ChildEvent["event"]>(event: E, nth?: number): Promise<Extract<ChildEvent, { event: E }>>;
  /** Every event so far, in order, with when it arrived (performance.now()). */
  readonly events: ChildEvent[];
  readonly arrivals: number[];
  readonly exited: Promise<number | null>;
}

const childScript = fileURLToPath(new URL("./child.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export function startChild(target: ChildTarget, mode: ChildMode): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", childScript, JSON.stringify({ target, ...mode })], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const events: ChildEvent[] = [];
  const arrivals: number[] = [];
  const nthOf = (event: string, nth: number): ChildEvent | undefined => events.filter((e) => e.event === event)[nth - 1];
  const waiters = new Set<() => void>();
  createInterface({ input: proc.stdout! }).on("line", (line) => {
    events.push(JSON.parse(line) as ChildEvent);
    arrivals.push(performance.now());
    for (const check of waiters) check();
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return {
    process: proc,
    events,
    arrivals,
    exited,
    next: (event, nth = 1) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const seen = nthOf(event, nth);
          if (!seen) return;
          waiters.delete(check);
          resolve(seen as never);
        };
        waiters.add(check);
        check();
        void exited.then((code) => reject(new Error(`child exited (${code}) before "${event}" #${nth}: ${stderr}`)));
      }),
  };
}
