/**
 * `state list --json` (every address the state holds, with what identifies it at its vendor) and
 * `state show --json` (one entry, its spec included), in scanform's JSON convention
 * (`format_version` "MAJOR.MINOR", snake_case; schemas/state-list.schema.json and
 * schemas/state-show.schema.json).
 */
import type { JsonObject } from "../core/json.js";
import type { StateEntry, StateSnapshot } from "../state/model.js";
import { addresses } from "../state/snapshot.js";

export const STATE_LIST_JSON_FORMAT_VERSION = "1.0";
// 2.0: replaced the unversioned camelCase entry (lastRun, updatedAt).
export const STATE_SHOW_JSON_FORMAT_VERSION = "2.0";

const entryJson = (e: StateEntry): JsonObject => ({
  address: e.address,
  vendor: e.vendor,
  kind: e.kind,
  ids: { ...e.ids },
  origin: e.origin,
  protect: e.protect,
  ...(e.lastRun === undefined ? {} : { last_run: { id: e.lastRun.id, launched_at: e.lastRun.launchedAt } }),
  updated_at: e.updatedAt,
});

export function stateShowJson(entry: StateEntry): string {
  return `${JSON.stringify({ format_version: STATE_SHOW_JSON_FORMAT_VERSION, ...entryJson(entry), digest: entry.digest, spec: entry.spec }, null, 2)}\n`;
}

export function stateListJson(snapshot: StateSnapshot | undefined): string {
  const resources = snapshot === undefined ? [] : addresses(snapshot).map((address) => snapshot.resources[address]!);
  return `${JSON.stringify(
    {
      format_version: STATE_LIST_JSON_FORMAT_VERSION,
      ...(snapshot === undefined ? {} : { lineage: snapshot.lineage, serial: snapshot.serial }),
      resources: resources.map(entryJson),
    },
    null,
    2,
  )}\n`;
}
