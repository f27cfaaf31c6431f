/**
 * A connected Cortex session: the Driver's operations for `cortex.scan`. The API cannot list,
 * read or delete definitions (vendors/cortex.md, scanform's decisions), so observe reads nothing
 * and state is the only record; delete is refused; read-back cannot search the vendor.
 */
import { isScanformError, ScanformError } from "../../core/errors.js";
import type { JournalEntry } from "../../state/model.js";
import type { Ids, ReadBack, VendorSession } from "../driver.js";
import { IDS, SCAN_KIND } from "./api.js";
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
      await client.saveDefinition(toDefinitionPayload(change.after, change.address, Number(definitionId)), { address: change.address, signal: ctx.signal });
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
      const message =
        entry.operation === "create"
          ? `the Cortex API cannot list scan definitions. Look in the Cortex console for a network scan definition named "${entry.naturalKey}" created around ${entry.startedAt}; delete it there if it exists, then clear the journal entry so the next apply creates it again`
          : `the Cortex API cannot list runs. Look in the Cortex console for a run of the scan definition of ${entry.address} started around ${entry.startedAt}; launch again only if there is none`;
      return { outcome: "unknowable", message };
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

function checkKind(kind: string): void {
  if (kind !== SCAN_KIND) throw new ScanformError("VENDOR_UNSUPPORTED", `cortex: unknown kind "${kind}"; Cortex has only "${SCAN_KIND}"`, { detail: { vendor: "cortex", kind } });
}

function definitionIdOf(ids: Ids, address: string): string {
  const id = ids[IDS.definition];
  if (id === undefined || !/^\d+$/.test(id)) {
    throw new ScanformError("VENDOR_STATE", `cortex: state holds no definition id for ${address}`, {
      hint: `Remove it with \`scanform state rm ${address}\` so the next apply creates the definition, or restore the state file that recorded it.`,
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
