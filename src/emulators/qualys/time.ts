/**
 * Time-zone facts for schedules: whether a zone code is known, the offset GET reports beside it
 * (vendors/qualys.md §11 "GET also returns offset"), and the next launch date of a schedule.
 */
import type { Scheduling } from "./store.js";

// Building a formatter costs far more than using one; schedules share a handful of zones.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

export const isKnownZone = (code: string): boolean => formatter(code) !== null;

/**
 * Offsets already worked out, by zone and instant: every search page reports one per schedule,
 * from its start date, and formatting the date in the zone was a tenth of the page's render.
 * Cleared when full, so it stays small whatever the schedules.
 */
const offsets = new Map<string, number>();
const MAX_OFFSETS = 10_000;

/** Minutes east of UTC of `zone` at instant `ms` (0 for a zone Intl does not know). */
export function offsetMinutes(zone: string, ms: number): number {
  const key = `${zone}\u0000${ms}`;
  let found = offsets.get(key);
  if (found === undefined) {
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, (found = zoneOffset(zone, ms)));
  }
  return found;
}

function zoneOffset(zone: string, ms: number): number {
  const f = formatter(zone);
  if (f === null) return 0;
  const parts = f.formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** `+01:00` style. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const DAY_MS = 86_400_000;

/**
 * First launch at or after `now`: the start date itself, then every N days, or on the listed
 * weekdays of every Nth week counted from the start's week (in UTC; close enough for an emulator
 * that reports the date but does not launch scheduled scans). Undefined once a ONCE schedule has run.
 */
export function nextLaunch(s: Scheduling, now: number): number | undefined {
  const start = Date.parse(s.startDate);
  if (start >= now) return start;
  if (s.occurrenceType === "ONCE") return undefined;
  if (s.occurrenceType === "DAILY") {
    const step = (s.everyNDays ?? 1) * DAY_MS;
    return start + Math.ceil((now - start) / step) * step;
  }
  const days = new Set((s.onDays ?? []).map((d) => WEEKDAY_INDEX[d] ?? -1));
  const everyN = s.everyNWeeks ?? 1;
  const startWeek = Math.floor((start - new Date(start).getUTCDay() * DAY_MS) / DAY_MS / 7);
  const first = start + Math.ceil((now - start) / DAY_MS) * DAY_MS;
  for (let i = 0; i < 7 * (everyN + 1); i += 1) {
    const t = first + i * DAY_MS;
    const week = Math.floor((t - new Date(t).getUTCDay() * DAY_MS) / DAY_MS / 7);
    if (days.has(new Date(t).getUTCDay()) && (week - startWeek) % everyN === 0) return t;
  }
  return undefined;
}

const WEEKDAY_INDEX: Readonly<Record<string, number>> = { SUNDAY: 0, MONDAY: 1, TUESDAY: 2, WEDNESDAY: 3, THURSDAY: 4, FRIDAY: 5, SATURDAY: 6 };
