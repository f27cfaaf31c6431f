/**
 * Every Qualys web app and schedule the credentials can see, and the option profiles they use, in
 * manifest terms: what `scanform import` writes. The same three paged searches observe makes
 * (api.ts budget), all profiles in one more; references carry Qualys ids, which the import turns
 * into manifest keys. A schedule whose occurrence the manifest cannot state (MONTHLY, decisions)
 * or that lacks its start is left out: a manifest for it could only misstate it.
 */
import type { JsonObject } from "../../core/json.js";
import type { InventoryItem } from "../driver.js";
import { decodeNamed, decodeSchedule, decodeWebApp, type WireSchedule } from "./api.js";
import type { QualysClient } from "./client.js";
import { scheduleSpec } from "./normalise.js";

const NO_BOOK = { profileById: new Map(), webAppById: new Map() };

export async function inventory(client: QualysClient, kinds: readonly string[], signal?: AbortSignal): Promise<readonly InventoryItem[]> {
  const o = signal === undefined ? {} : { signal };
  const want = (kind: string): boolean => kinds.includes(kind);
  const [webApps, schedules, profiles] = await Promise.all([
    want("webApp") ? client.searchAll("webApp", [], o) : [],
    want("schedule") ? client.searchAll("schedule", [], o) : [],
    want("profile") ? client.searchAll("profile", [], o) : [],
  ]);
  const items: InventoryItem[] = profiles.map(decodeNamed).map((p) => ({ kind: "profile", ids: { id: p.id }, spec: { name: p.name }, comment: `qualys option profile ${p.id}` }));
  for (const w of webApps.map(decodeWebApp)) {
    const tags = [...new Set(w.tags.map((t) => t.name))].sort();
    const spec: JsonObject = { name: w.name, url: w.url, ...(tags.length > 0 ? { tags } : {}) };
    const refs = w.defaultProfileId === undefined ? [] : [{ field: "defaultProfile", kind: "profile", ids: [{ id: w.defaultProfileId }], list: false }];
    items.push({ kind: "webApp", ids: { id: w.id }, spec, comment: `qualys web app ${w.id}`, refs });
  }
  for (const s of schedules.map(decodeSchedule)) {
    const item = scheduleItem(s);
    if (item !== undefined) items.push(item);
  }
  return items;
}

function scheduleItem(s: WireSchedule): InventoryItem | undefined {
  if (s.profileId === undefined || s.startDate === undefined || s.timeZone === undefined) return undefined;
  const { spec } = scheduleSpec(s, NO_BOOK);
  const occurrence = spec["occurrence"] as JsonObject;
  const every: JsonObject | undefined =
    occurrence["type"] === "DAILY" ? { days: occurrence["everyNDays"] ?? 1 } : occurrence["type"] === "WEEKLY" ? { weeks: occurrence["everyNWeeks"] ?? 1, on: occurrence["days"] ?? [] } : undefined;
  if (every === undefined) return undefined;
  const raw: JsonObject = { name: s.name, type: s.type, every, at: spec["at"] ?? "", timezone: s.timeZone, ...(s.active ? {} : { active: false }) };
  return {
    kind: "schedule",
    ids: { id: s.id },
    spec: raw,
    comment: `qualys schedule ${s.id}`,
    refs: [
      { field: "webApps", kind: "webApp", ids: [...new Set(s.webAppIds)].map((id) => ({ id })), list: true },
      { field: "profile", kind: "profile", ids: [{ id: s.profileId }], list: false },
    ],
  };
}
