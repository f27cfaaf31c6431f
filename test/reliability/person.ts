/**
 * What a person does for an open journal entry scanform cannot settle itself (Cortex cannot be
 * read back): look in the vendor's console, then record what it shows with `state journal
 * resolve`. Here the console is the emulator's dump, and each resolve is one person-needed step.
 */
import { cortexTenant } from "../e2e/checks.js";
import type { E2E } from "../e2e/harness.js";
import type { JournalEntry } from "../../src/state/model.js";

export async function openEntries(e2e: E2E): Promise<readonly JournalEntry[]> {
  return (await e2e.state())?.journal ?? [];
}

export interface PersonSteps {
  /** Entries the console showed had reached the vendor. */
  readonly landed: number;
  /** Entries for calls that never reached it: a person asked for nothing. */
  readonly absent: number;
}

/** Resolves every open entry as a person reading the console would. */
export async function resolveAsAPerson(e2e: E2E, run: (argv: string[]) => Promise<{ code: number | null; stderr: string; stdout: string }>): Promise<PersonSteps> {
  const entries = await openEntries(e2e);
  const state = await e2e.state();
  let landed = 0;
  for (const entry of entries) {
    const shows = consoleShows(e2e, entry, state?.resources[entry.address]?.ids);
    if (shows[0] === "--landed") landed += 1;
    const argv = ["state", "journal", "resolve", entry.id, ...shows];
    const r = await run(argv);
    if (r.code !== 0) throw new Error(`${argv.join(" ")} exited ${String(r.code)}: ${r.stdout}${r.stderr}`);
  }
  return { landed, absent: entries.length - landed };
}

/** A run the suite killed leaves its lock behind; free it, as `force-unlock --force` would. */
export async function freeLock(e2e: E2E): Promise<void> {
  const backend = await e2e.backend();
  const lock = await backend.lockInfo();
  if (lock) await backend.forceUnlock(lock.id);
}

function consoleShows(e2e: E2E, entry: JournalEntry, ids: Readonly<Record<string, string>> | undefined): string[] {
  const tenant = cortexTenant(e2e);
  if (entry.operation === "create") {
    const found = tenant.definitions.filter((d) => d.name === entry.naturalKey);
    return found.length === 0 ? ["--absent"] : ["--landed", String(found[0]!.id)];
  }
  const definition = ids?.["definitionId"] ?? tenant.definitions.find((d) => d.name === entry.naturalKey)?.id;
  const since = Date.parse(entry.startedAt);
  const run = tenant.runs.find((r) => String(r.definitionId) === String(definition) && runStarted(r) >= since);
  return run === undefined ? ["--absent"] : ["--landed", String(definition), "--run", String(run.id)];
}

/** The emulator dumps each run's launch time (epoch ms), which the e2e view leaves out. */
const runStarted = (run: object): number => {
  const at = (run as { launchedAt?: unknown }).launchedAt;
  return typeof at === "number" ? at : Number.POSITIVE_INFINITY;
};
