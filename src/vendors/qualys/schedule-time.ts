/**
 * Schedule times. A manifest says "at 02:00 in Europe/London, every Sunday"; Qualys wants a UTC
 * startDate in the future (vendors/qualys.md §11: "Start Time cannot be before current time"), so
 * the driver sends the next occurrence (decisions: past starts move to the next occurrence), and
 * reads `at` back as the start's local time in the schedule's zone.
 */
import { ScanformError } from "../../core/errors.js";
import { wallClock, type WallClock } from "../../core/wall-clock.js";
import type { Weekday } from "../../manifest/model.js";
import type { Occurrence } from "./api.js";

function localParts(zone: string, ms: number): WallClock {
  const w = wallClock(zone, ms);
  if (w === undefined) throw new ScanformError("VENDOR_VALIDATION", `qualys: unknown time zone "${zone}"`, { hint: "Use an IANA zone name such as UTC or Europe/London." });
  return w;
}

interface Occasion {
  readonly at: number;
  readonly weekday: Weekday;
}

// Schedules made from the same manifest times fall on the same instants: an apply creating
// thousands of them asks for a few distinct (zone, day, time) occasions.
const occasions = new Map<string, Occasion>();
const OCCASIONS_KEPT = 10_000;

/** The instant when the wall clock in `zone` shows the given local time (the later one in a DST gap), and its weekday there. */
function zonedOccasion(zone: string, year: number, month: number, day: number, hour: number, minute: number): Occasion {
  const key = `${zone}\u0000${year}-${month}-${day} ${hour}:${minute}`;
  let occasion = occasions.get(key);
  if (occasion === undefined) {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    let t = wall;
    for (let i = 0; i < 2; i += 1) {
      const p = localParts(zone, t);
      const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
      t += wall - shown;
    }
    occasion = { at: t, weekday: localParts(zone, t).weekday };
    if (occasions.size >= OCCASIONS_KEPT) occasions.clear();
    occasions.set(key, occasion);
  }
  return occasion;
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
    const occasion = zonedOccasion(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute);
    if (occasion.at < earliest) continue;
    if (occurrence.type === "WEEKLY" && !occurrence.days.includes(occasion.weekday)) continue;
    return qualysDate(occasion.at);
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

