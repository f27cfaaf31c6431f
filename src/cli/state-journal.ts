/**
 * `scanform state journal [paths]` and `scanform state journal resolve ID --landed VENDOR_ID
 * [--run RUN_ID] | --absent [paths]`: the crash journal's open entries, and how a person records
 * what the vendor console shows for one that scanform cannot read back itself (a Cortex create).
 * A landed entry is recorded exactly as settling records a read-back, under the state lock.
 */
import { type Command, Option } from "commander";
import { manifestSpecs, ownerElsewhere, recordSettlement, type Settlement } from "../apply/journal/settle.js";
import { isScanformError, ScanformError } from "../core/errors.js";
import { alignColumns } from "../render/columns.js";
import type { JournalEntry, StateSnapshot } from "../state/model.js";
import type { Driver, Ids } from "../vendors/driver.js";
import { drivers as registry } from "../vendors/index.js";
import type { CliIO } from "./io.js";
import { lockTimeoutOption } from "./duration-flags.js";
import { locked, pathsArgument, withState } from "./with-state.js";

export interface ResolveFlags {
  readonly landed?: string;
  readonly run?: string;
  readonly absent?: boolean;
}

export const JOURNAL_ENTRY_NOT_FOUND = "STATE_JOURNAL_NOT_FOUND";
export const JOURNAL_RESOLVE_INVALID = "STATE_JOURNAL_RESOLVE_INVALID";

export function registerStateJournal(state: Command, io: CliIO, setExit: (code: number) => void): void {
  const journal = state
    .command("journal")
    .description("List the crash journal's open entries: creates and launches an interrupted apply sent but never recorded.")
    .argument(...pathsArgument)
    .action(async (paths: string[]) => {
      setExit(await withState(paths, io, async (backend) => {
        io.stdout.write(journalTable((await backend.read())?.journal ?? []));
      }));
    });

  journal
    .command("resolve")
    .description("Record what the vendor console shows for an open journal entry, when scanform cannot read it back itself.")
    .argument("<id>", "the entry's ID, as `scanform state journal` lists it")
    .argument(...pathsArgument)
    .addOption(new Option("--landed <vendor-id>", "it reached the vendor: the id the console shows (for a launch, the scan's id)").conflicts("absent"))
    .addOption(new Option("--run <run-id>", "for a launch that landed: the run's id").conflicts("absent"))
    .option("--absent", "it never reached the vendor: close the entry, so the next apply makes it again")
    .addOption(lockTimeoutOption())
    .action(async (id: string, paths: string[], flags: ResolveFlags & { lockTimeout: number }) => {
      setExit(await withState(paths, io, (backend, desired) =>
        locked(backend, io, "state journal resolve", flags.lockTimeout, async () => {
          const snapshot = await backend.read();
          const entry = snapshot?.journal.find((e) => e.id === id);
          if (!snapshot || !entry) throw entryNotFound(id, backend.describe);
          const settlement = settlementFor(entry, flags, snapshot);
          await recordSettlement(backend, settlement, new Date(), manifestSpecs(desired, registry)(entry.address));
          io.stdout.write(`${resolvedMessage(settlement)}\n`);
        })));
    });
}

/** The open entries as a table, or a sentence saying there are none. */
export function journalTable(entries: readonly JournalEntry[]): string {
  if (entries.length === 0) return "No open journal entries: every create and launch scanform sent is recorded.\n";
  const rows = [["ID", "ADDRESS", "OPERATION", "NATURAL KEY", "STARTED"], ...entries.map((e) => [e.id, e.address, e.operation, e.naturalKey, e.startedAt])];
  return alignColumns(rows).join("\n") + "\n";
}

/**
 * What the person says the console shows, as a settlement. A launch is recorded on the object state
 * already holds, so its --landed id must be that object's: a check that the right entry is resolved.
 */
