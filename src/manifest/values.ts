/** Small value types of the language: weekdays, time zones, durations. */
import { knowsZone } from "../core/wall-clock.js";
import type { Weekday } from "./model.js";

export const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Unique days in week order, sun..sat. */
export const weekOrder = (days: readonly Weekday[]): Weekday[] => WEEKDAYS.filter((d) => days.includes(d));

let zonesByLowerCase: Map<string, string> | undefined;

function knownZones(): Map<string, string> {
  if (zonesByLowerCase === undefined) {
    zonesByLowerCase = new Map(["UTC", ...Intl.supportedValuesOf("timeZone")].map((z) => [z.toLowerCase(), z]));
  }
  return zonesByLowerCase;
}

/**
 * The zone as the IANA database spells it, or undefined when it is not an IANA zone. Links such
 * as Asia/Kolkata are kept as written: vendors know them, and ICU's canonical name may be older.
 */
export function ianaZone(name: string): string | undefined {
  // Building a formatter is slow and configurations repeat a handful of zones thousands of times.
  if (!checkedZones.has(name)) checkedZones.set(name, checkZone(name));
  return checkedZones.get(name);
}

const checkedZones = new Map<string, string | undefined>();

function checkZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined; // offsets like +01:00 are not zones
  // A canonical name needs no formatter: the first one built loads the zone data, about 14 ms of
  // the 170 a `scanform validate` of the examples takes. Links are not in the list and are tried.
  const canonical = knownZones().get(name.toLowerCase());
  if (canonical !== undefined) return canonical;
  return knowsZone(name) ? name : undefined;
}

export const zoneNames = (): string[] => [...knownZones().values()];

/**
 * The longest duration scanform takes: a timer past 2^31 - 1 ms runs at once in Node, so a
 * longer timeout or pause would not wait at all (596h is about 24 days).
 */
export const MAX_DURATION_MS = 596 * 3_600_000;
export const MAX_DURATION_TEXT = "596h";

/** "4h", "90m", "1h30m", "45s" → milliseconds; undefined when not of that form (the schema reports it). */
export function durationMs(text: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === "") return undefined;
  const [, h = "0", min = "0", s = "0"] = m;
  return ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000;
}
