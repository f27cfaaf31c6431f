/**
 * A connected Cortex session: the Driver's operations for `cortex.scan`. The API cannot list,
 * read or delete definitions (vendors/cortex.md, scanform's decisions), so observe reads nothing
 * and state is the only record; delete is refused; read-back cannot search the vendor.
 */
import { isScanformError, ScanformError } from "../../core/errors.js";
import type { JournalEntry } from "../../state/model.js";
import type { Ids, ReadBack, VendorSession } from "../driver.js";
import { isDefinitionId, IDS, SCAN_KIND } from "./api.js";
import type { CortexClient } from "./client.js";
import { toDefinitionPayload } from "./payload.js";

export function createCortexSession(client: CortexClient): VendorSession {
  /**
   * Creates and launches this session saw refused (a 4xx answer, a local validation error, a
   * connection never made): they certainly did not land, so the apply engine's immediate read-back
   * can say "absent" instead of leaving a journal entry no one can settle. Keyed by address and operation.
   */
  const refused = new Set<string>();
  const key = (address: string, operation: JournalEntry["operation"]): string => `${operation} ${address}`;
  async function remembering<T>(address: string, operation: JournalEntry["operation"], call: () => Promise<T>): Promise<T> {
    refused.delete(key(address, operation));
    try {
      return await call();
    } catch (e) {
      if (certainlyNotCarriedOut(e)) refused.add(key(address, operation));
      throw e;
    }
  }

  return {
    async observe() {
      return { objects: [], diagnostics: [] };
    },

    async create(change, ctx) {
      checkKind(change.kind);
      return remembering(change.address, "create", async () => {
        const payload = toDefinitionPayload(change.after, change.address);
        const definitionId = await client.saveDefinition(payload, { address: change.address, signal: ctx.signal });
        const ids: Ids = { [IDS.definition]: definitionId };
        await ctx.checkpoint(ids);
        return ids;
      });
    },

    async update(change, ctx) {
      checkKind(change.kind);
      const definitionId = definitionIdOf(change.ids, change.address);
      await client.saveDefinition(toDefinitionPayload(change.after, change.address, Number(definitionId)), { address: change.address, signal: ctx.signal, adopting: change.action === "import" });
    },

    async delete(change) {
      throw new ScanformError("VENDOR_UNSUPPORTED", `cortex: cannot delete ${change.address}: the Cortex API has no call to delete a scan definition`, {
        hint: `Delete definition ${change.ids[IDS.definition] ?? "(id unknown)"} in the Cortex console, then remove it from scanform's state with \`scanform state rm ${change.address}\`.`,
        detail: { vendor: "cortex", address: change.address },
      });
    },

    async launch(input, ctx) {
      checkKind(input.kind);
      const definitionId = definitionIdOf(input.ids, input.address);
      // Cortex runs carry no name, so `runKey` cannot be recorded at the vendor; read-back says so.
      return remembering(input.address, "launch", async () => ({ runId: await client.launchRun(definitionId, undefined, { address: input.address, signal: ctx.signal }) }));
    },

    async readBack(entry): Promise<ReadBack> {
      if (refused.has(key(entry.address, entry.operation))) return { outcome: "absent" };
      const when = consoleWindow(entry.startedAt);
      return entry.operation === "create"
        ? { outcome: "unknowable", message: "the Cortex API cannot list or read scan definitions", lookFor: `a network scan definition named "${entry.naturalKey}" created ${when}` }
        : // Cortex runs carry no name, so the run key is nowhere at Cortex: the definition's runs and the time are.
          { outcome: "unknowable", message: "the Cortex API cannot list runs", lookFor: `a run of its scan definition started ${when}` };
    },

    async status(run, signal) {
      checkKind(run.kind);
      if (run.runId === undefined) {
        throw new ScanformError("VENDOR_NOT_FOUND", `cortex: ${run.address} has no launched run to follow`, {
          hint: "Launch it first (launch: on-change or always in the manifest).",
          detail: { vendor: "cortex", address: run.address },
        });
      }
      return client.runStatus(run.runId, { address: run.address, ...(signal === undefined ? {} : { signal }) });
    },
  };
}

/** Clocks differ between scanform and the tenant: the window a person searches around the send time. */
const CLOCK_SKEW_MS = 5 * 60_000;
function consoleWindow(sentAt: string): string {
  const at = Date.parse(sentAt);
  if (Number.isNaN(at)) return `around ${sentAt}`;
  return `between ${new Date(at - CLOCK_SKEW_MS).toISOString()} and ${new Date(at + CLOCK_SKEW_MS).toISOString()}`;
}

function checkKind(kind: string): void {
  if (kind !== SCAN_KIND) throw new ScanformError("VENDOR_UNSUPPORTED", `cortex: unknown kind "${kind}"; Cortex has only "${SCAN_KIND}"`, { detail: { vendor: "cortex", kind } });
}

function definitionIdOf(ids: Ids, address: string): string {
  const id = ids[IDS.definition];
  if (id === undefined || !isDefinitionId(id)) {
    throw new ScanformError("VENDOR_STATE", `cortex: state holds no definition id for ${address}`, {
      // Cortex cannot delete a definition, so `state rm` alone would have the next apply make a second one.
      hint: `Restore the state file that recorded it. Only if you first delete its definition in the Cortex console, \`scanform state rm ${address}\` lets the next apply create it again.`,
      detail: { vendor: "cortex", address },
    });
  }
  return id;
}

/** A vendor refusal (4xx), a problem found before sending, or a connection never made. */
function certainlyNotCarriedOut(e: unknown): boolean {
  if (!isScanformError(e)) return false;
  const status = e.detail?.status;
  if (typeof status === "number") return status >= 400 && status < 500;
  if (e.code === "VENDOR_VALIDATION") return true;
  return e.detail?.mayHaveLanded === false;
}
