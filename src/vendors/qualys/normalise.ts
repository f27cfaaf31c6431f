/**
 * Qualys objects in manifest terms: the same shape as the DesiredResource spec of their kind
 * (src/manifest/model.ts), so the plan compares like with like. Ids become addresses through what
 * state and this observation know; an id nobody declared stays visible as `id:<n>` with a note.
 */
import type { Address } from "../../core/address.js";
import { digest, type JsonObject } from "../../core/json.js";
import type { Weekday } from "../../manifest/model.js";
import { WEEKDAYS, type WireSchedule, type WireWebApp } from "./api.js";
import { localTimeOf } from "./schedule-time.js";

export interface AddressBook {
  readonly profileById: ReadonlyMap<string, Address>;
  readonly webAppById: ReadonlyMap<string, Address>;
}

export interface Normalised {
  readonly spec: JsonObject;
  readonly notes: readonly string[];
}

/** How an id nobody declared is shown in a spec. */
export const unknownId = (id: string): string => `id:${id}`;

export function webAppSpec(w: WireWebApp, book: AddressBook): Normalised {
  const notes: string[] = [];
  let defaultProfile: Address | null = null;
  if (w.defaultProfileId !== undefined) {
    defaultProfile = book.profileById.get(w.defaultProfileId) ?? null;
    if (defaultProfile === null) notes.push(`Its default option profile (id ${w.defaultProfileId}) is not declared in the manifests.`);
  }
  const tags = [...new Set(w.tags.map((t) => t.name))].sort();
  return { spec: { name: w.name, url: w.url, tags, defaultProfile }, notes };
}

const WEEK_ORDER = Object.keys(WEEKDAYS) as Weekday[];
const WEEKDAY_BY_WIRE = new Map(Object.entries(WEEKDAYS).map(([k, v]) => [v, k as Weekday]));

export function scheduleSpec(s: WireSchedule, book: AddressBook): Normalised {
  const notes: string[] = [];
  const webApps = s.webAppIds
    .map((id) => {
      const address = book.webAppById.get(id);
      if (address === undefined) notes.push(`It targets web app ${id}, which is not declared in the manifests.`);
      return address ?? unknownId(id);
    })
    .sort();
  const profileAddress = s.profileId === undefined ? undefined : book.profileById.get(s.profileId);
  if (s.profileId !== undefined && profileAddress === undefined) notes.push(`Its option profile (id ${s.profileId}) is not declared in the manifests.`);
  const occurrence: JsonObject =
    s.occurrenceType === "DAILY"
      ? { type: "DAILY", everyNDays: s.everyN ?? 1 }
      : s.occurrenceType === "WEEKLY"
        ? { type: "WEEKLY", everyNWeeks: s.everyN ?? 1, days: WEEK_ORDER.filter((d) => s.onDays.some((w) => WEEKDAY_BY_WIRE.get(w) === d)) }
        : { type: s.occurrenceType ?? "" };
  return {
    spec: {
      name: s.name,
      type: s.type,
      webApps,
      profile: profileAddress ?? (s.profileId === undefined ? null : unknownId(s.profileId)),
      occurrence,
      at: s.startDate !== undefined && s.timeZone !== undefined ? localTimeOf(s.startDate, s.timeZone) : "",
      timezone: s.timeZone ?? "",
      active: s.active,
    },
    notes,
  };
}

/** Moves when the object changes at Qualys: its normalised content and its `updatedDate`. */
export const fingerprint = (id: string, updatedDate: string | undefined, spec: JsonObject): string => digest({ id, updatedDate: updatedDate ?? null, spec });