export function settlementFor(entry: JournalEntry, flags: ResolveFlags, snapshot: StateSnapshot, drivers: ReadonlyMap<string, Driver> = registry): Settlement {
  if (flags.absent) return { entry, outcome: "absent" };
  if (flags.landed === undefined) {
    throw invalid(`Say what ${entry.vendor} shows for ${entry.address}: --landed VENDOR_ID if the ${entry.operation} reached it, or --absent if it did not.`);
  }
  if (entry.operation === "create") {
    if (flags.run !== undefined) throw invalid(`Journal entry ${entry.id} is a create, which has no run: pass --landed with the object's id alone.`);
    const ids = consoleIds(entry, flags.landed, drivers);
    // The object of that name a person finds may be the one a renamed key's old address holds.
    const owner = ownerElsewhere(entry, ids, snapshot.resources);
    if (owner !== undefined) {
      throw invalid(
        `${entry.vendor} object ${formatIds(ids)} is the one the state records for ${owner}, not one this create made: recording it would tie two addresses to one object, and removing ${owner} would delete it.`,
        `If the console shows no other ${entry.kind} named "${entry.naturalKey}", the create never landed: \`scanform state journal resolve ${entry.id} --absent\`.`,
      );
    }
    return { entry, outcome: "landed", ids };
  }
  if (flags.run === undefined) throw invalid(`Journal entry ${entry.id} is a launch: pass the run's id with --run RUN_ID as well.`);
  const held = snapshot.resources[entry.address];
  if (!held) {
    throw invalid(`The state no longer holds ${entry.address}, so there is no scan to record run ${flags.run} on.`, `Close the entry with \`scanform state journal resolve ${entry.id} --absent\`.`);
  }
  if (!Object.values(held.ids).includes(flags.landed)) {
    throw invalid(`${flags.landed} is not the id of ${entry.address}, which the state records as ${formatIds(held.ids)}.`, "For a launch, --landed is the scan's id and --run the run's.");
  }
  return { entry, outcome: "landed", ids: held.ids, runId: consoleRunId(entry, flags.run, drivers) };
}

/** The run id as the vendor's status reads it, from the one a person read in the console. */
function consoleRunId(entry: JournalEntry, typed: string, drivers: ReadonlyMap<string, Driver>): string {
  const driver = drivers.get(entry.vendor);
  if (driver?.runIdFromConsole === undefined) return typed;
  try {
    return driver.runIdFromConsole(entry.kind, typed);
  } catch (e) {
    if (!isScanformError(e)) throw e;
    throw invalid(`${typed} cannot be the run id of ${entry.address}: ${e.message}.`, e.hint);
  }
}

function resolvedMessage(s: Settlement): string {
  const { entry } = s;
  if (s.outcome === "landed" && s.runId !== undefined) return `Recorded run ${s.runId} as the last run of ${entry.address} and closed journal entry ${entry.id}.`;
  if (s.outcome === "landed") return `Recorded ${entry.address} as created at ${entry.vendor} [${formatIds(s.ids)}] and closed journal entry ${entry.id}. Run \`scanform plan\` to see what is left to do.`;
  const again = entry.operation === "create" ? "the next apply creates it" : "the next apply launches it if its launch policy asks";
  return `Closed journal entry ${entry.id}: the ${entry.operation} of ${entry.address} never reached ${entry.vendor}, so ${again}.`;
}

/** The ids the vendor's driver records for the id a person typed, so the next apply finds the object. */
function consoleIds(entry: JournalEntry, typed: string, drivers: ReadonlyMap<string, Driver>): Ids {
  const driver = drivers.get(entry.vendor);
  if (!driver) throw invalid(`Journal entry ${entry.id} is for ${entry.vendor}, a vendor this scanform does not know.`);
  try {
    return driver.idsFromConsole(entry.kind, typed);
  } catch (e) {
    if (!isScanformError(e)) throw e;
    throw invalid(`${typed} cannot be the id of ${entry.address}: ${e.message}.`, e.hint);
  }
}

const formatIds = (ids: Readonly<Record<string, string>>): string => Object.entries(ids).map(([k, v]) => `${k}=${v}`).join(", ");

const entryNotFound = (id: string, where: string): ScanformError =>
  new ScanformError(JOURNAL_ENTRY_NOT_FOUND, `The state at ${where} has no open journal entry ${id}.`, { hint: "`scanform state journal` lists the open entries and their IDs." });

const invalid = (message: string, hint?: string): ScanformError => new ScanformError(JOURNAL_RESOLVE_INVALID, message, hint === undefined ? {} : { hint });
