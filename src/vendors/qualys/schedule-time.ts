/**
 * Schedule times. A manifest says "at 02:00 in Europe/London, every Sunday"; Qualys wants a UTC
 * startDate in the future (vendors/qualys.md §11: "Start Time cannot be before current time"), so
 * the driver sends the next occurrence (decisions: past starts move to the next occurrence), and
 * reads `at` back as the start's local time in the schedule's zone.
 */
import { ScanformError } from "../../core/errors.js";
import type { Weekday } from "../../manifest/model.js";
import type { Occurrence } from "./api.js";

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: Weekday;
}

const WEEKDAY_BY_SHORT: Readonly<Record<string, Weekday>> = { Sun: "sun", Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat" };

// A formatter is costly to build and cheap to use; observe reads thousands of schedules in few zones.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return formatters.get(zone) ?? null;
}

function localParts(zone: string, ms: number): LocalParts {
  const f = formatter(zone);
  if (f === null) throw new ScanformError("VENDOR_VALIDATION", `qualys: unknown time zone "${zone}"`, { hint: "Use an IANA zone name such as UTC or Europe/London." });
  const parts = f.formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    weekday: WEEKDAY_BY_SHORT[get("weekday")] ?? "sun",
  };
}

/** The instant when the wall clock in `zone` shows the given local time (the later one in a DST gap). */
function zonedInstant(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let t = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = localParts(zone, t);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    t += wall - shown;
  }
  return t;
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ` (§1.4). */
export const qualysDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The first occurrence of `at` in `zone` at least `marginMs` after `now`, on one of the days of a
 * weekly occurrence. (Every N days or weeks counts from this start, so the first one is enough.)
 */
export function nextStart(at: string, zone: string, occurrence: Occurrence, now: Date, marginMs: number): string {
  const [hour, minute] = at.split(":").map(Number) as [number, number];
  const earliest = now.getTime() + marginMs;
  const today = localParts(zone, earliest);
  for (let d = 0; d <= 8; d += 1) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    const t = zonedInstant(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute);
    if (t < earliest) continue;
    if (occurrence.type === "WEEKLY" && !occurrence.days.includes(localParts(zone, t).weekday)) continue;
    return qualysDate(t);
  }
  throw new ScanformError("VENDOR_VALIDATION", `qualys: no start date found for ${at} in ${zone}: a weekly schedule needs at least one day`, {
    hint: "List the days of a weekly schedule in `every.on`.",
  });
}

// Schedules made from the same manifest times share start dates: observe asks about a few hundred
// distinct (zone, start) pairs for thousands of schedules, and a formatToParts call is the costly part.
const localTimes = new Map<string, string>();
const LOCAL_TIMES_KEPT = 10_000;

/** "HH:MM" of `startDate` on the wall clock of `zone`. */
export function localTimeOf(startDate: string, zone: string): string {
  const key = `${zone}\u0000${startDate}`;
  let time = localTimes.get(key);
  if (time === undefined) {
    const p = localParts(zone, Date.parse(startDate));
    time = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
    if (localTimes.size >= LOCAL_TIMES_KEPT) localTimes.clear();
    localTimes.set(key, time);
  }
  return time;
}

export const isKnownZone = (zone: string): boolean => formatter(zone) !== null;
