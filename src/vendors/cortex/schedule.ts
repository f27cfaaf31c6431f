/**
 * Schedule arithmetic for the definition payload: the days bitmask (bit order in api.ts) and the
 * epoch-millisecond `schedule_start_date` of a wall-clock date and time in an IANA time zone.
 */
import type { JsonObject } from "../../core/json.js";
import { utcOffsetMs } from "../../core/wall-clock.js";
import type { Weekday } from "../../manifest/model.js";
import { DAY_BITS, type ScanTime } from "./api.js";

export const daysMask = (days: readonly Weekday[]): number => days.reduce((mask, d) => mask | (1 << DAY_BITS[d]), 0);

/** "HH:MM" (or "HH:MM:SS") → ScanTime; undefined when malformed. */
export function scanTime(text: string): ScanTime | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const time = { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0) };
  return time.hour <= 23 && time.minute <= 59 && time.second <= 59 ? time : undefined;
}

/**
 * Epoch ms of `date` ("YYYY-MM-DD") at `time` on the wall clock of `timeZone`. A time that a DST
 * change skips is taken at the offset in force before the change, as most schedulers do, and a
 * time it repeats at its first occurrence.
 */
export function zonedEpochMs(date: string, time: ScanTime, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), time.hour, time.minute, time.second);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== Number(m[3]) || check.getUTCMonth() !== Number(m[2]) - 1) return undefined;
  // The offsets in force a day and a half either side: the instant is up to 14 hours from the
  // wall time read as UTC (UTC+14), and a DST change between them makes it skipped (neither reads
  // back) or repeated (both do). No zone changes twice within three days.
  const before = utcOffsetMs(timeZone, asUtc - WINDOW_MS);
  const after = utcOffsetMs(timeZone, asUtc + WINDOW_MS);
  if (before === undefined || after === undefined) return undefined;
  const readsBack = (t: number): boolean => utcOffsetMs(timeZone, t) === asUtc - t;
  const candidates = [asUtc - before, asUtc - after].filter(readsBack);
  // Repeated: the first occurrence. Skipped: the offset before the change, so 02:30 on a night that
  // jumps from 02:00 to 03:00 is 03:30 after it, east or west of UTC.
  return candidates.length > 0 ? Math.min(...candidates) : asUtc - before;
}

const WINDOW_MS = 36 * 3_600_000;

/**
 * Decision (docs/vendors/cortex.md): a ONCE schedule whose start (`start` at `at` in `timezone`)
 * is already past is sent as written, with a warning in the plan: Cortex does not document what
 * it does with one, and the definition is still useful for `launch:` runs. Pure: `now` is injected.
 */
export function pastOneOff(spec: JsonObject, now: Date): string[] {
  const schedule = spec["schedule"];
  if (schedule === null || typeof schedule !== "object" || Array.isArray(schedule)) return [];
  const { cadence, start, at, timezone } = schedule as JsonObject;
  if (cadence !== "ONCE" || typeof start !== "string" || typeof at !== "string" || typeof timezone !== "string") return [];
  const time = scanTime(at);
  const startsAt = time === undefined ? undefined : zonedEpochMs(start, time, timezone);
  if (startsAt === undefined || startsAt > now.getTime()) return [];
  return [
    `its ONCE schedule starts on ${start} at ${at} (${timezone}), which is already past, so Cortex may never run it on that schedule. Move \`schedule.start\` to a day to come, or run it with \`launch:\`.`,
  ];
}
