/**
 * Reading the emulators' request logs the way the cases need: which writes reached a vendor after
 * a point in time, and which calls of an operation were carried out.
 */
import type { RunningEmulators } from "../../src/emulators/index.js";

/** Operations that only read (credential checks included); every other operation changes something at the vendor. */
const READS = /^(list|get|search|count|download|scanStatus|verifyKey|validateApiKey|portalVersion|public(Get)?ScanDefinitionRunStatus)/;

export const isWrite = (operation: string | null): boolean => operation !== null && !READS.test(operation);

/** The last sequence number of every emulator's log: "now", for `writesSince`. */
export function logMark(emulators: RunningEmulators): ReadonlyMap<string, number> {
  return new Map(Object.entries(emulators.emulators).map(([v, e]) => [v, e.log.entries().at(-1)?.seq ?? 0]));
}

/** Writes carried out at any vendor after `mark` (refused, dropped and 5xx'd requests were not carried out). */
export function writesSince(emulators: RunningEmulators, mark: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [vendor, e] of Object.entries(emulators.emulators)) {
    for (const entry of e.log.entries()) {
      if (entry.seq <= (mark.get(vendor) ?? 0) || !isWrite(entry.operation)) continue;
      if (entry.outcome === "answered" || entry.outcome === "lost-answer") out.push(`${vendor} ${entry.operation ?? "?"}`);
    }
  }
  return out;
}
