/**
 * `state list --json`: every address the state holds, with what identifies it at its vendor, in
 * scanform's JSON convention (`format_version` "MAJOR.MINOR", snake_case; schemas/state-list.schema.json).
 */
import type { StateSnapshot } from "../state/model.js";
import { addresses } from "../state/snapshot.js";

export const STATE_LIST_JSON_FORMAT_VERSION = "1.0";

export function stateListJson(snapshot: StateSnapshot | undefined): string {
  const resources = snapshot === undefined ? [] : addresses(snapshot).map((address) => snapshot.resources[address]!);
  return `${JSON.stringify(
    {
      format_version: STATE_LIST_JSON_FORMAT_VERSION,
      ...(snapshot === undefined ? {} : { lineage: snapshot.lineage, serial: snapshot.serial }),
      resources: resources.map((e) => ({
        address: e.address,
        vendor: e.vendor,
        kind: e.kind,
        ids: { ...e.ids },
        origin: e.origin,
        protect: e.protect,
        ...(e.lastRun === undefined ? {} : { last_run: { id: e.lastRun.id, launched_at: e.lastRun.launchedAt } }),
        updated_at: e.updatedAt,
      })),
    },
    null,
    2,
  )}\n`;
}
